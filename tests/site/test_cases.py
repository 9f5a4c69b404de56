"""The local cases (``courses/cas/``): in the navigation, in the search index, written to the
content style (an easy-to-read box, dated sources, facts resolved)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "courses" / "cas"
GOOD_COURSE = REPO / "tests" / "fixtures" / "courses" / "good"

# Each case of issue 14 and words a reader would search it by.
EXPECTED = {
    "forum-collectivites": ["marchés publics", "cantines", "circulation", "déchets", "habitants"],
    "convention-montpellier": ["Montpellier", "tirés au sort", "consultative"],
    "martinique-fragilite-numerique": ["Martinique", "Insee"],
    "donnee-de-reference": ["donnée de référence", "fiche de données"],
    "reconversion": ["reconversion", "Transitions Pro", "Pro-A", "CPF"],
    "atelier-seniors": ["atelier", "ChatGPT", "images"],
}


# The fixture course lasts 3 hours: two sessions of 1 h 30 (the course's own variant is 21 hours).
FIXTURE_VARIANT = """variants:
  - id: deux-seances
    title: "Deux séances"
    period: "Séance"
    schedule: {days: 2, day_minutes: 90, breaks: [{after: 45, minutes: 10}]}
    split_activities: true
"""


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory,
    copy_course: Callable[..., Path],
    build_site: Callable[..., Path],
) -> Path:
    root = copy_course(GOOD_COURSE, tmp_path_factory.mktemp("cases"), home=True)
    shutil.copytree(CASES, root / "courses" / "cas")
    if (REPO / "courses" / "faits.yml").is_file():
        shutil.copy(REPO / "courses" / "faits.yml", root / "courses" / "faits.yml")
    (root / "courses" / "variantes.yml").write_text(FIXTURE_VARIANT, encoding="utf-8")
    return build_site(root)


def _index(site: Path) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = json.loads(
        (site / "search" / "search_index.json").read_text(encoding="utf-8")
    )["docs"]
    return docs


def test_every_case_of_the_issue_has_a_page() -> None:
    pages = {path.stem for path in CASES.glob("*.md")}
    assert pages == {"index", *EXPECTED}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_search_finds_each_case_by_its_words(site: Path, case: str) -> None:
    docs = [doc for doc in _index(site) if doc["location"].startswith(f"cas/{case}/")]
    assert docs, f"cas/{case}/ is not in search_index.json"
    text = " ".join(f"{doc['title']} {doc['text']}" for doc in docs)
    missing = [word for word in EXPECTED[case] if word.lower() not in text.lower()]
    assert not missing, f"search cannot find cas/{case}/ by {missing}"


def test_the_cases_have_their_own_navigation_section(site: Path) -> None:
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav = page.select_one("nav.md-nav--primary")
    assert nav is not None
    section = next(
        item
        for item in nav.select("li.md-nav__item--section")
        if item.find(string=re.compile(r"^\s*Cas concrets\s*$"))
    )
    links = {a["href"].strip("./").removeprefix("cas/") for a in section.select("a[href]")}
    assert {f"{case}" for case in EXPECTED} <= {link.strip("/") for link in links}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_case_has_an_easy_to_read_box_dated_sources_and_resolved_facts(
    site: Path, case: str
) -> None:
    html = (site / "cas" / case / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").find("article")
    assert article is not None
    titles = [title.get_text(strip=True) for title in article.select(".admonition-title")]
    assert "En bref (facile à lire)" in titles
    assert "[[fait:" not in article.get_text()
    sources = article.find(id="sources")
    assert sources is not None, f"cas/{case}: no « Sources » section"
    entries = sources.find_next("ul").find_all("li")
    undated = [li.get_text() for li in entries if not re.search(r"\b(19|20)\d\d\b", li.get_text())]
    assert entries and not undated


def test_a_plan_variant_has_its_page_after_the_plan(site: Path) -> None:
    html = (site / "plan-deux-seances" / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    article = page.find("article")
    assert article is not None
    headings = [h2.get_text(" ", strip=True).removesuffix("¶").strip() for h2 in article("h2")]
    assert headings == ["Séance 1", "Séance 2"]
    assert article.find("a", href=re.compile(r"l03-provenance/$")) is not None
    nav = page.select_one("nav.md-nav--primary")
    assert nav is not None
    labels = [
        " ".join(item.find(["a", "label"]).get_text(" ").split())
        for item in nav.select(":scope > ul > li")
    ]
    assert labels[1:3] == ["Plan de la formation", "Plan en séances"]
