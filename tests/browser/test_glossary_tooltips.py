"""Glossary tooltips in Debian chromium: reached with the Tab key, Material's tooltip opens on
focus with the definition and is tied to the word for screen readers (``aria-describedby``)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from edukit.course._glossary import load_glossary

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
GOOD_COURSE = REPO / "tests" / "fixtures" / "courses" / "good"
LESSON = "m1-decouvrir/l02-definitions/"


@pytest.fixture(scope="module")
def site_url(
    tmp_path_factory: pytest.TempPathFactory,
    copy_course: Callable[..., Path],
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
) -> str:
    root = copy_course(GOOD_COURSE, tmp_path_factory.mktemp("tooltips"), home=True)
    shutil.copy(REPO / "courses" / "glossaire.yml", root / "courses" / "glossaire.yml")
    lesson = root / "courses" / "m1-decouvrir" / "l02-definitions.md"
    text = lesson.read_text(encoding="utf-8").replace(
        "## Définir l'IA\n\nTexte.", "## Définir l'IA\n\nLe RGPD protège vos données."
    )
    lesson.write_text(text, encoding="utf-8")
    folder = tmp_path_factory.mktemp("tooltips-site")
    server = static_server(folder, "/")
    build_site(root, site_url=server.url, site_dir=folder)
    return str(server.url)


def test_the_tab_key_reaches_a_term_and_opens_its_tooltip(
    site_url: str, browser_page: tuple[Any, Any]
) -> None:
    page, log = browser_page
    page.goto(site_url + LESSON)
    definition = next(t.definition for t in load_glossary(REPO).terms if t.term == "RGPD")
    for _ in range(80):  # Tab through the header and navigation to the first term
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    assert page.evaluate("document.activeElement.textContent") == "RGPD"
    # Material ties the term to its tooltip when it opens (it moves ``title`` into the tooltip)
    page.wait_for_function("document.activeElement.hasAttribute('aria-describedby')")
    described_by = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    tooltip = page.locator(f"[id='{described_by}']")
    tooltip.wait_for(state="attached")
    assert tooltip.inner_text().strip() == definition
    assert tooltip.get_attribute("role") == "tooltip"
    active = "id => document.getElementById(id).classList.contains('md-tooltip2--active')"
    page.wait_for_function(active, arg=described_by, timeout=5000)
    page.keyboard.press("Tab")  # leaving the term closes its tooltip
    page.wait_for_function(f"id => !({active})(id)", arg=described_by, timeout=5000)
    assert log.console_errors == [] and log.page_errors == []
