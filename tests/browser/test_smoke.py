"""Smoke test of the built site in Debian chromium: every page type loads with no console error
and no request to another host, at the root and under a subpath; the trainer view toggles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ..theme import wait_for_theme

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Site:
    url: str
    origin: str
    pages: dict[str, str]
    """Page kind → path from the site's root URL."""


FIXTURE_PAGES = {
    "home": "",
    "plan": "plan/",
    "lesson": "m1-decouvrir/l01-accueil/",
    "notebook": "notebooks/curseur/",
}


@pytest.fixture(scope="module")
def fixture_root_site(
    fixture_course: Path,
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Site:
    folder = tmp_path_factory.mktemp("root-site")
    server = static_server(folder, "/")
    build_site(fixture_course, site_url=server.url, site_dir=folder)
    return Site(server.url, server.origin, FIXTURE_PAGES)


@pytest.fixture(scope="module")
def fixture_sub_site(
    fixture_course: Path,
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Site:
    folder = tmp_path_factory.mktemp("sub-site")
    server = static_server(folder, "/sub/")
    build_site(fixture_course, site_url=server.url, site_dir=folder)
    return Site(server.url, server.origin, FIXTURE_PAGES)


@pytest.fixture(scope="module")
def course_site(
    copy_repository: Callable[[Path], Path],
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Site:
    """This repository's real course, built with --strict."""
    root = copy_repository(tmp_path_factory.mktemp("course") / "repo")
    folder = tmp_path_factory.mktemp("course-site")
    server = static_server(folder, "/")
    build_site(root, site_url=server.url, site_dir=folder)
    notebook = sorted(folder.glob("notebooks/*/index.html"))[0].parent.relative_to(folder)
    lesson = sorted(folder.glob("m1-*/*/index.html"))[0].parent.relative_to(folder)
    pages = {
        "home": "",
        "plan": "plan/",
        "lesson": f"{lesson.as_posix()}/",
        "notebook": f"{notebook.as_posix()}/",
    }
    return Site(server.url, server.origin, pages)


SITES = ["fixture_root_site", "fixture_sub_site", "course_site"]


def visit(page: Any, log: Any, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, url


def assert_clean(log: Any, origin: str) -> None:
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.foreign(origin) == []
    assert log.failed == []
    assert log.bad_status == []


@pytest.mark.parametrize("site_name", SITES)
@pytest.mark.parametrize("kind", ["home", "plan", "lesson", "notebook"])
def test_page_loads_cleanly_and_stays_on_the_site(
    request: pytest.FixtureRequest, browser_page: tuple[Any, Any], site_name: str, kind: str
) -> None:
    site: Site = request.getfixturevalue(site_name)
    page, log = browser_page
    visit(page, log, site.url + site.pages[kind])
    assert page.locator("h1").first.is_visible()
    assert log.requests, "the page made no request at all"
    assert_clean(log, site.origin)


@pytest.mark.parametrize("site_name", ["fixture_root_site", "fixture_sub_site"])
def test_instant_navigation_keeps_the_page_and_the_trainer_view(
    request: pytest.FixtureRequest, browser_page: tuple[Any, Any], site_name: str
) -> None:
    site: Site = request.getfixturevalue(site_name)
    page, log = browser_page
    visit(page, log, site.url + "m1-decouvrir/l01-accueil/")
    notes = page.locator(".admonition.formateur")
    toggle = page.get_by_role("button", name="Notes d'animation")
    assert notes.count() == 1 and not notes.is_visible()
    assert toggle.get_attribute("aria-pressed") == "false"

    toggle.focus()
    page.keyboard.press("Enter")  # keyboard operable
    assert notes.is_visible()
    assert toggle.get_attribute("aria-pressed") == "true"

    wait_for_theme(page)  # instant navigation comes with Material's bundle
    page.evaluate("window.edukitSmokeMarker = 1")  # survives instant navigation only
    page.locator("nav.md-nav--primary a", has_text="Qu'est-ce que l'IA ?").first.click()
    page.wait_for_url(site.url + "m1-decouvrir/l02-definitions/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.edukitSmokeMarker") == 1
    assert page.locator(".admonition.formateur").first.is_visible()
    assert page.get_by_role("button", name="Notes d'animation").count() == 1

    page.reload(wait_until="networkidle")  # remembered in localStorage
    assert page.locator(".admonition.formateur").first.is_visible()
    page.get_by_role("button", name="Notes d'animation").click()
    assert not page.locator(".admonition.formateur").first.is_visible()
    assert_clean(log, site.origin)


def test_footer_contrast_passes_axe(
    fixture_root_site: Site, browser_page: tuple[Any, Any], axe: Callable[..., Any]
) -> None:
    page, log = browser_page
    visit(page, log, fixture_root_site.url + "plan/")
    for scheme in ("default", "slate"):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        assert axe(page, ".md-footer", rules=["color-contrast"]) == [], scheme
    # Without our stylesheet, Material's footer fails (4.47:1): the check can tell.
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
    page.evaluate(
        """() => { for (const sheet of document.styleSheets)
             if ((sheet.href || '').includes('edukit-site/site.css')) sheet.disabled = true; }"""
    )
    assert axe(page, ".md-footer", rules=["color-contrast"]) != []


def test_notebook_download_is_served(fixture_sub_site: Site, browser_page: tuple[Any, Any]) -> None:
    page, log = browser_page
    visit(page, log, fixture_sub_site.url + "notebooks/tableau/")
    href = page.locator(".edukit-download a").evaluate("link => link.href")
    assert href == fixture_sub_site.url + "telechargements/tableau.ipynb"
    response = page.request.get(fixture_sub_site.url + "telechargements/tableau.ipynb")
    assert response.status == 200
    assert response.json()["metadata"]["kernelspec"]["name"] == "python3"
