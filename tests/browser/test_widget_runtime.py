"""The widget runtime in Debian chromium: a built notebook page and a Markdown page with a probe.

The site is served under a subpath by a local server; every request to another host is
aborted and recorded, so a widget that needed a CDN would fail here.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ..theme import wait_for_theme

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def _sitebuild() -> Any:
    spec = importlib.util.spec_from_file_location(
        "edukit_widget_sitebuild", ROOT / "tests" / "fixtures" / "widgets" / "sitebuild.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, static_server: Callable[..., Any]) -> str:
    workdir = tmp_path_factory.mktemp("widget-site")
    (workdir / "www").mkdir()
    url = static_server(workdir / "www").origin + "/sub/"
    _sitebuild().build_site(workdir, site_url=url)
    return str(url)


def _probe(page: Any, part: str) -> Any:
    return page.locator(f'[data-edukit-widget="probe"] [data-probe="{part}"]')


def _wait_rendered(page: Any, counter: str | None = None) -> None:
    """Wait for one rendered probe (showing ``counter`` when given: the page's own probe)."""
    page.wait_for_function(
        """expected => {
            const shown = document.querySelectorAll('[data-edukit-widget="probe"] [data-probe=count]');
            return shown.length === 1 && (expected === null || shown[0].textContent === expected);
        }""",
        arg=counter,
        timeout=10_000,
    )


def test_notebook_page_renders_and_reacts_offline(page: Any, site_url: str) -> None:
    page.goto(site_url + "probe/")
    _wait_rendered(page)
    assert _probe(page, "count").inner_text() == "Compteur : 3 clics"
    # The text saved in the notebook is shown as text, never as markup.
    assert _probe(page, "echo").inner_text() == "Écho : <b>pas du HTML</b>"
    assert page.locator('[data-edukit-widget="probe"] b').count() == 0

    _probe(page, "increment").click()
    assert _probe(page, "count").inner_text() == "Compteur : 4 clics"
    _probe(page, "text").fill("<img src=x onerror=alert(1)>")
    assert _probe(page, "echo").inner_text() == "Écho : <img src=x onerror=alert(1)>"
    assert page.locator('[data-edukit-widget="probe"] img').count() == 0

    # A plain ipywidgets slider cannot live without a kernel: a note says so.
    assert page.get_by_text("Ce contrôle nécessite Jupyter").count() == 1
    # No script is left in the content for instant navigation to re-create without its type.
    assert page.locator("article script").count() == 0
    assert page.external_requests == []
    assert page.page_errors == []


def test_markdown_block_renders_and_stored_value_survives_reload(page: Any, site_url: str) -> None:
    page.goto(site_url + "probe_page/")
    _wait_rendered(page)
    assert _probe(page, "count").inner_text() == "Compteur : 5 clics"
    assert _probe(page, "stored").inner_text() == "Aucune valeur enregistrée."
    _probe(page, "text").fill("gardé")
    _probe(page, "save").click()
    assert _probe(page, "stored").inner_text() == "Valeur enregistrée : gardé"
    key = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('edukit:'))")
    assert key == ["edukit:v1:edukit:probe:page-probe"]

    page.reload()
    _wait_rendered(page)
    assert _probe(page, "stored").inner_text() == "Valeur enregistrée : gardé"
    # Synced traits are page state, not stored progress: the counter starts over.
    assert _probe(page, "count").inner_text() == "Compteur : 5 clics"
    assert page.external_requests == []


def test_keyboard_operates_the_widget(page: Any, site_url: str) -> None:
    page.goto(site_url + "probe_page/")
    _wait_rendered(page)
    _probe(page, "increment").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert _probe(page, "count").inner_text() == "Compteur : 7 clics"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.probe") == "text"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.type("clavier")
    assert _probe(page, "echo").inner_text() == "Écho : clavier"


def test_instant_navigation_and_history(page: Any, site_url: str) -> None:
    page.goto(site_url)
    wait_for_theme(page)  # instant navigation comes with Material's bundle
    page.evaluate("window.__edukitMarker = 'same document'")
    page.locator('a.md-nav__link[href$="/sub/probe/"]').first.click()
    _wait_rendered(page)
    assert page.url.endswith("/sub/probe/")
    page.locator('a.md-nav__link[href$="/sub/probe_page/"]').first.click()
    page.wait_for_url("**/probe_page/")
    _wait_rendered(page, "Compteur : 5 clics")

    page.go_back()
    page.wait_for_url("**/sub/probe/")
    _wait_rendered(page, "Compteur : 3 clics")
    _probe(page, "increment").click()
    assert _probe(page, "count").inner_text() == "Compteur : 4 clics"
    page.go_forward()
    page.wait_for_url("**/probe_page/")
    _wait_rendered(page, "Compteur : 5 clics")
    # Instant navigation never reloaded the document: the marker is still there.
    assert page.evaluate("window.__edukitMarker") == "same document"
    assert page.external_requests == []
    assert page.page_errors == []


@pytest.mark.parametrize("path", ["probe/", "probe_page/"])
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_no_violation(
    page: Any, site_url: str, path: str, scheme: str, axe: Callable[..., Any]
) -> None:
    # The page content (notebook cells, notes, widgets) is ours; the header and footer are
    # Material's, checked with the course palette by the site's own browser tests.
    page.goto(site_url + path)
    _wait_rendered(page)
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    result = axe(page, "article.md-content__inner", tags=None)  # every rule of axe-core
    assert result == [], json.dumps(result, indent=1)
    assert page.external_requests == []


@pytest.mark.parametrize("path", ["probe/", "probe_page/"])
def test_usable_at_320_px_and_200_percent_zoom(
    offline_page: Callable[..., Any], site_url: str, path: str
) -> None:
    # 200 % zoom of a 640 px window is a 320 CSS-pixel viewport with device scale 2.
    tab = offline_page(viewport={"width": 320, "height": 640}, device_scale_factor=2)
    tab.goto(site_url + path)
    _wait_rendered(tab)
    widget = tab.locator('[data-edukit-widget="probe"]')
    box = widget.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    overflow = tab.evaluate(
        "() => [...document.querySelectorAll('[data-edukit-widget] *')]"
        ".filter(e => e.getBoundingClientRect().right > 320.5).length"
    )
    assert overflow == 0
    _probe(tab, "increment").click()
    assert "clics" in _probe(tab, "count").inner_text()


def test_reduced_motion_is_respected(offline_page: Callable[..., Any], site_url: str) -> None:
    tab = offline_page(reduced_motion="reduce")
    tab.goto(site_url + "probe_page/")
    _wait_rendered(tab)
    duration = tab.evaluate(
        "() => getComputedStyle(document.querySelector('[data-probe=increment]'))"
        ".transitionDuration"
    )
    assert duration in {"1e-05s", "0.00001s", "0s"}
