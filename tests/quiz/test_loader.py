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
    "YAML cassé": "tests/fixtures/banks/mistakes/a-broken.yml:5: YAML cassé (mapping values are not allowed here) — mettez entre guillemets un texte qui contient « : » (deux-points suivi d'une espace)",
    "duplicate item": f"{B}:14: l'identifiant de question « good » est utilisé deux fois (d'abord ligne 7) — donnez à chaque question son propre identifiant",
    "no correct option": f"{B}:26: la question « no-correct » n'a aucune option correcte — marquez-en une avec « correct: true »",
    "two correct in single": f"{B}:35: la question « two-correct » est « single » mais 2 options sont correctes ('a', 'b') — gardez un seul « correct: true », ou utilisez « type: multiple »",
    "unknown type": f"{B}:40: la question « bad-type » a le type inconnu « qcm » — types possibles : single, multiple, true_false, short, numeric, matching, ordering",
    "unknown option": f"{B}:51: la question « bad-feedback » donne un retour pour l'option inconnue « vrai » — nommez les options « true » et « false »",
    "duplicate option": f"{B}:60: la question « same-option » a deux fois l'option « a » (d'abord ligne 59) — donnez à chaque option son propre identifiant (a, b, c…)",
    "empty prompt": f"{B}:64: la question « no-prompt » a un énoncé vide — écrivez la question dans « prompt »",
    "negative tolerance": f"{B}:75: la question « negative » a une tolérance négative (-1) — écrivez 0 pour une réponse exacte, ou une marge positive",
    "unknown objective": f"{B}:80: la question « unknown-objective » cite l'objectif « l09-o9 », qu'aucune leçon ne définit — voulez-vous dire « l09-o2 » ?",
    "unknown key": f"{B}:88: la clé « tgas » est inconnue dans la question « typo-key » — voulez-vous dire « tags » ?",
    "missing source": f"{B}:92: la question « no-source » n'a pas de source — ajoutez « source: » avec « title », « publisher » et « date » (AAAA-MM-JJ, AAAA-MM ou AAAA)",
    "source without date": f"{B}:104: la source de la question « no-date » n'a pas de date — ajoutez « date: AAAA-MM-JJ » (ou AAAA-MM, ou AAAA) à la source",
    "unreadable date": f"{B}:111: la source de la question « bad-date » a la date « 25/11/2013 », qui n'est pas une date — écrivez-la AAAA-MM-JJ, AAAA-MM ou AAAA",
    "difficulty": f"{B}:116: la question « too-hard » a la difficulté 5, au lieu de 1, 2 ou 3 — écrivez 1 (facile), 2 (moyen) ou 3 (difficile)",
    "one option": f"{B}:124: la question « one-option » a 1 option(s) ; il en faut au moins 2 — ajoutez des options sous « options: », chacune avec « id » et « text »",
    "one pair": f"{B}:132: la question « one-pair » a 1 paire(s) ; il en faut au moins 2 — ajoutez des paires sous « pairs: », chacune avec « left » et « right »",
    "one step": f"{B}:140: la question « one-step » a 1 étape(s) ; il en faut au moins 2 — ajoutez des étapes sous « sequence: », dans le bon ordre",
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
    assert not any("qu'aucune leçon ne définit" in str(problem) for problem in problems)
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
        "tests/fixtures/banks/all-types/2-others.yml:1: l'en-tête « bank: » n'a pas de « title » "
        '— ajoutez « title: "…" »'
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
        f"{tmp_path.as_posix()}/b.yml:2: l'identifiant de banque « two » diffère de « one », "
        "donné en a.yml:2 — utilisez le même « bank: id: » dans chaque fichier du dossier"
    ]
    assert bank is not None and [item.id for item in bank.items] == ["x"]


def test_duplicate_ids_across_files_name_the_first_file(tmp_path: Path) -> None:
    write(tmp_path, "a.yml", "bank:\n  id: one\n  title: One\nitems:" + ITEM.format(id="x"))
    write(tmp_path, "b.yml", "bank:\n  id: one\nitems:" + ITEM.format(id="x"))
    _, problems = load_bank(tmp_path)
    assert [str(problem) for problem in problems] == [
        f"{tmp_path.as_posix()}/b.yml:4: l'identifiant de question « x » est utilisé deux fois "
        "(d'abord en a.yml:5) — donnez à chaque question son propre identifiant"
    ]


def test_missing_and_empty_banks(tmp_path: Path) -> None:
    bank, problems = load_bank(tmp_path)
    assert bank is None
    assert [str(p) for p in problems] == [
        f"{tmp_path.as_posix()}: le dossier de la banque n'a aucun fichier .yml — "
        "ajoutez un fichier comme « questions.yml » avec « bank: » et « items: »"
    ]
    bank, problems = load_bank(tmp_path / "nope.yml")
    assert bank is None and "n'existe pas" in str(problems[0])


def test_file_without_header(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yml", "items:" + ITEM.format(id="x"))
    bank, problems = load_bank(path)
    assert bank is None
    assert [str(p) for p in problems] == [
        f"{path.as_posix()}:1: le fichier n'a pas d'en-tête « bank: » — "
        "ajoutez « bank: » avec « id », « title » et « language: fr »"
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
        ("date: 2024-13", "a la date « 2024-13 », qui n'est pas une date"),
        ("date: '2024-02-30'", "a la date « 2024-02-30 », qui n'est pas une date"),
        ("date: '24'", "a la date « 24 », qui n'est pas une date"),
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
        "la question « x » accepte « ?! », qui n'a ni lettre ni chiffre — "
        "les réponses sont comparées sans espaces ni ponctuation ; écrivez des mots"
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
        f"{path.as_posix()}:11: la valeur « 2024-02-30 » ne peut pas être lue — "
        "écrivez une date AAAA-MM-JJ avec un vrai jour, ou mettez la valeur entre guillemets"
    ]
