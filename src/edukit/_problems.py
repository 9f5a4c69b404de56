"""Problems found in author files, reported as ``path:line: what is wrong — how to fix it``.

The course, quiz and progress loaders all report through :class:`Problem`, so the CLI and
the MkDocs plugin print the same messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

__all__ = [
    "Problem",
    "ProblemError",
    "Severity",
    "SortedProblems",
    "format_github",
    "format_problems",
    "only_errors",
    "only_warnings",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in one file.

    Examples
    --------
    >>> str(Problem(Path("courses/m1/l01.md"), 3, "the key 'titel' is unknown", "did you mean 'title'?"))
    "courses/m1/l01.md:3: the key 'titel' is unknown — did you mean 'title'?"
    """

    path: Path | str
    line: int | None
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        path = Path(self.path).as_posix()
        return f"{path}:{self.line}" if self.line else path

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        if self.severity is Severity.WARNING:
            text = f"{text} (avertissement)"
        return text

    def relative_to(self, root: Path) -> Problem:
        """The same problem with its path shown relative to ``root`` when it lies inside it."""
        path = Path(self.path)
        try:
            path = path.resolve().relative_to(root.resolve())
        except ValueError:
            return self
        return Problem(path, self.line, self.message, self.hint, self.severity)


def only_errors(problems: Iterable[Problem]) -> list[Problem]:
    """The errors among ``problems``, in their order."""
    return [p for p in problems if p.severity is Severity.ERROR]


def only_warnings(problems: Iterable[Problem]) -> list[Problem]:
    """The warnings among ``problems``, in their order."""
    return [p for p in problems if p.severity is Severity.WARNING]


class SortedProblems:
    """Adds ``errors`` and ``warnings`` to a class that holds ``problems``."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return only_errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return only_warnings(self.problems)


class ProblemError(Exception):
    """Raised when a file cannot be used at all; carries the problems that explain why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(format_problems(self.problems))


def _order(problem: Problem) -> tuple[int, str, int]:
    return (problem.severity is Severity.WARNING, str(problem.path), problem.line or 0)


def format_problems(problems: Iterable[Problem]) -> str:
    """One problem a line, errors first, then in file and line order."""
    return "\n".join(str(problem) for problem in sorted(problems, key=_order))


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands, one a line, that annotate the files of a pull request.

    Paths should be relative to the repository root. Values are escaped as the Actions runner
    expects: ``%``, CR and LF in the message; also ``:`` and ``,`` in properties.

    Examples
    --------
    >>> print(format_github([Problem("m1/l01.md", 3, "clé inconnue", "lisez: a, b")]))
    ::error file=m1/l01.md,line=3,title=m1/l01.md%3A3::clé inconnue — lisez: a, b
    >>> print(format_github([Problem("a,b.yml", None, "100 %", severity=Severity.WARNING)]))
    ::warning file=a%2Cb.yml,title=a%2Cb.yml::100 %25
    """
    lines = []
    for problem in sorted(problems, key=_order):
        path = Path(problem.path).as_posix()
        properties = [f"file={_escape_property(path)}"]
        if problem.line:
            properties.append(f"line={problem.line}")
        properties.append(f"title={_escape_property(problem.location)}")
        message = problem.message + (f" — {problem.hint}" if problem.hint else "")
        lines.append(f"::{problem.severity.value} {','.join(properties)}::{_escape_data(message)}")
    return "\n".join(lines)
