"""``edukit print``: the paper versions as PDF files — large print, no answer on the learner
sheets, the code on every page, the trainer's key, the handouts and the CSV grid."""

from __future__ import annotations

import ctypes
import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edukit._problems import ProblemError
from edukit.cli._app import app
from edukit.cli._paper_pdf import load_handouts, markdown_html
from edukit.cli._print import PRINT_MARK, print_course  # importing it registers `edukit print`
from edukit.quiz import (
    Item,
    MatchingItem,
    MultipleItem,
    OrderingItem,
    PaperSheet,
    SingleItem,
    TrueFalseItem,
    load_paper_tests,
    read_paper_csv,
)
from edukit.quiz._paper import form_from_code

REPO = Path(__file__).parents[2]
PAPER_COURSE = REPO / "tests" / "fixtures" / "paper" / "course"
LARGE_PT = 16.0
runner = CliRunner()


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "cours"
    shutil.copytree(PAPER_COURSE, root)
    return root


# -- fast: everything refused before any PDF is made ----------------------------------------


def test_no_shuffle_means_one_version(course: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["print", "--root", str(course), "-o", str(tmp_path / "p"), "--sans-melange",
         "--versions", "2"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--sans-melange donne une seule version de chaque test" in result.stderr
    assert not (tmp_path / "p").exists()


def test_a_folder_edukit_did_not_write_is_never_replaced(course: Path, tmp_path: Path) -> None:
    target = tmp_path / "mes-documents"
    target.mkdir()
    (target / "lettre.odt").write_text("précieux", encoding="utf-8")
    with pytest.raises(ProblemError) as caught:
        print_course(course, target)
    assert [str(p) for p in caught.value.problems] == [
        f"{target.as_posix()}: le dossier existe déjà et n'a pas été écrit par edukit print — "
        "donnez un dossier nouveau ou vide (un dossier d'un précédent edukit print est remplacé)"
    ]
    assert (target / "lettre.odt").read_text(encoding="utf-8") == "précieux"


def test_a_test_no_lesson_has_is_named(course: Path, tmp_path: Path) -> None:
    lesson = course / "courses" / "m1-essai" / "l02-evaluation.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("purpose: evaluation-finale", ""),
        encoding="utf-8",
    )
    with pytest.raises(ProblemError) as caught:
        print_course(course, tmp_path / "p", which="evaluation-finale")
    assert [p.message for p in caught.value.problems] == [
        "aucune leçon n'a de bloc edukit-quiz avec « purpose: evaluation-finale » "
        "(Évaluation finale)"
    ]
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Pas d'en-tête.\n", 1, "l'imprimable n'a pas d'en-tête YAML"),
        ("---\ntitle: Feuille\n---\nTexte\n<!-- corrige -->\nClé\n", 1,
         "l'en-tête de l'imprimable n'a pas de « lecon »"),
        ("---\ntitle: Feuille\nlecon: l01\n---\nTexte sans corrigé\n", 5,
         "l'imprimable n'a pas de ligne <!-- corrige -->"),
        ("---\ntitle: Feuille\nlecon: l01\n---\n\n<!-- corrige -->\nClé\n", 5,
         "la partie des apprenants est vide"),
    ],
)  # fmt: skip
def test_a_broken_handout_is_one_located_message(
    course: Path, text: str, line: int, message: str
) -> None:
    path = course / "exercises" / "imprimables" / "zz-cassee.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemError) as caught:
        load_handouts(course)
    assert [(p.path, p.line, p.message) for p in caught.value.problems] == [(path, line, message)]


def test_handouts_split_learner_part_and_key(course: Path) -> None:
    handouts = load_handouts(course)
    assert [(h.name, h.title, h.lesson) for h in handouts] == [
        ("dix-courriels", "Dix courriels : lequel est un hameçonnage ?", "l01-positionnement"),
        ("six-requetes", "Six requêtes à réécrire", "l02-evaluation"),
    ]
    assert "Suspect" in handouts[0].learner and "Corrigé" not in handouts[0].learner
    assert handouts[0].key.startswith("# Corrigé")


def test_markdown_of_handouts_never_runs_raw_html() -> None:
    html = markdown_html("Texte <script>alert(1)</script> <img src=x onerror=y>\n\n- [ ] case\n")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert '<li class="task"><span class="tick"><span class="box"' in html


# -- slow: PDF files --------------------------------------------------------------------------


def _pdf_pages(path: Path) -> Iterator[tuple[str, list[float]]]:
    """Each page's text (whitespace collapsed) and the effective size of each visible
    character, in points (font size × the scale of the character's matrix)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(path)
    try:
        for page in document:
            text_page = page.get_textpage()
            matrix = pdfium_c.FS_MATRIX()
            sizes = []
            for index in range(text_page.count_chars()):
                character = chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, index))
                if character.isspace() or pdfium_c.FPDFText_IsGenerated(text_page.raw, index):
                    continue
                pdfium_c.FPDFText_GetMatrix(text_page.raw, index, ctypes.byref(matrix))
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                sizes.append(pdfium_c.FPDFText_GetFontSize(text_page.raw, index) * scale)
            yield " ".join(text_page.get_text_range().split()), sizes
    finally:
        document.close()


def _render_png(path: Path, folder: Path) -> list[Path]:
    """Every page of ``path`` as a PNG; each must show something (it is not blank)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    images = []
    try:
        for number, page in enumerate(document, start=1):
            image = page.render(scale=0.6).to_pil().convert("L")
            dark = sum(image.histogram()[:128])  # pixels darker than mid-grey
            assert dark > 500, f"{path.name} page {number} is blank"
            target = folder / f"{path.stem}-{number:03d}.png"
            image.save(target)
            images.append(target)
    finally:
        document.close()
    return images


