"""No practice quiz of the real course shows a positioning or final-evaluation item (issue 18).

Every ``edukit-quiz`` block of every lesson is drawn as the site draws it (the Quiz widget with
the block's keys); a practice draw (purpose ``entrainement``, or none in practice mode) holds
no item tagged ``positionnement`` or ``evaluation-finale``. The notebooks' quizzes are checked
by tests/notebooks/test_learner_notebooks.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from edukit.quiz import EVALUATION_TAGS, Bank, Item, Option, SingleItem, Source
from edukit.widgets import Quiz

pytestmark = pytest.mark.widget

REPO = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"^```edukit-quiz\n(.*?)^```", re.M | re.S)


def course_blocks() -> list[tuple[str, dict[str, Any]]]:
    blocks = []
    for page in sorted((REPO / "courses").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            blocks.append((f"{page.relative_to(REPO)}:{line}", yaml.safe_load(match.group(1))))
    return blocks


BLOCKS = course_blocks()


def test_the_course_has_quiz_blocks() -> None:
    assert len(BLOCKS) >= 10


@pytest.mark.parametrize(("where", "block"), BLOCKS, ids=[where for where, _ in BLOCKS])
def test_practice_blocks_draw_no_test_item(
    where: str, block: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    options = dict(block.get("draw") or {})
    source = {"banks": block["banks"]} if "banks" in block else {"bank": block["bank"]}
    quiz = Quiz(
        **source,
        **options,
        mode=block.get("mode", "practice"),
        purpose=block.get("purpose"),
        title=block.get("title", ""),
    )
    assert quiz.error == "", f"{where}: {quiz.error}"
    assert quiz.drawn, where
    tagged = [item.id for item in quiz.drawn if EVALUATION_TAGS & set(item.tags)]
    if quiz.purpose in ("positionnement", "evaluation-finale"):
        assert len(tagged) == len(quiz.drawn), f"{where}: a test draws untagged items"
    else:
        assert tagged == [], f"{where}: practice shows test items {tagged}"


def _item(item_id: str, tags: list[str]) -> Item:
    return SingleItem(
        id=item_id,
        prompt="Quelle réponse ?",
        objectives=["l01-o1"],
        tags=tags,
        options=[Option(id="a", text="Oui", correct=True), Option(id="b", text="Non")],
        source=Source(title="Essai", date="2025"),
    )


BANK = Bank(
    id="essai",
    title="Essai",
    items=[
        _item("pratique-1", []),
        _item("pratique-2", ["entrainement"]),
        _item("test-debut", ["positionnement"]),
        _item("test-fin", ["evaluation-finale"]),
    ],
)


def test_practice_quiz_leaves_test_items_out() -> None:
    quiz = Quiz(BANK, seed=1)
    assert sorted(item.id for item in quiz.drawn) == ["pratique-1", "pratique-2"]


def test_practice_quiz_asking_for_test_items_says_why_in_french() -> None:
    quiz = Quiz(BANK, tags=["evaluation-finale"], seed=1)
    assert quiz.drawn == []
    assert quiz.error.startswith("un quiz d'entraînement ne peut pas tirer les questions")
    assert "« evaluation-finale »" in quiz.error


def test_evaluation_quiz_keeps_its_test_items() -> None:
    quiz = Quiz(BANK, tags=["positionnement"], mode="evaluation", purpose="positionnement", seed=1)
    assert [item.id for item in quiz.drawn] == ["test-debut"]
