"""The course's legal facts on the site: placeholders rendered in lessons, guides and notebook
pages, « (à vérifier) » on facts not checked against the official text, and the generated
page « Ce qui a changé »."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.site

# The course tests' facts (tests/fixtures/facts/faits.yml) with a reference holding markup (it
# must stay text), a recent check date and the changes worded for the page « Ce qui a changé ».
SITE_CHANGES = {
    'changement: "Texte initial : 2 août 2026."': 'changement: "Texte initial : haut risque en 2026."',
    'changement: "Report au 2 décembre 2027."': (
        'changement: "Report du haut risque de l\'annexe III."'
    ),
    'reference: "Décret n° 2019-565"': 'reference: "Décret n° 2019-565 <b>"',
    "verifie_le: 2026-09-01": "verifie_le: 2026-12-01",
}


def _site_facts() -> str:
    text = (Path(__file__).parents[1] / "fixtures" / "facts" / "faits.yml").read_text("utf-8")
    for old, new in SITE_CHANGES.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


FACTS = _site_facts()


def words(node: object) -> str:
    return " ".join(getattr(node, "get_text", lambda *a: str(node))(" ").split())


@pytest.fixture(scope="module")
def facts_site(
    tmp_path_factory: pytest.TempPathFactory,
    copy_course: Callable[..., Path],
    course_fixtures: dict[str, Path],
    build_site: Callable[..., Path],
) -> Path:
    root = copy_course(course_fixtures["good"], tmp_path_factory.mktemp("facts"), home=True)
    (root / "courses" / "faits.yml").write_text(FACTS, encoding="utf-8")
    lesson = root / "courses" / "m1-decouvrir" / "l02-definitions.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(
        text.replace(
            "Texte.",
            "Fait : [[fait:ai-act-annexe-iii]]\n\n"
            "Date : [[fait:ai-act-annexe-iii:date]].\n\n"
            "Source : [[fait:qualiopi-referentiel:source]].",
        ),
        encoding="utf-8",
    )
    guides = root / "courses" / "guides"
    guides.mkdir()
    (guides / "formateur.md").write_text(
        "# Guide\n\nQualiopi : [[fait:qualiopi-referentiel]]\n", encoding="utf-8"
    )
    notebook = root / "notebooks" / "provenance.py"
    notebook.write_text(
        notebook.read_text(encoding="utf-8")
        + "\n# %% [markdown]\n# Calendrier : [[fait:ai-act-annexe-iii:date]].\n",
        encoding="utf-8",
    )
    return build_site(root)


def test_lesson_placeholders_render_the_fact_with_the_to_check_marker(facts_site: Path) -> None:
    page = BeautifulSoup(
        (facts_site / "m1-decouvrir/l02-definitions/index.html").read_text(encoding="utf-8"),
        "html.parser",
    ).find("article")
    assert page is not None
    text = words(page)
    assert "[[fait:" not in text
    assert (
        "Fait : Le haut risque de l'annexe III s'applique à partir du 2 décembre 2027"
        " (à vérifier)." in text
    )
    assert "Date : 2 décembre 2027 (à vérifier)." in text
    sources = [p.get_text("") for p in page.find_all("p") if p.get_text("").startswith("Source")]
    assert sources == ["Source : Décret n° 2019-565 <b>, vérifié le 1er décembre 2026."]
    link = page.find("a", href="https://www.legifrance.gouv.fr/loda/id/JORFTEXT000038565259")
    assert link is not None and words(link) == "Décret n° 2019-565 <b>"  # text, not markup
    assert page.find("b") is None


def test_guides_and_notebook_pages_render_facts(facts_site: Path) -> None:
    guide = (facts_site / "guides/formateur/index.html").read_text(encoding="utf-8")
    assert "Qualiopi : Le référentiel Qualiopi vient du décret n° 2019-565." in words(
        BeautifulSoup(guide, "html.parser")
    )
    notebook = BeautifulSoup(
        (facts_site / "notebooks/provenance/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert "Calendrier : 2 décembre 2027 (à vérifier)." in words(notebook)
    assert "[[fait:" not in words(notebook)
    download = (facts_site / "telechargements/provenance.ipynb").read_text(encoding="utf-8")
    assert "Calendrier : 2 décembre 2027 (à vérifier)." in download  # JupyterLab shows it too
    assert "[[fait:" not in download


def test_the_changes_page_is_generated_from_the_history(facts_site: Path) -> None:
    page = BeautifulSoup(
        (facts_site / "guides/ce-qui-a-change/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    article = page.find("article")
    assert article is not None
    headings = [words(h).replace(" ¶", "") for h in article.find_all("h2")]
    assert headings == [
        "27 juillet 2026",
        "12 juillet 2024",
        "8 juin 2019",
        "Les faits du cours",
        "Ce qui reste à vérifier",
    ]
    assert "Report du haut risque de l'annexe III." in words(article)
    rows = [[words(cell) for cell in row.find_all("td")] for row in article.select("tbody tr")]
    assert rows[1] == [
        "Le référentiel Qualiopi vient du décret n° 2019-565.",
        "—",
        "Décret n° 2019-565 <b>",
        "1er décembre 2026",
        "relu",
    ]
    nav = [words(a) for a in page.select("nav.md-nav--primary a.md-nav__link")]
    assert "Ce qui a changé" in nav
    assert not list(facts_site.rglob("faits.yml"))  # the author file is not published
