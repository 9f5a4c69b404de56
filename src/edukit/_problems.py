"""Problems found in author files, reported as ``path:line: what is wrong — how to fix it``.

The course, quiz and progress loaders all report through :class:`Problem`, so the CLI and
the MkDocs plugin print the same messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

__all__ = ["Problem", "ProblemError", "Severity", "format_problems"]


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
            text = f"{text} (warning)"
        return text

    def relative_to(self, root: Path) -> Problem:
        """The same problem with its path shown relative to ``root`` when it lies inside it."""
        path = Path(self.path)
        try:
            path = path.resolve().relative_to(root.resolve())
        except ValueError:
            return self
        return Problem(path, self.line, self.message, self.hint, self.severity)


class ProblemError(Exception):
    """Raised when a file cannot be used at all; carries the problems that explain why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: Iterable[Problem]) -> str:
    """One problem a line, errors first, then in file and line order."""

    def key(problem: Problem) -> tuple[int, str, int]:
        return (problem.severity is Severity.WARNING, str(problem.path), problem.line or 0)

    return "\n".join(str(problem) for problem in sorted(problems, key=key))
