"""Material's bundle waits for the learner (``theme-on-demand.js``, :mod:`edukit.site._theme`).

A page opens in Material's « no-js » layout without the bundle; the palette, the search field
and the keyboard shortcuts already work; the learner's first press, key, focus or pointer over
the header loads the bundle, which then takes over — once, without rendering the page twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from ..theme import READY, wait_for_theme

pytestmark = pytest.mark.browser

LESSON = "m1-decouvrir/l01-accueil/"
BUNDLE = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


@pytest.fixture(scope="module")
def site_url(
    fixture_course: Path,
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """The fixture course on a subpath, as GitHub Pages serves a project."""
    folder = tmp_path_factory.mktemp("on-demand-site")
    server = static_server(folder, "/sub/")
    build_site(fixture_course, site_url=server.url, site_dir=folder)
    return str(server.url)


@pytest.fixture
def tab(chromium: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A page in a fresh context, its requests and its errors (console and uncaught)."""
    context = chromium.new_context(color_scheme="dark", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, requests, errors
    context.close()


def _bundles(requests: list[str]) -> list[str]:
    return [url for url in requests if BUNDLE.search(url)]


def test_a_page_opens_without_the_bundle_in_the_learners_scheme(
    site_url: str, tab: tuple[Any, list[str], list[str]]
) -> None:
    page, requests, errors = tab
    page.goto(site_url + LESSON, wait_until="networkidle")
    assert _bundles(requests) == []
    assert errors == []
    assert page.evaluate("document.documentElement.classList.contains('no-js')")
    # The system asks for dark: the dark palette, as Material itself would choose.
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert page.locator("input.md-search__input").is_visible()
    assert page.locator("h1").first.is_visible()
    assert errors == []


def test_the_palette_toggle_works_before_the_bundle_and_is_kept(
    site_url: str, tab: tuple[Any, list[str], list[str]]
) -> None:
    page, _requests, errors = tab
    page.route(BUNDLE, lambda route: route.abort())  # a connection that cannot fetch it yet
    page.goto(site_url + LESSON, wait_until="networkidle")
    toggle = page.locator("form[data-md-component='palette'] label:not([hidden])")
    expect(toggle).to_have_count(1)
    toggle.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.unroute(BUNDLE)
    wait_for_theme(page)  # the bundle starts from what the learner chose
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    assert [error for error in errors if "ERR_FAILED" not in error] == []


def test_search_before_the_bundle_opens_finds_and_never_reloads(
    site_url: str, tab: tuple[Any, list[str], list[str]]
) -> None:
    page, requests, errors = tab
    page.route(BUNDLE, lambda route: route.abort())
    page.goto(site_url + LESSON, wait_until="networkidle")
    page.keyboard.press("/")  # Material's shortcut, before Material is there
    field = page.locator("input.md-search__input")
    expect(field).to_be_focused()
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.type("IA")
    page.keyboard.press("Enter")
    assert page.evaluate("window.performance.getEntriesByType('navigation').length") == 1
    assert "query=" not in page.url
    assert len(_bundles(requests)) >= 1, "the key press asked for the bundle"
    page.unroute(BUNDLE)
    field.press("Space")  # another sign of activity: the bundle is asked for again
    expect(page.locator("html")).to_have_attribute("data-edukit-theme", "ready")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    assert [error for error in errors if "ERR_FAILED" not in error] == []


def test_the_bundle_takes_over_once_and_follows_instant_navigation(
    site_url: str, tab: tuple[Any, list[str], list[str]]
) -> None:
    page, requests, errors = tab
    page.goto(site_url + LESSON, wait_until="networkidle")
    page.evaluate(
        """() => { window.edukitPages = 0;
                   window.document$.subscribe(() => { window.edukitPages += 1; }); }"""
    )
    assert page.evaluate("window.edukitPages") == 1
    assert not page.evaluate(READY)
    wait_for_theme(page)
    assert page.evaluate("document.documentElement.classList.contains('js')")
    assert len(_bundles(requests)) == 1
    assert page.evaluate("window.edukitPages") == 1, "the page was not announced twice"
    page.locator("nav.md-nav--primary a[href*='l02']").first.click()
    page.wait_for_url(re.compile(r"l02"))
    expect(page.locator("h1").first).to_be_visible()
    assert page.evaluate("window.edukitPages") == 2, "instant navigation announces the page"
    assert len(_bundles(requests)) == 1
    assert errors == []


def test_highlighted_terms_load_the_bundle_at_once(
    site_url: str, tab: tuple[Any, list[str], list[str]]
) -> None:
    page, _requests, errors = tab
    page.goto(site_url + LESSON + "?h=IA", wait_until="networkidle")
    expect(page.locator("html")).to_have_attribute("data-edukit-theme", "ready")
    assert errors == []


def test_at_320_px_the_search_button_is_there_before_the_bundle(
    site_url: str, tab: tuple[Any, list[str], list[str]]
) -> None:
    page, requests, errors = tab
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(site_url + LESSON, wait_until="networkidle")
    button = page.locator("label.md-header__button[for='__search']")
    assert button.is_visible()
    assert _bundles(requests) == []
    assert errors == []
