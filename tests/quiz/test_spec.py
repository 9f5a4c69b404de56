"""The quiz spec: every rule of a quiz's options in one place, each mistake one issue at its key;
the draw made once; the page state built from the spec and the draw."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from edukit.quiz import (
    Bank,
    DrawSpec,
    QuizDrawError,
    QuizSpec,
    QuizSpecError,
    Source,
    TrueFalseItem,
    draw_quiz,
    quiz_state,
    repository_bank,
    spec_issues,
    spec_problems,
)


def _item(item_id: str, objective: str = "l01-o1", tags: tuple[str, ...] = ()) -> TrueFalseItem:
    return TrueFalseItem(
        id=item_id,
        prompt="Vrai ?",
        objectives=[objective],
        tags=list(tags),
        answer=True,
        source=Source(title="Source", date="2024"),
    )


BANK = Bank(
    id="essai",
    title="Essai",
    items=[
        _item("a"),
        _item("b", "l02-o1"),
        _item("c", "l02-o1"),
        _item("t", "l02-o1", ("evaluation-finale",)),
    ],
)


def _issues(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        QuizSpec.model_validate(data)
    return [(i.key, i.message) for i in spec_issues(caught.value) if i is not None]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"bank": "b", "count": 3}, [(("count",), "the key 'count' is unknown in an edukit-quiz block")]),
        ({"bank": "b", "draw": {"cout": 3}}, [(("draw", "cout"), "the draw key 'cout' is unknown")]),
        ({"title": "x"}, [(("bank",), "the edukit-quiz block has no 'bank'")]),
        ({"bank": "b", "banks": "all"}, [(("banks",), "the block has both 'bank' and 'banks'")]),
        ({"banks": []}, [(("banks",), "'banks' must be a list of bank folders or 'all'")]),
        ({"bank": "b", "mode": "exam"}, [(("mode",), "the mode 'exam' is unknown")]),
        ({"bank": "b", "purpose": "examen"}, [(("purpose",), "the purpose 'examen' is unknown")]),
        ({"bank": "b", "attempts": True}, [(("attempts",), "attempts must be a whole number ≥ 1, not True")]),
        ({"bank": "b", "draw": {"count": 2, "per_objective": 1}}, [(("draw", "per_objective"), "'draw' has both count and per_objective")]),
        ({"bank": "b", "draw": {"difficulty": [1, 4]}}, [(("draw", "difficulty"), "'draw: difficulty' must be 1, 2, 3 or a list of them")]),
        ({"bank": "b", "draw": {"tags": "licences"}}, [(("draw", "tags"), "'draw: tags' must be a list of ids")]),
        ({"bank": "b", "draw": {"seed": 1.5}}, [(("draw", "seed"), "'draw: seed' must be a number or a word, not 1.5")]),
        ({"bank": "b", "draw": 3}, [(("draw",), "'draw' must hold keys")]),
        ({"bank": "b", "lesson": "L 01"}, [(("lesson",), "lesson must be a lesson id such as l09-provenance, not 'L 01'")]),
        (
            {"bank": "b", "mode": "exam", "attempts": 0},
            [
                (("mode",), "the mode 'exam' is unknown"),
                (("attempts",), "attempts must be a whole number ≥ 1, not 0"),
            ],
        ),
    ],
)  # fmt: skip
def test_each_mistake_is_one_issue_at_its_key(
    data: dict[str, Any], expected: list[tuple[tuple[str, ...], str]]
) -> None:
    assert [(key, message.split(", not")[0]) for key, message in _issues(data)] == [
        (key, message.split(", not")[0]) for key, message in expected
    ]
    assert all(
        message in str(issue) for (_, message), issue in zip(expected, _issues(data), strict=True)
    )


def test_issues_become_path_line_problems() -> None:
    lines: dict[tuple[str | int, ...], int] = {("mode",): 12, ("draw",): 13, ("draw", "cout"): 14}

    def line_of(loc: tuple[str | int, ...]) -> tuple[Path, int]:
        return Path("courses/m1/l01.md"), lines.get(loc, 10)

    with pytest.raises(ValidationError) as caught:
        QuizSpec.model_validate({"bank": "b", "mode": "exam", "draw": {"cout": 1}})
    shown = [str(problem) for problem in spec_problems(caught.value, line_of)]
    assert shown == [  # French first for the author, the English wording after it
        "courses/m1/l01.md:14: la clé « cout » est inconnue dans « draw » ; clés connues : count, "
        "per_objective, tags, objectives, difficulty, seed (the draw key 'cout' is unknown — use "
        "count, per_objective, tags, objectives, difficulty, seed)",
        "courses/m1/l01.md:12: le mode « exam » est inconnu : écrivez 'practice' ou 'evaluation' "
        "(the mode 'exam' is unknown — mode must be 'practice' or 'evaluation')",
    ]


def test_defaults_follow_the_mode() -> None:
    practice, evaluation = QuizSpec(bank="b"), QuizSpec(bank="b", mode="evaluation")
    assert (practice.attempt_limit, practice.saved_purpose) == (0, "entrainement")
    assert (evaluation.attempt_limit, evaluation.saved_purpose) == (1, "")
    assert QuizSpec(bank="b", attempts=3, purpose="positionnement").attempt_limit == 3
    assert DrawSpec(tags={"b", "a"}, difficulty=(1, 2)).model_dump()["tags"] == ["a", "b"]


def test_the_draw_is_made_once_and_leaves_test_items_out_of_practice() -> None:
    spec = QuizSpec(bank=BANK, draw={"per_objective": 1, "seed": 3})
    drawn = draw_quiz(spec, BANK)
    assert sorted(item.id for item in drawn.items) in (["a", "b"], ["a", "c"])
    state = quiz_state(spec, drawn)
    assert state["key"].startswith("quiz:essai:") and state["title"] == "Essai"
    assert [entry["id"] for entry in state["payload"]["items"]] == [i.id for i in drawn.items]
    assert quiz_state(spec, draw_quiz(spec, BANK)) == state  # reproducible


@pytest.mark.parametrize(
    ("draw", "key", "detail", "note"),
    [
        (
            {"count": 9},
            ("draw",),
            "only 3 item(s) of bank 'essai' match, but 9 were asked",
            "le tirage demande 9 question(s), mais seules 3 question(s)",
        ),
        (
            {"objectives": ["l09"]},
            ("draw", "objectives"),
            "the objective selector(s) 'l09' match no objective",
            "aucun objectif des questions ne correspond à « l09 »",
        ),
        (
            {"tags": ["evaluation-finale"]},
            ("draw",),
            "un quiz d'entraînement ne peut pas tirer les questions",
            "un quiz d'entraînement ne peut pas tirer les questions",
        ),
        (
            {"difficulty": 3},
            ("draw",),
            "aucune question de la banque « essai » ne correspond aux filtres (difficulté 3).",
            "aucune question de la banque « essai » ne correspond aux filtres (difficulté 3).",
        ),
    ],
)
def test_a_draw_the_bank_cannot_give_says_why_twice(
    draw: dict[str, Any], key: tuple[str, ...], detail: str, note: str
) -> None:
    with pytest.raises(QuizDrawError) as caught:
        draw_quiz(QuizSpec(bank=BANK, draw=draw), BANK)
    assert caught.value.issue.key == key
    assert detail in str(caught.value) and caught.value.note.startswith(note)


def test_repository_banks_stay_in_the_repository(tmp_path: Path) -> None:
    with pytest.raises(QuizSpecError) as caught:
        repository_bank(QuizSpec(banks=["exercises/a", "exercises/b"]), tmp_path)
    [issue] = caught.value.issues
    assert issue.key == ("banks", 0) and issue.message == "the bank 'exercises/a' does not exist"
    with pytest.raises(QuizSpecError) as outside:
        repository_bank(QuizSpec(bank="../dehors"), tmp_path)
    assert outside.value.issues[0].message == "the bank '../dehors' is outside the repository"
