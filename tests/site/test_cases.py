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
