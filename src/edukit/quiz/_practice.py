"""``edukit check``: no lesson block or notebook asks a practice quiz for test items.

A practice quiz (purpose ``entrainement``, or no purpose in practice mode) shows each answer
and its feedback, so it must never show an item of the positioning test or the final
evaluation. The draw leaves them out (:func:`edukit.quiz.practice_bank`); a block or a notebook
that asks for them by tag would show the learner an error instead of a quiz, so the author
learns it here, with the file and the line.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import yaml

from edukit._problems import Problem
from edukit.quiz._draw import EVALUATION_TAGS

__all__ = ["PRACTICE_SHOWS_TEST", "practice_problems"]

PRACTICE_SHOWS_TEST: Final = (
    "ce quiz d'entraînement demande les questions étiquetées {tags}, réservées au test de "
    "positionnement et à l'évaluation finale : l'entraînement montrerait leurs réponses"
)
PRACTICE_SHOWS_TEST_FIX: Final = (
    "retirez {tags} des étiquettes du tirage, ou donnez au quiz le but (purpose) "
    "« positionnement » ou « evaluation-finale »"
)
_FENCE = re.compile(r"^```edukit-quiz[ \t]*\n(.*?)^```", re.M | re.S)


def _is_practice(purpose: Any, mode: Any) -> bool:
    return purpose == "entrainement" or (purpose is None and mode in (None, "practice"))


def _problem(path: Path, line: int, tags: Iterable[Any]) -> Problem | None:
    asked = sorted(EVALUATION_TAGS.intersection(t for t in tags if isinstance(t, str)))
    if not asked:
        return None
    listed = " et ".join(f"« {tag} »" for tag in asked)
    return Problem(
        path,
        line,
        PRACTICE_SHOWS_TEST.format(tags=listed),
        PRACTICE_SHOWS_TEST_FIX.format(tags=listed),
    )


def _block_problems(page: Path) -> list[Problem]:
    text = page.read_text(encoding="utf-8")
    problems = []
    for match in _FENCE.finditer(text):
        try:
            block = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            continue  # the lesson checks report an unreadable block
        if not isinstance(block, dict) or not _is_practice(block.get("purpose"), block.get("mode")):
            continue
        draw = block.get("draw")
        tags = draw.get("tags") if isinstance(draw, dict) else None
        if isinstance(tags, list):
            problem = _problem(page, text.count("\n", 0, match.start()) + 1, tags)
            if problem is not None:
                problems.append(problem)
    return problems


def _literal(node: ast.expr | None) -> Any:
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def _notebook_problems(source: Path) -> list[Problem]:
    try:
        tree = ast.parse(source.read_text(encoding="utf-8"))
    except SyntaxError:
        return []  # the notebook build reports it
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        if name != "Quiz":
            continue
        keywords = {keyword.arg: keyword.value for keyword in node.keywords if keyword.arg}
        if not _is_practice(_literal(keywords.get("purpose")), _literal(keywords.get("mode"))):
            continue
        tags = _literal(keywords.get("tags"))
        if isinstance(tags, list | tuple | set):
            problem = _problem(source, node.lineno, tags)
            if problem is not None:
                problems.append(problem)
    return problems


def practice_problems(root: Path) -> list[Problem]:
    """An error for each practice quiz of the lessons (``courses/**/*.md`` blocks) and the
    notebooks (``notebooks/*.py``) that asks for positioning or final-evaluation items.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     page = Path(tmp) / "courses" / "l01.md"
    ...     page.parent.mkdir()
    ...     _ = page.write_text("```edukit-quiz\\nbank: b\\ndraw: {tags: [positionnement]}\\n```\\n")
    ...     [(p.line, p.message[:36]) for p in practice_problems(Path(tmp))]
    [(1, "ce quiz d'entraînement demande les q")]
    """
    root = Path(root)
    problems = []
    courses = root / "courses"
    if courses.is_dir():
        for page in sorted(courses.rglob("*.md")):
            problems.extend(_block_problems(page))
    notebooks = root / "notebooks"
    if notebooks.is_dir():
        for source in sorted(notebooks.glob("*.py")):
            problems.extend(_notebook_problems(source))
    return problems
