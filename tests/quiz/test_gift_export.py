"""GIFT export, read back by a third-party parser (gift-pegjs, the PEG grammar of GIFT)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from edukit.quiz import (
    Bank,
    MatchingItem,
    MultipleItem,
    NumericItem,
    Option,
    OrderingItem,
    ShortItem,
    SingleItem,
    Source,
    TrueFalseItem,
    load_bank,
    to_gift,
)
from edukit.quiz._course_draw import bank_folders
from edukit.quiz._exporting import moodle_tags
from edukit.quiz._gift import gift_escape, gift_tag, gift_token

REPO = Path(__file__).parents[2]


def _moodle_gift() -> Any:
    """tests/fixtures/scorm/moodle_gift.py: the port of Moodle's GIFT id and tag reading."""
    path = REPO / "tests" / "fixtures" / "scorm" / "moodle_gift.py"
    spec = importlib.util.spec_from_file_location("moodle_gift", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("moodle_gift", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


moodle = _moodle_gift()
PARSE = (
    "const p = require('gift-pegjs'); let s = ''; process.stdin.on('data', d => s += d);"
    "process.stdin.on('end', () => process.stdout.write(JSON.stringify(p.parse(s))));"
)


def node_env() -> dict[str, str]:
    paths = [str(REPO / "node_modules"), *filter(None, [os.environ.get("NODE_PATH")])]
    return {**os.environ, "NODE_PATH": os.pathsep.join(paths)}


def gift_pegjs_available() -> bool:
    if shutil.which("node") is None:
        return False
    found = subprocess.run(
        ["node", "-e", "require.resolve('gift-pegjs')"], env=node_env(), capture_output=True
    )
    return found.returncode == 0


needs_parser = pytest.mark.skipif(
    not gift_pegjs_available(),
    reason="gift-pegjs (npm devDependency) is not installed: run `npm ci`",
)


def parse(text: str) -> list[dict[str, Any]]:
    result = subprocess.run(
        ["node", "-e", PARSE],
        input=text,
        env=node_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    parsed: list[dict[str, Any]] = json.loads(result.stdout)
    return parsed


def test_escape_every_special_character() -> None:
    assert gift_escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert gift_escape("ligne 1\nligne 2\r\nligne 3") == "ligne 1\\nligne 2\\nligne 3"
    assert gift_escape("a -> b") == "a → b"


def test_export_has_category_names_and_blank_line_separated_questions(bank: Bank) -> None:
    text = to_gift(bank)
    assert "$CATEGORY: top/Tous les types : provenance\n\n" in text
    for item in bank.items:
        assert f"\n::{item.id}::[markdown]" in text
    assert text.count("\n\n") == len(bank.items) + 1


@needs_parser
def test_parser_reads_back_every_question_answer_and_feedback(bank: Bank) -> None:
    parsed = parse(to_gift(bank, seed=3))
    assert parsed[0] == {"type": "Category", "title": "top/Tous les types : provenance"}
    questions = {question["title"]: question for question in parsed[1:]}
    assert list(questions) == [item.id for item in bank.items]
    for item in bank.items:
        question = questions[item.id]
        general = question["globalFeedback"]["text"]
        assert item.source.date in general and item.source.title in general
        assert item.explanation in general
        assert question["stem"]["format"] == "markdown"
        if not isinstance(item, NumericItem | OrderingItem):
            assert question["stem"]["text"] == item.prompt
        check_answers(item, question)


def check_answers(item: Any, question: dict[str, Any]) -> None:
    if isinstance(item, SingleItem):
        assert question["type"] == "MC"
        assert [
            (c["isCorrect"], c["text"]["text"], c["feedback"]["text"]) for c in question["choices"]
        ] == [(o.correct, o.text, o.feedback) for o in item.options]
    elif isinstance(item, MultipleItem):
        assert question["type"] == "MC"
        right = sum(option.correct for option in item.options)
        assert [c["weight"] for c in question["choices"]] == [
            pytest.approx(100 / right if o.correct else -100 / right) for o in item.options
        ]
        assert sum(c["weight"] for c in question["choices"] if c["weight"] > 0) == pytest.approx(
            100
        )
        assert [c["feedback"]["text"] for c in question["choices"]] == [
            o.feedback for o in item.options
        ]
    elif isinstance(item, TrueFalseItem):
        assert question["type"] == "TF" and question["isTrue"] is item.answer
        # GIFT gives the feedback for a wrong answer first, then for a right one.
        wrong, right = ("false", "true") if item.answer else ("true", "false")
        first, second = question["trueFeedback"]["text"], question["falseFeedback"]["text"]
        assert (first, second) == (item.option_feedback[wrong], item.option_feedback[right])
    elif isinstance(item, ShortItem):
        assert question["type"] == "Short"
        assert [c["text"]["text"] for c in question["choices"]] == item.answers
        assert all(c["isCorrect"] for c in question["choices"])
        assert {c["feedback"]["text"] for c in question["choices"]} == {item.feedback.correct}
    elif isinstance(item, NumericItem):
        assert question["type"] == "Numerical"
        assert question["stem"]["text"] == f"{item.prompt} (unité : {item.unit})"
        (choice,) = question["choices"]
        assert choice["text"] == {"type": "range", "number": item.answer, "range": item.tolerance}
        assert choice["feedback"]["text"] == item.feedback.correct
    elif isinstance(item, MatchingItem):
        assert question["type"] == "Matching"
        assert [(p["subquestion"]["text"], p["subanswer"]) for p in question["matchPairs"]] == [
            (pair.left, pair.right) for pair in item.pairs
        ]
    else:
        assert isinstance(item, OrderingItem)
        assert question["type"] == "Matching"
        assert question["stem"]["text"].startswith(item.prompt + " (donnez à chaque étape")
        pairs = [(p["subquestion"]["text"], p["subanswer"]) for p in question["matchPairs"]]
        assert sorted(pairs, key=lambda pair: int(pair[1])) == [
            (step, str(position)) for position, step in enumerate(item.sequence, 1)
        ]
        assert [step for step, _ in pairs] != item.sequence  # listed in a non-answer order


NASTY = "Clé : {x} = ~y #1 \\ chemin C:\\dossier\nsur deux lignes -> fin"


@needs_parser
def test_special_characters_survive_the_round_trip() -> None:
    source = Source(title="Titre : {a}", publisher="Éditeur #1", date="2024-05")
    items = [
        SingleItem(
            id="nasty-single",
            prompt=NASTY,
            objectives=["o"],
            explanation=NASTY,
            source=source,
            options=[
                Option(id="a", text=NASTY, correct=True, feedback=NASTY),
                Option(id="b", text="= ~ # : { }", feedback="~ = # : { }"),
            ],
        ),
        ShortItem(
            id="nasty-short",
            prompt="Réponse ?",
            objectives=["o"],
            source=source,
            answers=["a = b : c"],
        ),
        NumericItem(
            id="nasty-numeric",
            prompt="Température ?",
            objectives=["o"],
            source=source,
            answer=-3.25,
            tolerance=0.0001,
        ),
    ]
    bank = Bank(id="nasty", title="Bank / with : colon", items=items)
    parsed = parse(to_gift(bank))
    assert parsed[0]["title"] == "top/Bank - with : colon"
    single, short, numeric = parsed[1:]
    expected = NASTY.replace("->", "→")
    assert single["stem"]["text"] == expected
    assert single["choices"][0]["text"]["text"] == expected
    assert single["choices"][0]["feedback"]["text"] == expected
    assert single["choices"][1]["text"]["text"] == "= ~ # : { }"
    assert single["choices"][1]["feedback"]["text"] == "~ = # : { }"
    assert single["globalFeedback"]["text"].startswith(expected + "\n\nSource : Titre : {a}")
    assert short["type"] == "Short"
    assert short["choices"][0]["text"]["text"] == "a = b : c"
    assert numeric["choices"][0]["text"] == {"type": "range", "number": -3.25, "range": 0.0001}


@needs_parser
def test_a_draw_exports_only_the_drawn_items(bank: Bank) -> None:
    chosen = [bank.item("nom-licence"), bank.item("licence-cc-by")]
    parsed = parse(to_gift(bank, chosen))
    assert [question["title"] for question in parsed[1:]] == ["nom-licence", "licence-cc-by"]


# -- ids and tags as Moodle's GIFT importer reads them ------------------------------------------


def check_moodle_reads_ids_and_tags(text: str, items: list[Any]) -> None:
    """Every question of ``text`` has, for Moodle, the item's name, id number and tags."""
    read = moodle.read_questions(text)
    categories = [question for question in read if question.category is not None]
    questions = [question for question in read if question.category is None]
    assert len(categories) == 1
    assert [question.name for question in questions] == [item.id for item in items]
    for item, question in zip(items, questions, strict=True):
        assert question.idnumber == item.id, question.comments
        assert len(question.idnumber) <= moodle.IDNUMBER_MAX_LENGTH
        expected = moodle_tags(item)
        assert question.tags == expected, question.comments
        assert [moodle.clean_tag(tag) for tag in question.tags] == expected
        assert f"difficulty:{item.difficulty}" in question.tags
        assert all(f"objective:{objective}" in question.tags for objective in item.objectives)


def test_moodle_reads_every_id_and_tag_of_the_fixture_bank(bank: Bank) -> None:
    check_moodle_reads_ids_and_tags(to_gift(bank, seed=2), bank.items)


def test_moodle_reads_every_id_and_tag_of_every_course_bank() -> None:
    folders = bank_folders(REPO / "exercises")
    assert folders, "the course has no bank"
    total = 0
    purposes: set[str] = set()
    for folder in folders:
        loaded, problems = load_bank(folder)
        assert loaded is not None, problems
        check_moodle_reads_ids_and_tags(to_gift(loaded), loaded.items)
        total += len(loaded.items)
        purposes |= {tag for item in loaded.items for tag in item.tags} & {
            "positionnement",
            "evaluation-finale",
        }
    assert total > 100
    assert purposes == {"positionnement", "evaluation-finale"}


def test_the_comment_sits_in_the_question_block_before_its_name(bank: Bank) -> None:
    text = to_gift(bank)
    for block in text.split("\n\n")[2:]:
        first, second, third = block.split("\n")[:3]
        assert first.startswith("// [id:") and second.startswith("// ")
        assert third.startswith("::")


def test_tokens_escape_what_would_end_or_break_them() -> None:
    assert gift_token("a]b") == "a\\]b"
    assert gift_token("  un\tdeux\ntrois  ") == "un deux trois"
    assert gift_token("fin\\") == "fin"
    assert gift_tag("<b>`x`</b>") == "bx/b"
    nasty_id, nasty_tag = "id ]x[ <z>", "tag ] <y> `q` é"
    comment = f"// [id:{gift_token(nasty_id)}] [tag:{gift_tag(nasty_tag)}] [tag:ok]"
    assert moodle.extract_idnumber_and_tags(comment) == ("id ]x[ <z>", ["tag ] y q é", "ok"])
    assert moodle.clean_tag("tag ] y q é") == "tag ] y q é"
    # Unescaped, the same token would lose everything after the ']' (what the escape prevents).
    assert moodle.extract_idnumber_and_tags("// [tag:a]b]") == ("", ["a"])


def test_moodle_reads_ids_and_tags_with_special_characters() -> None:
    source = Source(title="T", publisher="P", date="2024-05")
    item = SingleItem(
        id="special-id",
        prompt="Question ?",
        objectives=["o1"],
        tags=["crochet]fermant", "positionnement"],
        difficulty=2,
        source=source,
        options=[Option(id="a", text="Oui", correct=True), Option(id="b", text="Non")],
    )
    bank = Bank(id="special", title="Spécial", items=[item])
    check_moodle_reads_ids_and_tags(to_gift(bank), [item])


@needs_parser
def test_gift_pegjs_still_parses_and_reads_the_same_ids_and_tags(bank: Bank) -> None:
    parsed = parse(to_gift(bank, seed=1))
    for item, question in zip(bank.items, parsed[1:], strict=True):
        assert question["id"] == item.id
        assert question["tags"] == moodle_tags(item)


@needs_parser
def test_gift_pegjs_parses_every_course_bank() -> None:
    for folder in bank_folders(REPO / "exercises"):
        loaded, _ = load_bank(folder)
        assert loaded is not None
        parsed = parse(to_gift(loaded))
        assert [question["id"] for question in parsed[1:]] == [item.id for item in loaded.items]