def _normal(text: str) -> str:
    return " ".join(text.split())


def _visible_texts(item: Item) -> list[str]:
    """What a learner sheet prints of an item: its prompt and its choices."""
    texts = [item.prompt]
    if isinstance(item, SingleItem | MultipleItem):
        texts += [option.text for option in item.options]
    elif isinstance(item, OrderingItem):
        texts += item.sequence
    elif isinstance(item, MatchingItem):
        texts += [text for pair in item.pairs for text in (pair.left, pair.right)]
    return texts


def _secret_strings(items: list[Item]) -> set[str]:
    """What only the key may show: explanations and feedback (long enough to be unique), but
    not text that is also a prompt or an option (an option may quote another's feedback)."""
    secret: set[str] = set()
    for item in items:
        secret |= {item.explanation, item.feedback.correct, item.feedback.incorrect}
        if isinstance(item, SingleItem | MultipleItem):
            secret |= {option.feedback for option in item.options}
        if isinstance(item, TrueFalseItem):
            secret |= set(item.option_feedback.values())
    visible = _normal(" ".join(text for item in items for text in _visible_texts(item)))
    return {_normal(s) for s in secret if len(_normal(s)) >= 25 and _normal(s) not in visible}


def _check_learner_sheet(
    path: Path, code: str, items: list[Item], forbidden: set[str], *, blocks: int = 0
) -> str:
    """Check a learner sheet (large print, the code on each page, no answer); with
    ``blocks``, that it holds that many question blocks and none is split across pages
    (each block starts with « Question N » and ends with « Je ne sais pas »)."""
    pages = list(_pdf_pages(path))
    assert pages, path
    starts = 0
    for number, (text, sizes) in enumerate(pages, start=1):
        assert f"Code de forme : {code}" in text, f"{path.name} page {number} lacks the code"
        assert sizes and min(sizes) >= LARGE_PT - 0.01, (path.name, number, min(sizes))
        if blocks:
            opened = len(re.findall(r"Question \d+ ", text))
            closed = len(re.findall(r"(?<!« )Je ne sais pas", text))  # not the instructions
            assert opened == closed, f"{path.name} page {number} splits a question"
            starts += opened
    assert starts == blocks, (path.name, starts, blocks)
    whole = " ".join(text for text, _ in pages)
    assert "Prénom ou pseudonyme" in pages[0][0]
    leaked = sorted(s for s in forbidden if s in whole)
    assert leaked == [], f"{path.name} shows feedback or explanations: {leaked[:3]}"
    allowed = sum(
        len(re.findall(r"correct|corrigé", text, re.I))
        for item in items
        for text in _visible_texts(item)
    )
    assert len(re.findall(r"correct|corrigé", whole, re.I)) <= allowed, path.name
    return whole


