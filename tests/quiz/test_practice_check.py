"""``edukit check`` errors when a lesson block or a notebook asks a practice quiz for the items
of the positioning test or the final evaluation (issue 18)."""

from __future__ import annotations

from pathlib import Path

from edukit._problems import Severity
from edukit.quiz import assessment_problems
from edukit.quiz._practice import PRACTICE_SHOWS_TEST, practice_problems

REPO = Path(__file__).resolve().parents[2]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_real_course_asks_no_practice_quiz_for_test_items() -> None:
    assert practice_problems(REPO) == []


def test_practice_block_and_notebook_asking_for_test_items_are_errors(tmp_path: Path) -> None:
    write(
        tmp_path / "courses" / "m1" / "l01.md",
        "# Leçon\n\n```edukit-quiz\nbank: exercises/b\ndraw: {tags: [evaluation-finale]}\n```\n\n"
        "```edukit-quiz\nbanks: all\ndraw: {tags: [positionnement]}\nmode: evaluation\n"
        "purpose: positionnement\n```\n\n"
        "```edukit-quiz\nbank: exercises/b\ndraw: {tags: [positionnement]}\nmode: evaluation\n```\n",
    )
    write(
        tmp_path / "notebooks" / "essai.py",
        "# %%\nfrom edukit.widgets import Quiz\n\n"
        'Quiz("exercises/b", tags=["positionnement", "licences"], count=2)\n'
        'Quiz(banks="all", tags=["evaluation-finale"], mode="evaluation", '
        'purpose="evaluation-finale")\n',
    )
    problems = practice_problems(tmp_path)
    assert [(Path(p.path).name, p.line, p.severity) for p in problems] == [
        ("l01.md", 3, Severity.ERROR),
        ("essai.py", 4, Severity.ERROR),
    ]
    assert problems[0].message == PRACTICE_SHOWS_TEST.format(tags="« evaluation-finale »")
    assert "« positionnement »" in problems[1].message
    assert "purpose" in problems[1].hint
    # edukit check reports them through the assessment checks, paths from the root
    reported = assessment_problems([], {}, root=tmp_path)
    practice = [str(p.path) for p in reported if p.message.startswith("ce quiz d'entraînement")]
    assert practice == ["courses/m1/l01.md", "notebooks/essai.py"]
