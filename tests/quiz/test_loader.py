"""The bank loader: one test per author mistake, with the exact message."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from edukit.quiz import Bank, MatchingItem, NumericItem, SingleItem, TrueFalseItem, load_bank

REPO = Path(__file__).parents[2]
BANKS = REPO / "tests" / "fixtures" / "banks"
ALL_TYPES, MISTAKES = BANKS / "all-types", BANKS / "mistakes"
OBJECTIVES = {"l01-o1", "l09-o1", "l09-o2", "l10-o1"}

B = "tests/fixtures/banks/mistakes/b-mistakes.yml"
EXPECTED = {
    "broken YAML": "tests/fixtures/banks/mistakes/a-broken.yml:5: broken YAML: mapping values are not allowed here — put quotes around text that contains ': ' (a colon followed by a space)",
    "duplicate item": f"{B}:14: the item id 'good' is used twice (first on line 7) — give each item its own id",
    "no correct option": f"{B}:26: item 'no-correct' has no correct option — mark one with 'correct: true'",
    "two correct in single": f"{B}:35: item 'two-correct' is 'single' but 2 options are correct ('a', 'b') — keep one 'correct: true', or use 'type: multiple'",
    "unknown type": f"{B}:40: item 'bad-type' has the unknown type 'qcm' — use one of: single, multiple, true_false, short, numeric, matching, ordering",
    "unknown option": f"{B}:51: item 'bad-feedback' gives feedback for the unknown option 'vrai' — name the options 'true' and 'false'",
    "duplicate option": f"{B}:60: item 'same-option' has the option id 'a' twice (first on line 59) — give each option its own id (a, b, c…)",
    "empty prompt": f"{B}:64: item 'no-prompt' has an empty prompt — write the question in 'prompt'",
    "negative tolerance": f"{B}:75: item 'negative' has a negative tolerance (-1) — use 0 for an exact answer, or a positive margin",
    "unknown objective": f"{B}:80: item 'unknown-objective' names the objective 'l09-o9', which no lesson defines — did you mean 'l09-o2'?",
    "unknown key": f"{B}:88: the key 'tgas' is unknown in item 'typo-key' — did you mean 'tags'?",
    "missing source": f"{B}:92: item 'no-source' has no source — add 'source:' with 'title', 'publisher' and 'date' (YYYY-MM-DD, YYYY-MM or YYYY)",
    "source without date": f"{B}:104: the source of item 'no-date' has no date — add 'date: YYYY-MM-DD' (or YYYY-MM, or YYYY) to the source",
    "unreadable date": f"{B}:111: the source of item 'bad-date' has the date '25/11/2013', which is not a date — write it YYYY-MM-DD, YYYY-MM or YYYY",
    "difficulty": f"{B}:116: item 'too-hard' has the difficulty 5, not 1, 2 or 3 — use 1 (easy), 2 (medium) or 3 (hard)",
    "one option": f"{B}:124: item 'one-option' has 1 option(s); it needs at least 2 — add options under 'options:', each with 'id' and 'text'",
    "one pair": f"{B}:132: item 'one-pair' has 1 pair(s); it needs at least 2 — add pairs under 'pairs:', each with 'left' and 'right'",
    "one step": f"{B}:140: item 'one-step' has 1 step(s); it needs at least 2 — add steps under 'sequence:', in the right order",
}


@pytest.fixture(scope="module")
def mistakes() -> tuple[Bank | None, list[str]]:
    bank, problems = load_bank(MISTAKES, objectives=OBJECTIVES)
    return bank, [str(problem.relative_to(REPO)) for problem in problems]


@pytest.mark.parametrize("mistake", list(EXPECTED))
def test_each_mistake_is_reported_exactly(
    mistake: str, mistakes: tuple[Bank | None, list[str]]
) -> None:
    assert EXPECTED[mistake] in mistakes[1]


def test_mistakes_give_nothing_else_and_keep_the_good_item(
    mistakes: tuple[Bank | None, list[str]],
) -> None:
    bank, problems = mistakes
    assert sorted(problems) == sorted(EXPECTED.values())
    assert bank is not None and [item.id for item in bank.items] == ["good"]


def test_objectives_none_skips_the_objective_check() -> None:
    _, problems = load_bank(MISTAKES, objectives=None)
    assert not any("no lesson defines" in str(problem) for problem in problems)
    assert len(problems) == len(EXPECTED) - 1


def test_folder_merges_sorted_files_and_keeps_lines(bank: Bank) -> None:
    assert (bank.id, bank.title, bank.language) == (
        "all-types",
        "Tous les types : provenance",
        "fr",
    )
    assert [item.type for item in bank.items] == [
        "single",
        "multiple",
        "true_false",
        "short",
        "numeric",
        "matching",
        "ordering",
    ]
    first, short = bank.items[0], bank.item("nom-licence")
    assert (first.source_path.name, first.line) == ("1-choices.yml", 8)
    assert (short.source_path.name, short.line) == ("2-others.yml", 4)
    assert isinstance(first, SingleItem) and first.objectives == ["l09-o1"]
    assert first.source.date == "2013-11-25" and first.tags == ["licences"]
    numeric = bank.item("duree-formation")
    assert isinstance(numeric, NumericItem)
    assert (numeric.answer, numeric.tolerance, numeric.unit) == (21.0, 0.5, "heures")
    assert isinstance(bank.item("licences-sens"), MatchingItem)
    assert [item.source.date for item in bank.items[2:5]] == ["2024", "2023-05", "2025-01"]


def test_single_file_is_a_bank() -> None:
    bank, problems = load_bank(ALL_TYPES / "1-choices.yml")
    assert problems == []
    assert bank is not None and len(bank.items) == 3


def test_first_file_needs_a_title() -> None:
    path = ALL_TYPES / "2-others.yml"
    bank, problems = load_bank(path)
    assert [str(p.relative_to(REPO)) for p in problems] == [
        "tests/fixtures/banks/all-types/2-others.yml:1: the 'bank:' header has no 'title' "
        "— add 'title: \"…\"'"
    ]
    assert bank is not None and bank.title == "all-types" and len(bank.items) == 4


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


ITEM = """
  - id: {id}
    type: true_false
    prompt: "Vrai ?"
    objectives: [o1]
    difficulty: 1
    answer: true
    source: {{title: "S", date: 2024}}