@pytest.mark.slow
def test_print_the_fixture_course_and_read_the_grid_back(course: Path, tmp_path: Path) -> None:
    target = tmp_path / "papier"
    args = ["print", "--root", str(course), "-o", str(target), "--versions", "2", "--seed", "3"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    tests = load_paper_tests(course)
    codes = [line.split(";")[1] for line in
             (target / "grille-reponses.csv").read_text(encoding="utf-8-sig").splitlines()[1:]]  # fmt: skip
    assert [code[:4] for code in codes] == ["POS-", "POS-", "EVF-", "EVF-"]
    assert files == sorted(
        [
            PRINT_MARK,
            "corrige-formateur.pdf",
            "grille-reponses.csv",
            "imprimables/dix-courriels.pdf",
            "imprimables/six-requetes.pdf",
            *(f"grille-{code}.pdf" for code in codes),
            *(
                f"{'positionnement' if code.startswith('POS') else 'evaluation-finale'}-{code}.pdf"
                for code in codes
            ),
        ]
    )
    for code in codes:
        form = form_from_code(code, tests)
        items = list(tests[form.form])
        forbidden = _secret_strings(items)
        sheet = target / f"{form.form}-{code}.pdf"
        whole = _check_learner_sheet(sheet, code, items, forbidden, blocks=len(form.questions))
        assert all(_normal(q.item.prompt) in whole for q in form.questions)
        _check_learner_sheet(target / f"grille-{code}.pdf", code, items, forbidden)
    for handout in ("dix-courriels", "six-requetes"):
        pages = list(_pdf_pages(target / "imprimables" / f"{handout}.pdf"))
        assert all(min(sizes) >= LARGE_PT - 0.01 for _, sizes in pages)
        whole = " ".join(text for text, _ in pages)
        assert "Corrigé" not in whole and "retirer le nom" not in whole
    key = " ".join(text for text, _ in _pdf_pages(target / "corrige-formateur.pdf"))
    assert key.startswith("Corrigé — formateur")
    assert all(code in key for code in codes)
    assert "BY impose de créditer l'auteur et d'indiquer la licence." in key
    assert "retirer le nom et la date de naissance" in key  # a handout's key
    assert len(_render_png(target / f"positionnement-{codes[0]}.pdf", tmp_path)) >= 1

    # the CSV grid, filled as a trainer would, reads back through the form codes
    grid = (target / "grille-reponses.csv").read_text(encoding="utf-8-sig").splitlines()
    form = form_from_code(codes[0], tests)
    right = {
        q.number: next(c.letter for c in q.choices if c.id == "b")
        for q in form.questions
        if q.item.id == "pos-licence"
    }
    number = next(iter(right))
    cells = ["" for _ in form.questions]
    cells[number - 1] = right[number]
    grid[1] = ";".join(["Camille", codes[0], *cells])
    typed = tmp_path / "saisie.csv"
    typed.write_text("\ufeff" + "\n".join(grid) + "\n", encoding="utf-8")
    sheets = read_paper_csv(typed, root=course)
    assert sheets == [
        PaperSheet(
            "Camille",
            "positionnement",
            codes[0],
            {"pos-licence": ["b"], "pos-donnees": [], "pos-ordre": []},
            2,
        )
    ]

    # a second run replaces the folder it wrote, whole
    result = runner.invoke(app, ["print", "--root", str(course), "-o", str(target),
                                 "--forme", "positionnement", "--sans-melange"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not list(target.glob("evaluation-finale-*.pdf"))
    assert len(list(target.glob("positionnement-POS-000*.pdf"))) == 1


@pytest.mark.slow
def test_the_real_course_prints_in_large_print_with_no_answer(tmp_path: Path) -> None:
    target = tmp_path / "papier"
    result = runner.invoke(app, ["print", "--root", str(REPO), "-o", str(target)])
    assert result.exit_code == 0, result.output
    tests = load_paper_tests(REPO)
    assert set(tests) == {"positionnement", "evaluation-finale"}
    codes = [p.stem.split("-", 1)[1] for p in target.glob("grille-*.pdf")]
    assert len(codes) == 2
    pngs: list[Path] = []
    for code in codes:
        form = form_from_code(code, tests)
        items = list(tests[form.form])
        forbidden = _secret_strings(items)
        assert forbidden, "the course has explanations to keep off the sheets"
        sheet = target / f"{form.form}-{code}.pdf"
        _check_learner_sheet(sheet, code, items, forbidden, blocks=len(form.questions))
        _check_learner_sheet(target / f"grille-{code}.pdf", code, items, forbidden)
        pngs += _render_png(sheet, tmp_path)
    for handout in sorted((target / "imprimables").glob("*.pdf")):
        for _, sizes in _pdf_pages(handout):
            assert not sizes or min(sizes) >= LARGE_PT - 0.01, handout.name
        pngs += _render_png(handout, tmp_path)
    assert pngs
    key = " ".join(text for text, _ in _pdf_pages(target / "corrige-formateur.pdf"))
    assert key.startswith("Corrigé — formateur")


@pytest.mark.slow
def test_the_sheet_check_catches_a_leaked_explanation(course: Path, tmp_path: Path) -> None:
    from edukit.cli._paper_pdf import sheet_html
    from edukit.progress import html_to_pdf
    from edukit.quiz._paper import paper_form

    tests = load_paper_tests(course)
    form = paper_form("positionnement", tests["positionnement"], 0)
    leaked = sheet_html(form, "").replace(
        "</body>", f"<p>{form.questions[0].item.explanation}</p></body>"
    )
    sheet = tmp_path / "fuite.pdf"
    sheet.write_bytes(html_to_pdf(leaked))
    items = list(tests["positionnement"])
    with pytest.raises(AssertionError, match="shows feedback or explanations"):
        _check_learner_sheet(sheet, form.code, items, _secret_strings(items))
    small = sheet_html(form, "").replace("</body>", '<p style="font-size: 12pt">petit</p></body>')
    sheet.write_bytes(html_to_pdf(small))
    with pytest.raises(AssertionError, match=r"fuite\.pdf"):
        _check_learner_sheet(sheet, form.code, items, set())


@pytest.mark.widget
def test_the_paper_tests_are_the_items_the_site_asks(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edukit.widgets._quiz import Quiz

    monkeypatch.chdir(course)
    tests = load_paper_tests(course)
    site = {
        "positionnement": Quiz(banks="all", per_objective=1, tags=["positionnement"],
                               objectives=["l01"], seed=2025, mode="evaluation"),
        "evaluation-finale": Quiz(banks="all", per_objective=1, tags=["evaluation-finale"],
                                  objectives=["l01"], seed=2025, mode="evaluation"),
    }  # fmt: skip
    assert {form: [item.id for item in items] for form, items in tests.items()} == {
        form: [item.id for item in quiz.drawn] for form, quiz in site.items()
    }
