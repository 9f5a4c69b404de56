"""Paper forms: form codes, the order they fix, and answers typed back from a CSV file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edukit._problems import ProblemError
from edukit.quiz import (
    Bank,
    Item,
    PaperCsvError,
    PaperSheet,
    answer_for_grading,
    blank_answer_csv,
    form_from_code,
    grade,
    load_paper_tests,
    read_paper_csv,
)
from edukit.quiz._paper import (
    ALPHABET,
    MAX_SEED,
    form_code,
    normalize_code,
    paper_form,
    parse_form_code,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAPER_COURSE = FIXTURES / "paper" / "course"
POS, EVF = "positionnement", "evaluation-finale"


@pytest.fixture
def tests_items(bank: Bank) -> dict[str, list[Item]]:
    """The all-types bank as the positioning test, its first three items as the final one."""
    return {POS: list(bank.items), EVF: list(bank.items[:3])}


def _letters(form_code_: str, tests: dict[str, list[Item]], item_id: str, ids: list[str]) -> str:
    """The letters printed for ``ids`` on the form (to write a CSV as a trainer would)."""
    form = form_from_code(form_code_, tests)
    question = next(q for q in form.questions if q.item.id == item_id)
    by_id = {choice.id: choice.letter for choice in question.choices}
    return "".join(by_id[choice_id] for choice_id in ids)


# -- form codes -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 31, 32, 1234, MAX_SEED])
def test_a_form_code_round_trips_to_its_test_and_seed(
    tests_items: dict[str, list[Item]], seed: int
) -> None:
    for form in (POS, EVF):
        code = form_code(form, seed, tests_items[form])
        assert code.startswith({"positionnement": "POS-", "evaluation-finale": "EVF-"}[form])
        assert len(code) == 9
        assert parse_form_code(code) == (form, seed)
        rebuilt = form_from_code(code, tests_items)
        assert (rebuilt.form, rebuilt.seed, rebuilt.code) == (form, seed, code)


def test_the_code_fixes_the_order_of_questions_and_options(
    tests_items: dict[str, list[Item]],
) -> None:
    items = tests_items[POS]
    plain = paper_form(POS, items, 0)
    assert [q.item.id for q in plain.questions] == [item.id for item in items]
    assert [c.id for c in plain.questions[0].choices] == ["a", "b", "c"]
    assert [(c.letter, c.text) for c in plain.questions[2].choices] == [
        ("A", "Vrai"),
        ("B", "Faux"),
    ]
    orders = {
        tuple(
            (q.item.id, tuple(c.id for c in q.choices)) for q in paper_form(POS, items, s).questions
        )
        for s in range(1, 9)
    }
    assert len(orders) == 8  # eight seeds, eight different forms
    again = paper_form(POS, items, 5)
    assert form_from_code(again.code, tests_items) == again


def test_ordering_steps_and_matching_rights_are_never_printed_in_answer_order(
    tests_items: dict[str, list[Item]],
) -> None:
    for seed in range(6):
        form = paper_form(POS, tests_items[POS], seed)
        by_id = {q.item.id: q for q in form.questions}
        steps = [c.id for c in by_id["etapes-reutilisation"].choices]
        assert sorted(steps) == sorted(by_id["etapes-reutilisation"].item.sequence)  # type: ignore[union-attr]
        assert steps != by_id["etapes-reutilisation"].item.sequence  # type: ignore[union-attr]
        matching = by_id["licences-sens"]
        assert matching.lefts == ("CC0", "CC BY", "CC BY-SA")
        assert [c.id for c in matching.choices] != [
            "Domaine public volontaire",
            "Attribution",
            "Attribution, partage dans les mêmes conditions",
        ]


def test_a_code_is_read_whatever_the_case_spaces_and_look_alike_letters(
    tests_items: dict[str, list[Item]],
) -> None:
    code = form_code(POS, 0, tests_items[POS])
    sloppy = " " + code.lower().replace("-", " ").replace("0", "o") + " "
    assert normalize_code(sloppy) == code
    assert form_from_code(sloppy, tests_items).code == code


def test_every_single_mistyped_character_is_caught(tests_items: dict[str, list[Item]]) -> None:
    code = form_code(POS, 1234, tests_items[POS])
    for position in range(4, len(code)):
        for character in ALPHABET:
            if character == code[position]:
                continue
            typo = code[:position] + character + code[position + 1 :]
            with pytest.raises(ValueError, match=r"mal recopié|autres questions"):
                form_from_code(typo, tests_items)


def test_a_mistyped_code_gets_a_french_message(tests_items: dict[str, list[Item]]) -> None:
    code = form_code(POS, 7, tests_items[POS])
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValueError) as caught:
        form_from_code(typo, tests_items)
    assert str(caught.value) == (
        f"le code de forme « {typo} » est mal recopié (sa clé de contrôle ne correspond pas)"
    )


def test_swapped_neighbours_are_caught(tests_items: dict[str, list[Item]]) -> None:
    code = form_code(POS, 1234, tests_items[POS])  # POS-16J..
    body = code[4:]
    swapped = [
        body[:i] + body[i + 1] + body[i] + body[i + 2 :]
        for i in range(len(body) - 1)
        if body[i] != body[i + 1]
    ]
    assert swapped
    for typo in swapped:
        with pytest.raises(ValueError):
            form_from_code("POS-" + typo, tests_items)


def test_malformed_and_unknown_codes(tests_items: dict[str, list[Item]]) -> None:
    with pytest.raises(ValueError) as caught:
        parse_form_code("POS-12")
    assert str(caught.value) == (
        "le code de forme « POS-12 » n'a pas la forme attendue (POS- ou EVF- puis 5 signes)"
    )
    with pytest.raises(ValueError) as caught:
        parse_form_code("ABC-12345")
    assert str(caught.value) == "le code de forme « ABC-12345 » ne commence ni par POS- ou EVF-"


def test_a_code_printed_before_the_banks_changed_is_refused(
    tests_items: dict[str, list[Item]],
) -> None:
    code = form_code(POS, 3, tests_items[POS])
    changed = {POS: tests_items[POS][:-1], EVF: tests_items[EVF]}
    with pytest.raises(ValueError) as caught:
        form_from_code(code, changed)
    assert str(caught.value) == (
        f"le code de forme « {code} » a été imprimé avec d'autres questions que celles des "
        "banques actuelles"
    )
    assert "réimprimées" in caught.value.hint  # type: ignore[attr-defined]


def test_a_code_of_a_test_the_course_lacks(tests_items: dict[str, list[Item]]) -> None:
    code = form_code(EVF, 0, tests_items[EVF])
    with pytest.raises(ValueError) as caught:
        form_from_code(code, {POS: tests_items[POS]})
    assert str(caught.value) == (
        f"le code de forme « {code} » est celui d'un test que la formation n'a pas "
        "(Évaluation finale)"
    )


# -- reading a paper CSV ------------------------------------------------------------------------


def _write(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "saisie.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _header(count: int, delimiter: str = ";") -> str:
    return delimiter.join(["apprenant", "code", *(f"q{n}" for n in range(1, count + 1))])


def test_a_good_file_maps_letters_back_to_item_and_option_ids(
    tests_items: dict[str, list[Item]], tmp_path: Path
) -> None:
    code = form_code(POS, 1234, tests_items[POS])
    form = form_from_code(code, tests_items)
    wanted: dict[str, list[str]] = {
        "licence-cc-by": ["a"],
        "donnees-personnelles": ["a", "c"],
        "open-data-libre": ["false"],
        "nom-licence": ["Creative Commons"],
        "duree-formation": ["21,5"],
        "licences-sens": [
            "Domaine public volontaire",
            "Attribution",
            "Attribution, partage dans les mêmes conditions",
        ],
        "etapes-reutilisation": [
            "Trouver la source d'origine",
            "Lire la licence",
            "Vérifier les données personnelles",
            "Citer la source",
        ],
    }
    cells = []
    for question in form.questions:
        ids = wanted[question.item.id]
        if question.item.type in ("short", "numeric"):
            cells.append(ids[0])
        elif question.item.type == "multiple":
            cells.append("+".join(_letters(code, tests_items, question.item.id, [i]) for i in ids))
        else:
            cells.append(_letters(code, tests_items, question.item.id, ids))
    evf = form_code(EVF, 0, tests_items[EVF])
    text = "\n".join(
        [
            _header(7),
            f"Camille;{code};" + ";".join(cells),
            ";;;;;;;;",  # an empty row of the grid is skipped
            f";{evf};;;;;;;",  # an unused row with its code only is skipped too
            f"Dominique;{evf.lower()};B;;A",
        ]
    )
    sheets = read_paper_csv(_write(tmp_path, "\ufeff" + text), tests_items)
    assert sheets == [
        PaperSheet("Camille", POS, code, wanted, 2),
        PaperSheet(
            "Dominique",
            EVF,
            evf,
            {"licence-cc-by": ["b"], "donnees-personnelles": [], "open-data-libre": ["true"]},
            5,
        ),
    ]
    grades = {
        item.id: grade(item, answer_for_grading(item, wanted[item.id])).score
        for item in tests_items[POS]
    }
    assert grades == {
        "licence-cc-by": 1.0,
        "donnees-personnelles": 0.0,
        "open-data-libre": 1.0,
        "nom-licence": 1.0,
        "duree-formation": 1.0,
        "licences-sens": 1.0,
        "etapes-reutilisation": 1.0,
    }


def test_commas_and_multiple_letters_written_together(
    tests_items: dict[str, list[Item]], tmp_path: Path
) -> None:
    code = form_code(EVF, 0, tests_items[EVF])
    path = _write(tmp_path, f"{_header(3, ',')}\r\nAlex,{code},c,a c,b\r\n")
    [sheet] = read_paper_csv(path, tests_items)
    assert sheet.answers == {
        "licence-cc-by": ["c"],
        "donnees-personnelles": ["a", "c"],
        "open-data-libre": ["false"],
    }


def test_tabs_as_a_spreadsheet_may_write_them(
    tests_items: dict[str, list[Item]], tmp_path: Path
) -> None:
    code = form_code(EVF, 0, tests_items[EVF])
    path = _write(tmp_path, f"{_header(3, chr(9))}\nAlex\t{code}\tb\t\tA\n")
    [sheet] = read_paper_csv(path, tests_items)
    assert sheet.answers == {
        "licence-cc-by": ["b"],
        "donnees-personnelles": [],
        "open-data-libre": ["true"],
    }


def test_the_blank_grid_reads_back_as_no_sheet(
    tests_items: dict[str, list[Item]], tmp_path: Path
) -> None:
    forms = [paper_form(POS, tests_items[POS], 0), paper_form(EVF, tests_items[EVF], 9)]
    grid = blank_answer_csv(forms)
    assert grid.splitlines()[0] == _header(7)
    assert grid.splitlines()[2].startswith(f";{forms[1].code};")
    assert read_paper_csv(_write(tmp_path, grid), tests_items) == []


def _problems(path: Path, tests: dict[str, list[Item]]) -> list[str]:
    with pytest.raises(PaperCsvError) as caught:
        read_paper_csv(path, tests)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def codes(tests_items: dict[str, list[Item]]) -> tuple[str, str]:
    return form_code(POS, 0, tests_items[POS]), form_code(EVF, 0, tests_items[EVF])


HINT_CODE = "recopiez le code imprimé en haut de chaque page de la feuille (par exemple POS-3K7QX)"
HINT_HEADER = (
    "la première ligne doit être apprenant;code;q1;q2;… (voir le modèle grille-reponses.csv)"
)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Camille;{evf};E;;",
            "q1 : « E » n'est pas une réponse possible (lettres A à C) — écrivez la lettre "
            "cochée, par exemple B",
        ),
        (
            "Camille;{evf};A+B;;",
            "q1 : « A+B » donne 2 réponses à une question qui n'en attend qu'une — gardez la "
            "lettre cochée, ou laissez la case vide si plusieurs cases sont cochées",
        ),
        (
            "Camille;{evf};;A+A;",
            "q2 : « A+A » donne deux fois la même lettre — écrivez les lettres cochées, par "
            "exemple A+C",
        ),
        (
            "Camille;{evf};;;C",
            "q3 : « C » n'est pas une réponse possible (lettres A ou B) — écrivez la lettre "
            "cochée, par exemple B",
        ),
        (
            "Camille;{evf};A;;;B",
            "la forme {evf} a 3 questions, mais la case q4 est remplie — vérifiez le code de "
            "forme de la feuille, ou videz les cases au-delà de la dernière question",
        ),
        (
            ";{evf};A;;",
            "le prénom ou le pseudonyme manque (colonne apprenant) — écrivez le nom porté sur "
            "la feuille",
        ),
        ("Camille;;A;;", "le code de forme de Camille manque (colonne code) — " + HINT_CODE),
        (
            "Camille;POS-12;A;;",
            "le code de forme « POS-12 » n'a pas la forme attendue (POS- ou EVF- puis 5 "
            "signes) — " + HINT_CODE,
        ),
        (
            "Camille;{pos};A;;;;",
            "la forme {pos} a 7 questions, mais l'en-tête s'arrête à q4 — ajoutez les "
            "colonnes q5 à q7 à l'en-tête",
        ),
        (
            "Camille;{evf};A;;;;X",
            "la ligne a 7 cases remplies ou non, mais l'en-tête n'en a que 6 — supprimez les "
            "cases en trop ou ajoutez les colonnes q… à l'en-tête ; le séparateur lu est « ; »",
        ),
    ],
)
def test_each_mistake_in_a_row_is_one_located_message(
    tests_items: dict[str, list[Item]],
    tmp_path: Path,
    codes: tuple[str, str],
    row: str,
    message: str,
) -> None:
    pos, evf = codes
    row, message = row.format(pos=pos, evf=evf), message.format(pos=pos, evf=evf)
    path = _write(tmp_path, f"{_header(4)}\nDominique;{evf};B;;A;\n{row}\n")
    assert _problems(path, tests_items) == [f"{path.as_posix()}:3: {message}"]


def test_ordering_and_matching_answers_must_be_complete(
    tests_items: dict[str, list[Item]], tmp_path: Path, codes: tuple[str, str]
) -> None:
    pos = codes[0]
    path = _write(tmp_path, f"{_header(7)}\nCamille;{pos};;;;;;AB;AB\n")
    assert _problems(path, tests_items) == [
        f"{path.as_posix()}:2: q6 : « AB » donne 2 lettre(s) pour 3 lignes à associer — écrivez "
        "une lettre par ligne, dans l'ordre des lignes (par exemple BAC)",
        f"{path.as_posix()}:2: q7 : « AB » ne range que 2 étape(s) sur 4 — écrivez toutes les "
        "lettres dans l'ordre choisi (par exemple CADB), ou laissez la case vide si la "
        "personne n'a pas répondu",
    ]


def test_the_same_learner_twice_for_one_test(
    tests_items: dict[str, list[Item]], tmp_path: Path, codes: tuple[str, str]
) -> None:
    pos, evf = codes
    text = f"{_header(7)}\nCamille;{evf};A;;\nCamille;{pos};A\ncamille;{evf};B;;\n"
    with pytest.raises(PaperCsvError) as caught:
        read_paper_csv(_write(tmp_path, text), tests_items)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "camille a déjà une ligne pour ce test (Évaluation finale, ligne 2) — gardez une "
        "seule ligne par personne et par test"
    ]


def test_good_rows_are_kept_beside_the_problems(
    tests_items: dict[str, list[Item]], tmp_path: Path, codes: tuple[str, str]
) -> None:
    evf = codes[1]
    text = f"{_header(3)}\nCamille;{evf};A;;\nDominique;{evf};Z;;\n"
    with pytest.raises(PaperCsvError) as caught:
        read_paper_csv(_write(tmp_path, text), tests_items)
    assert [sheet.learner for sheet in caught.value.sheets] == ["Camille"]
    assert len(caught.value.problems) == 1


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("", None, "le fichier est vide — " + HINT_HEADER),
        ("\n\n", None, "le fichier est vide — " + HINT_HEADER),
        ("nom;code;q1\n", 1, "l'en-tête « nom;code;q1 » est inattendu — " + HINT_HEADER),
        ("apprenant;code\n", 1, "l'en-tête « apprenant;code » est inattendu — " + HINT_HEADER),
        (
            "apprenant;code;q1;q3\n",
            1,
            "la colonne 4 de l'en-tête s'appelle « q3 » au lieu de « q2 » — numérotez les "
            "colonnes de réponses q1, q2, q3… sans en sauter",
        ),
    ],
)
def test_a_malformed_file_is_one_message(
    tests_items: dict[str, list[Item]],
    tmp_path: Path,
    content: str,
    line: int | None,
    message: str,
) -> None:
    path = _write(tmp_path, content)
    where = f"{path.as_posix()}:{line}" if line else path.as_posix()
    assert _problems(path, tests_items) == [f"{where}: {message}"]


def test_a_file_not_in_utf8_names_the_line(
    tests_items: dict[str, list[Item]], tmp_path: Path, codes: tuple[str, str]
) -> None:
    path = _write(tmp_path, f"{_header(3)}\nHélène;{codes[1]};A;;\n", encoding="cp1252")
    assert _problems(path, tests_items) == [
        f"{path.as_posix()}:2: le fichier n'est pas en UTF-8 — dans le tableur, enregistrez-le "
        "au format « CSV UTF-8 (délimité par des virgules) »"
    ]


def test_a_spreadsheet_or_a_binary_file_instead_of_a_csv(
    tests_items: dict[str, list[Item]], tmp_path: Path
) -> None:
    book = tmp_path / "grille.xlsx"
    book.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))
    assert _problems(book, tests_items) == [
        f"{book.as_posix()}: le fichier est un classeur de tableur (.xlsx ou .ods), pas un "
        "fichier CSV — dans le tableur, faites Enregistrer sous, format « CSV UTF-8 », puis "
        "donnez ce fichier .csv"
    ]
    binary = _write(tmp_path, "apprenant;code;q1\nCa\x00mille;POS;A\n")
    assert _problems(binary, tests_items) == [
        f"{binary.as_posix()}:2: le fichier contient un caractère nul : ce n'est pas un "
        "fichier texte CSV — enregistrez la grille au format « CSV UTF-8 » depuis le tableur"
    ]


def test_a_missing_file(tests_items: dict[str, list[Item]], tmp_path: Path) -> None:
    path = tmp_path / "absent.csv"
    assert _problems(path, tests_items) == [
        f"{path.as_posix()}: le fichier ne peut pas être lu (No such file or directory) — "
        "vérifiez le chemin"
    ]


# -- the tests of a course ------------------------------------------------------------------


def test_the_tests_are_drawn_from_the_lessons_blocks_as_on_the_site(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(PAPER_COURSE, root)
    tests = load_paper_tests(root)
    assert {form: [item.id for item in items] for form, items in tests.items()} == {
        POS: ["pos-licence", "pos-donnees", "pos-ordre"],
        EVF: ["fin-licence", "fin-donnees", "fin-associer"],
    }


def test_only_the_tests_asked_for_are_drawn(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(PAPER_COURSE, root)
    lesson = root / "courses" / "m1-essai" / "l02-evaluation.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("objectives: [l01]", "objectives: [l01, l02]"), "utf-8")
    with pytest.raises(ProblemError):  # l02-o1 has no item tagged evaluation-finale
        load_paper_tests(root)
    assert list(load_paper_tests(root, [POS])) == [POS]


def test_a_draw_key_the_paper_forms_do_not_know_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(PAPER_COURSE, root)
    lesson = root / "courses" / "m1-essai" / "l01-positionnement.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("seed: 2025}", "seed: 2025, per_competence: 2}"), "utf-8")
    with pytest.raises(ProblemError) as caught:
        load_paper_tests(root)
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == (lesson, 24)
    assert problem.message == "la clé de tirage « per_competence » est inconnue des versions papier"
