"""The course glossary: the data file checked with ``path:line`` messages, tooltips on the
pages through ``abbr`` (first occurrence only, focusable, never in headings or code), and the
glossary page."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edukit.course._glossary import (
    MAX_DEFINITION_WORDS,
    Glossary,
    GlossaryTerm,
    load_glossary,
    word_count,
)
from edukit.site._glossary import first_occurrences

REPO = Path(__file__).resolve().parents[2]
GOOD_COURSE = REPO / "tests" / "fixtures" / "courses" / "good"
REQUIRED = ["térawattheure", "considérant", "CIFRE", "RGAA", "jeu de validation", "C2PA"]
REQUIRED += ["jeton", "modèle", "requête", "hallucination", "biais", "hypertrucage"]
REQUIRED += ["hameçonnage", "RGPD", "AIPD"]


# -- the data file ----------------------------------------------------------------------------


def test_the_course_glossary_loads_with_every_required_term_and_short_definitions() -> None:
    glossary = load_glossary(REPO)
    assert glossary.problems == []
    terms = {term.term: term for term in glossary.terms}
    assert [word for word in REQUIRED if word not in terms] == []
    too_long = [t.term for t in glossary.terms if word_count(t.definition) > MAX_DEFINITION_WORDS]
    assert too_long == []


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "courses" / "glossaire.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return tmp_path


def test_each_mistake_is_one_message_with_file_line_and_fix(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "termes:\n"
        '  - terme: jeton\n    definition: "Un morceau de texte."\n'  # 2
        '  - terme: modèle\n    defintion: "Un programme."\n'  # 4
        "  - terme: biais\n"  # 6
        "    definition: " + " ".join(["mot"] * 21) + "\n"
        '  - terme: jetons\n    definition: "Doublon."\n'  # 8
        '  - terme: RGPD\n    definition: "La loi."\n    formes: jetons\n',  # 10
    )
    glossary = load_glossary(root)
    messages = [str(p).replace(str(tmp_path) + "/", "") for p in glossary.problems]
    assert messages == [
        "courses/glossaire.yml:5: la clé « defintion » est inconnue — "
        "vouliez-vous écrire « definition » ?",  # and no « il manque la définition » on top
        "courses/glossaire.yml:7: la définition compte 21 mots (au plus 20) — "
        "raccourcissez-la : une idée, des mots courants",
        "courses/glossaire.yml:12: « formes » doit être une liste de mots — "
        "écrivez par exemple « formes: [jetons] »",
    ]
    assert [term.term for term in glossary.terms] == ["jeton", "jetons"]


def test_a_form_already_listed_is_reported_at_its_entry(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        "termes:\n"
        '  - terme: jeton\n    formes: [jetons]\n    definition: "Un morceau de texte."\n'
        '  - terme: jetons\n    definition: "Doublon."\n',
    )
    glossary = load_glossary(root)
    assert [p.line for p in glossary.problems] == [5]
    assert "« jetons » figure déjà dans le glossaire (ligne 2)" in str(glossary.problems[0])


def test_broken_yaml_and_a_missing_list_are_reported(tmp_path: Path) -> None:
    assert load_glossary(write(tmp_path, "termes: [\n")).problems[0].line is not None
    problems = load_glossary(write(tmp_path, "mots: []\n")).problems
    assert len(problems) == 1 and "« termes »" in problems[0].message


# -- the tooltips -----------------------------------------------------------------------------


def test_first_occurrences_leave_other_abbreviations_alone() -> None:
    glossary = Glossary([GlossaryTerm("RGPD", "La loi.")])
    html = '<p><abbr title="HyperText">HTML</abbr> <abbr title="La loi.">RGPD</abbr></p>'
    assert first_occurrences(html, glossary) == (
        '<p><abbr title="HyperText">HTML</abbr> <abbr title="La loi." tabindex="0">RGPD</abbr></p>'
    )


def test_trainer_notes_keep_their_own_first_tooltip() -> None:
    """Learners never see the trainer notes: a term first met there keeps a tooltip in the
    learners' text too."""
    glossary = Glossary([GlossaryTerm("RGPD", "La loi.")])
    tip = '<abbr title="La loi.">RGPD</abbr>'
    html = (
        f'<div class="admonition formateur"><div><p>{tip} et {tip}</p></div></div>'
        f"<p>Le {tip}, encore le {tip}.</p>"
    )
    focusable = '<abbr title="La loi." tabindex="0">RGPD</abbr>'
    assert first_occurrences(html, glossary) == (
        f'<div class="admonition formateur"><div><p>{focusable} et RGPD</p></div></div>'
        f"<p>Le {focusable}, encore le RGPD.</p>"
    )


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory,
    copy_course: Callable[..., Path],
    build_site: Callable[..., Path],
) -> Path:
    root = copy_course(GOOD_COURSE, tmp_path_factory.mktemp("glossary"), home=True)
    shutil.copy(REPO / "courses" / "glossaire.yml", root / "courses" / "glossaire.yml")
    lesson = root / "courses" / "m1-decouvrir" / "l02-definitions.md"
    prose = (
        "\n## Un modèle et ses jetons\n\n"
        "Un modèle de langage lit des jetons. Le modèle ne comprend pas ; un autre modèle non plus.\n"
        "Le RGPD protège vos données personnelles, et le RGPD s'applique aussi ici.\n\n"
        "```text\nmodèle RGPD jeton\n```\n\n"
    )
    text = lesson.read_text(encoding="utf-8").replace("\n## Sources", prose + "## Sources")
    lesson.write_text(text, encoding="utf-8")
    return build_site(root)


pytestmark_site = pytest.mark.site


@pytestmark_site
def test_a_lesson_shows_each_term_once_as_a_focusable_tooltip(site: Path) -> None:
    page = BeautifulSoup(
        (site / "m1-decouvrir" / "l02-definitions" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    article = page.find("article")
    assert article is not None
    shown = {abbr.get_text(): abbr for abbr in article.find_all("abbr")}
    glossary = {term.term: term for term in load_glossary(REPO).terms}
    for word in ("modèle de langage", "jetons", "modèle", "RGPD", "données personnelles"):
        assert word in shown, f"no tooltip on « {word} »"
    assert shown["RGPD"]["title"] == glossary["RGPD"].definition
    assert shown["jetons"]["title"] == glossary["jeton"].definition
    assert all(abbr.get("tabindex") == "0" for abbr in shown.values())
    texts = [abbr.get_text() for abbr in article.find_all("abbr")]
    assert texts.count("modèle") == 1 and texts.count("RGPD") == 1
    assert not any(heading.find("abbr") for heading in article.find_all(["h1", "h2", "h3"]))
    assert not any(code.find("abbr") for code in article.find_all("code"))
    assert '"content.tooltips"' in str(page)  # Material's tooltips, which open on focus too


@pytestmark_site
def test_the_glossary_page_lists_every_term_and_is_in_the_navigation(site: Path) -> None:
    page = BeautifulSoup(
        (site / "glossaire" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    article = page.find("article")
    assert article is not None
    headings = [
        h2.get_text(" ", strip=True).removesuffix("¶").strip() for h2 in article.find_all("h2")
    ]
    terms = load_glossary(REPO).terms
    assert sorted(headings) == sorted(term.term for term in terms)
    body = " ".join(paragraph.get_text() for paragraph in article.find_all("p"))
    assert all(" ".join(term.definition.split()) in " ".join(body.split()) for term in terms)
    nav = page.select_one("nav.md-nav--primary")
    assert nav is not None and nav.find(string=re.compile(r"^\s*Glossaire\s*$"))
