"""Printable handouts: ``exercises/imprimables/*.md``, a learner part and a trainer's key.

A handout's front matter gives ``title`` and ``lecon`` (the lesson that hands it out); its body is
the learner part, a line ``<!-- corrige -->``, then the key. ``edukit print`` renders them;
``edukit check`` reports a broken one with its ``file:line``. Handouts are not exercises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from edukit._problems import Problem, ProblemError
from edukit.course._facts import FactBook, load_facts

__all__ = ["HANDOUTS_FOLDER", "KEY_MARK", "Handout", "handout_problems", "load_handouts"]

HANDOUTS_FOLDER: Final = Path("exercises") / "imprimables"
KEY_MARK: Final = "<!-- corrige -->"


@dataclass(frozen=True)
class Handout:
    """A printable handout: its learner part and its key (Markdown)."""

    path: Path
    name: str
    title: str
    lesson: str
    learner: str
    key: str


def load_handouts(root: Path) -> list[Handout]:
    """The handouts of ``root/exercises/imprimables``, by file name.

    Raises
    ------
    ProblemError
        With one French ``file:line`` problem per broken handout (no front matter, no title,
        no lesson, no ``<!-- corrige -->`` line, an empty learner part).
    """
    handouts, problems = _scan(root)
    if problems:
        raise ProblemError(problems)
    return handouts


def _scan(root: Path) -> tuple[list[Handout], list[Problem]]:
    """The handouts that read well, and one problem per handout that does not."""
    from edukit._yaml import split_front_matter

    folder = root / HANDOUTS_FOLDER
    facts, _ = load_facts(root)  # the facts file's own problems are reported by the course check
    handouts: list[Handout] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name.lower() in ("readme.md", "lisezmoi.md") or path.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            problems.append(
                Problem(
                    path,
                    1,
                    "l'imprimable n'a pas d'en-tête YAML",
                    "commencez le fichier par ---, title: « … », lecon: lNN-…, puis ---",
                )
            )
            continue
        try:
            front = split_front_matter(text, path)
        except ProblemError as error:
            problems.extend(error.problems)
            continue
        data = front.document.data if isinstance(front.document.data, dict) else {}
        missing = [key for key in ("title", "lecon") if not str(data.get(key) or "").strip()]
        if missing:
            problems.append(
                Problem(
                    path,
                    1,
                    f"l'en-tête de l'imprimable n'a pas de « {missing[0]} »",
                    "ajoutez title: « titre de la feuille » et lecon: l'identifiant de la leçon",
                )
            )
            continue
        body = _resolve_facts(facts, front.body, path, front.body_line, problems)
        parts = re.split(r"^[ \t]*<!--\s*corrige\s*-->[ \t]*$", body, maxsplit=1, flags=re.M)
        if len(parts) != 2:
            problems.append(
                Problem(
                    path,
                    front.body_line,
                    f"l'imprimable n'a pas de ligne {KEY_MARK}",
                    f"ajoutez une ligne {KEY_MARK} entre la partie des apprenants et le corrigé",
                )
            )
            continue
        learner, key = parts[0].strip(), parts[1].strip()
        if not learner:
            problems.append(
                Problem(
                    path,
                    front.body_line,
                    "la partie des apprenants est vide",
                    f"écrivez la consigne et la feuille avant la ligne {KEY_MARK}",
                )
            )
            continue
        handouts.append(
            Handout(path, path.stem, str(data["title"]).strip(), str(data["lecon"]), learner, key)
        )
    return handouts, problems


def _resolve_facts(
    facts: FactBook, body: str, path: Path, first_line: int, problems: list[Problem]
) -> str:
    """``body`` with its ``[[fait:…]]`` placeholders replaced, as on the site; a wrong one is a
    problem at its line."""

    def report(message: str, hint: str, offset: int) -> None:
        problems.append(Problem(path, first_line + body.count("\n", 0, offset), message, hint))

    return facts.resolve(body, markdown=True, on_problem=report)


def handout_problems(root: Path, lessons: set[str] | None = None) -> list[Problem]:
    """Every problem of the handouts under ``root``; with ``lessons``, also a ``lecon`` that names
    no lesson of the course. Never raises for an author's mistake."""
    try:
        handouts, problems = _scan(root)
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(root / HANDOUTS_FOLDER, None, f"imprimables illisibles ({error})")]
    if lessons is None:
        return problems
    return problems + [
        Problem(
            handout.path,
            1,
            f"la leçon « {handout.lesson} » n'existe pas dans le cours",
            "écrivez dans « lecon » l'identifiant d'une leçon de courses/course.yml",
        )
        for handout in handouts
        if handout.lesson not in lessons
    ]