"""


def test_files_of_a_folder_must_share_the_bank_id(tmp_path: Path) -> None:
    write(tmp_path, "a.yml", "bank:\n  id: one\n  title: One\nitems:" + ITEM.format(id="x"))
    write(tmp_path, "b.yml", "bank:\n  id: two\nitems:" + ITEM.format(id="y"))
    bank, problems = load_bank(tmp_path)
    assert [str(problem) for problem in problems] == [
        f"{tmp_path.as_posix()}/b.yml:2: the bank id 'two' differs from 'one' given in "
        "a.yml:2 — use the same 'bank: id:' in every file of the folder"
    ]
    assert bank is not None and [item.id for item in bank.items] == ["x"]


def test_duplicate_ids_across_files_name_the_first_file(tmp_path: Path) -> None:
    write(tmp_path, "a.yml", "bank:\n  id: one\n  title: One\nitems:" + ITEM.format(id="x"))
    write(tmp_path, "b.yml", "bank:\n  id: one\nitems:" + ITEM.format(id="x"))
    _, problems = load_bank(tmp_path)
    assert [str(problem) for problem in problems] == [
        f"{tmp_path.as_posix()}/b.yml:4: the item id 'x' is used twice "
        "(first at a.yml:5) — give each item its own id"
    ]


def test_missing_and_empty_banks(tmp_path: Path) -> None:
    bank, problems = load_bank(tmp_path)
    assert bank is None
    assert [str(p) for p in problems] == [
        f"{tmp_path.as_posix()}: the bank folder has no .yml file — "
        "add a file such as 'questions.yml' with 'bank:' and 'items:'"
    ]
    bank, problems = load_bank(tmp_path / "nope.yml")
    assert bank is None and "does not exist" in str(problems[0])


def test_file_without_header(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yml", "items:" + ITEM.format(id="x"))
    bank, problems = load_bank(path)
    assert bank is None
    assert [str(p) for p in problems] == [
        f"{path.as_posix()}:1: the file has no 'bank:' header — "
        "add 'bank:' with 'id', 'title' and 'language: fr'"
    ]


def test_unquoted_true_false_keys_and_dates(tmp_path: Path) -> None:
    item = ITEM.format(id="x").replace("2024", "2024-02").rstrip() + (
        "\n    option_feedback:\n      true: Oui\n      false: Non\n"
    )
    path = write(tmp_path, "a.yml", "bank:\n  id: one\n  title: One\nitems:" + item)
    bank, problems = load_bank(path)
    assert problems == []
    assert bank is not None
    loaded = bank.items[0]
    assert isinstance(loaded, TrueFalseItem)
    assert loaded.option_feedback == {"true": "Oui", "false": "Non"}
    assert loaded.source.date == "2024-02"


@pytest.mark.parametrize(
    ("replacement", "message"),
    [
        ("date: 2024-13", "has the date '2024-13', which is not a date"),
        ("date: '2024-02-30'", "has the date '2024-02-30', which is not a date"),
        ("date: '24'", "has the date '24', which is not a date"),
    ],
)
def test_impossible_dates(tmp_path: Path, replacement: str, message: str) -> None:
    item = ITEM.format(id="x").replace("date: 2024", replacement)
    path = write(tmp_path, "a.yml", "bank:\n  id: one\n  title: One\nitems:" + item)
    _, problems = load_bank(path)
    assert len(problems) == 1 and message in str(problems[0])


def test_short_answers_need_letters(tmp_path: Path) -> None:
    item = (
        ITEM.format(id="x")
        .replace("true_false", "short")
        .replace("answer: true", 'answers: ["CC", "?!"]')
    )
    path = write(tmp_path, "a.yml", "bank:\n  id: one\n  title: One\nitems:" + item)
    _, problems = load_bank(path)
    assert [str(p).split(": ", 1)[1] for p in problems] == [
        "item 'x' accepts '?!', which has no letter or digit — "
        "answers are compared without spaces and punctuation; write words"
    ]


def test_loader_is_safe_to_call_from_threads() -> None:
    results: list[tuple[int, int]] = []

    def load() -> None:
        bank, problems = load_bank(MISTAKES, objectives=OBJECTIVES)
        results.append((len(bank.items) if bank else -1, len(problems)))

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [(1, len(EXPECTED))] * 8


def test_impossible_unquoted_date_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    item = ITEM.format(id="x").replace("date: 2024", "date: 2024-02-30")
    path = write(tmp_path, "a.yml", "bank:\n  id: one\n  title: One\nitems:" + item)
    bank, problems = load_bank(path)
    assert bank is None
    assert [str(p) for p in problems] == [
        f"{path.as_posix()}:11: the value '2024-02-30' cannot be read — "
        "write a date as YYYY-MM-DD with a real day, or put the value in quotes"
    ]
