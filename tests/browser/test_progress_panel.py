"""The « Ma progression » panel and lesson tracking in Debian chromium, on the fixture course
served under a subpath: keyboard use, export read back by ``edukit.progress`` (seal verified),
erase and import, the completion toggle across reloads and instant navigation, time spent with
a fake clock, axe-core in light and dark, 320 px at 200 % zoom, and no request off the site."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from edukit.progress import read_progress

from ..theme import wait_for_theme

pytestmark = pytest.mark.browser

COURSE = "mini-cours"
LESSON = "m1-decouvrir/l01-accueil/"
NEXT_LESSON = "m1-decouvrir/l02-definitions/"
PANEL = "#edukit-progress-panel"
OPENER = '[data-edukit-progress="open"][data-edukit-place="header"]'
TOGGLE = "[data-edukit-lesson-toggle]"


@dataclass(frozen=True)
class Site:
    url: str
    origin: str


@pytest.fixture(scope="module")
def site(
    fixture_course: Path,
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Site:
    folder = tmp_path_factory.mktemp("progress-site")
    server = static_server(folder, "/sub/")
    build_site(fixture_course, site_url=server.url, site_dir=folder)
    return Site(server.url, server.origin)


def _open(page: Any, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, url
    page.wait_for_selector(OPENER, state="attached")


def _clean(log: Any, origin: str) -> None:
    assert log.console_errors == []
    assert log.page_errors == []
    assert log.foreign(origin) == []
    assert log.failed == []
    assert log.bad_status == []


def _active(page: Any) -> str:
    return str(
        page.evaluate(
            "() => document.activeElement?.dataset?.edukitProgress"
            " ?? document.activeElement?.tagName"
        )
    )


def _tab_to(page: Any, marker: str, *, limit: int = 40) -> None:
    """Press Tab until the element with ``data-edukit-progress=marker`` has the focus."""
    for _ in range(limit):
        if _active(page) == marker:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {marker!r} (focus on {_active(page)!r})")


def _stored(page: Any) -> dict[str, Any]:
    return dict(
        page.evaluate(
            """() => Object.fromEntries(Object.keys(localStorage)
                 .filter((key) => key.startsWith('edukit:'))
                 .map((key) => [key, localStorage.getItem(key)]))"""
        )
    )


def _status(page: Any) -> str:
    page.wait_for_function(
        "() => document.querySelector('[data-edukit-progress=status]').textContent !== ''"
    )
    return str(page.locator('[data-edukit-progress="status"]').text_content())


def test_keyboard_only_name_export_erase_and_import(
    site: Site, browser_page: tuple[Any, Any], tmp_path: Path
) -> None:
    page, log = browser_page
    _open(page, site.url + LESSON)

    # Close the lesson by keyboard, at the end of its page.
    page.locator(TOGGLE).focus()
    page.keyboard.press("Space")
    assert page.locator(TOGGLE).get_attribute("aria-pressed") == "true"

    # From the top of the page, Tab reaches the button in the header; Enter opens the dialog.
    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.keyboard.press("Tab")
    _tab_to(page, "open")
    opener = page.locator(OPENER)
    assert opener.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Ma progression")
    assert dialog.is_visible()
    assert page.evaluate(f"document.querySelector('{PANEL}').open") is True
    assert opener.get_attribute("aria-expanded") == "true"
    assert _active(page) == "name"
    assert "1 leçon terminée, 0 quiz commencé" in str(
        page.locator('[data-edukit-progress="summary"]').text_content()
    )

    # Export refuses to make a nameless file and says why.
    _tab_to(page, "export")
    page.keyboard.press("Enter")
    alert = page.locator('[data-edukit-progress="alert"]')
    assert "Écrivez d'abord votre prénom ou un pseudonyme" in str(alert.text_content())
    assert _active(page) == "name"
    assert (
        page.get_by_label("Votre prénom ou un pseudonyme").get_attribute("aria-invalid") == "true"
    )

    page.keyboard.type("Zoé Martin")
    _tab_to(page, "export")
    with page.expect_download() as caught:
        page.keyboard.press("Enter")
    download = caught.value
    today = page.evaluate(
        "() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]"
        ".map((n) => String(n).padStart(2, '0')).join('-'); }"
    )
    assert download.suggested_filename == f"progression-{COURSE}-zoe-martin-{today}.json"
    assert "Fichier enregistré" in _status(page)
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)

    loaded = read_progress(exported, course=COURSE)
    assert loaded.verified
    assert loaded.progress.learner == "Zoé Martin"
    lessons = {entry.key: entry.value for entry in loaded.progress.lessons()}
    assert lessons["lesson:l01-accueil"].completed is not None
    assert abs(loaded.progress.exported - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)

    # Escape closes the dialog and gives the focus back to the button that opened it.
    page.keyboard.press("Escape")
    # The dialog's "close" event, which resets aria-expanded, is dispatched asynchronously:
    # wait for it instead of reading the attribute at once (flaky under load).
    expect(dialog).to_be_hidden()
    expect(opener).to_have_attribute("aria-expanded", "false")
    assert _active(page) == "open"

    # Erase everything: a confirmation comes first, and Annuler is the safe default.
    page.keyboard.press("Enter")
    _tab_to(page, "clear")
    page.keyboard.press("Enter")
    confirm = page.get_by_role("group", name="Tout effacer ?", exact=False)
    assert confirm.is_visible()
    assert _active(page) == "cancel"
    page.keyboard.press("Enter")
    assert not confirm.is_visible()
    assert _active(page) == "clear"
    assert _stored(page) != {}
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    assert _active(page) == "confirm"
    page.keyboard.press("Enter")
    assert _status(page) == "Tout est effacé sur cet appareil."
    assert _stored(page) == {}
    assert page.get_by_label("Votre prénom ou un pseudonyme").input_value() == ""
    # The lesson's toggle heard it at once.
    assert page.locator(TOGGLE).get_attribute("aria-pressed") == "false"

    # A file changed by hand is refused, in French, and nothing is written.
    tampered = tmp_path / "modifie.json"
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["learner"] = "Quelqu'un d'autre"
    tampered.write_text(json.dumps(data), encoding="utf-8")
    import_button = page.locator('[data-edukit-progress="import"]')
    # locator.press waits until the button is visible and enabled, then focuses it and presses
    # the key: after the erase, the panel re-renders and a bare focus() could miss it.
    with page.expect_file_chooser() as chooser:
        import_button.press("Enter")
    chooser.value.set_files(str(tampered))
    page.wait_for_function(
        "() => document.querySelector('[data-edukit-progress=alert]').textContent !== ''"
    )
    refusal = str(alert.text_content())
    assert refusal.startswith("Ce fichier n'a pas été importé.")
    assert "empreinte SHA-256 différente" in refusal
    assert _stored(page) == {}

    # The exported file brings everything back, name included.
    with page.expect_file_chooser() as chooser:
        import_button.press("Enter")
    chooser.value.set_files(str(exported))
    assert _status(page) == (
        "Progression importée : 1 élément ajouté ou mis à jour ; "
        "0 élément déjà à jour sur cet appareil."
    )
    assert alert.text_content() == ""
    assert _active(page) == "import"
    assert page.get_by_label("Votre prénom ou un pseudonyme").input_value() == "Zoé Martin"
    assert page.locator(TOGGLE).get_attribute("aria-pressed") == "true"
    assert f"edukit:v1:{COURSE}:lesson:l01-accueil" in _stored(page)
    _clean(log, site.origin)


def test_completion_survives_reload_and_instant_navigation(
    site: Site, browser_page: tuple[Any, Any]
) -> None:
    page, log = browser_page
    _open(page, site.url + LESSON)
    toggle = page.get_by_role("button", name="J'ai terminé cette leçon")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    status = page.locator(".edukit-lesson-done__status")
    assert str(status.text_content()).startswith("Leçon marquée comme terminée le ")

    page.reload(wait_until="networkidle")
    page.wait_for_selector(TOGGLE)
    assert toggle.get_attribute("aria-pressed") == "true"

    page.evaluate("window.edukitProgressMarker = 1")
    wait_for_theme(page)  # instant navigation comes with Material's bundle
    page.locator("nav.md-nav--primary a", has_text="Qu'est-ce que l'IA ?").first.click()
    page.wait_for_url(site.url + NEXT_LESSON)
    page.wait_for_selector('[data-edukit-lesson-toggle="l02-definitions"]')
    assert page.evaluate("window.edukitProgressMarker") == 1, "instant navigation reloaded"
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.locator(TOGGLE).count() == 1

    page.go_back()
    page.wait_for_url(site.url + LESSON)
    page.wait_for_selector('[data-edukit-lesson-toggle="l01-accueil"]')
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    record = json.loads(_stored(page)[f"edukit:v1:{COURSE}:lesson:l01-accueil"])
    assert record["value"]["completed"] is None

    # One panel and one header button, however many pages were shown.
    assert page.locator(PANEL).count() == 1
    assert page.locator(OPENER).count() == 1
    assert page.evaluate("window.edukitProgressMarker") == 1
    _clean(log, site.origin)


@pytest.mark.parametrize("path", ["", "plan/", "notebooks/curseur/"])
def test_every_page_has_the_panel_but_only_lessons_have_the_toggle(
    site: Site, browser_page: tuple[Any, Any], path: str
) -> None:
    page, log = browser_page
    _open(page, site.url + path)
    page.locator(OPENER).click()
    assert page.get_by_role("dialog", name="Ma progression").is_visible()
    assert page.locator(TOGGLE).count() == 0
    assert page.locator("[data-edukit-lesson]").count() == 0
    _clean(log, site.origin)


SET_VISIBILITY = """state => {
    Object.defineProperty(document, 'visibilityState', {configurable: true, get: () => state});
    document.dispatchEvent(new Event('visibilitychange'));
}"""


def _seconds(page: Any, lesson: str) -> int:
    raw = _stored(page).get(f"edukit:v1:{COURSE}:lesson:{lesson}")
    return int(json.loads(raw)["value"]["seconds"]) if raw else 0


def _pause(page: Any) -> None:
    """Stop the page's clock (timers then fire only through ``clock.run_for``) and write what
    was counted so far, so that the counts after it are exact."""
    now = page.evaluate("Date.now()")
    page.clock.pause_at(dt.datetime.fromtimestamp((now + 1000) / 1000, tz=dt.UTC))
    page.evaluate(SET_VISIBILITY, "hidden")
    page.evaluate(SET_VISIBILITY, "visible")


def test_time_counts_while_visible_and_is_capped_per_visit(
    site: Site, browser_page: tuple[Any, Any]
) -> None:
    page, log = browser_page
    page.clock.install()
    _open(page, site.url + LESSON)
    assert page.locator("[data-edukit-lesson]").get_attribute("data-edukit-minutes") == "40"
    _pause(page)
    base = _seconds(page, "l01-accueil")
    assert base <= 2

    page.clock.run_for(95_000)
    # The periodic write (every 30 s, in step with the page load) ran at least twice.
    assert base + 60 <= _seconds(page, "l01-accueil") <= base + 95
    page.evaluate(SET_VISIBILITY, "hidden")  # hiding the page writes the rest
    assert _seconds(page, "l01-accueil") == base + 95
    page.clock.run_for(600_000)
    assert _seconds(page, "l01-accueil") == base + 95, "a hidden page does not count"
    page.evaluate(SET_VISIBILITY, "visible")

    # A tab forgotten for five hours counts 40 + 30 minutes at most.
    page.clock.run_for(5 * 3600 * 1000)
    assert _seconds(page, "l01-accueil") == 70 * 60

    # Leaving through instant navigation ends the visit; the next page counts for itself.
    page.clock.resume()
    wait_for_theme(page)
    page.locator("nav.md-nav--primary a", has_text="Qu'est-ce que l'IA ?").first.click()
    page.wait_for_selector('[data-edukit-lesson-toggle="l02-definitions"]')
    _pause(page)
    base = _seconds(page, "l02-definitions")
    page.clock.run_for(31_000)
    page.evaluate(SET_VISIBILITY, "hidden")
    assert _seconds(page, "l02-definitions") == base + 31
    assert _seconds(page, "l01-accueil") == 70 * 60
    _clean(log, site.origin)


AXE_CONTEXT = [PANEL, ".edukit-lesson-done", "[data-edukit-place=header]"]


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_no_violation_with_the_panel_open(
    site: Site, browser_page: tuple[Any, Any], scheme: str, axe: Callable[..., Any]
) -> None:
    page, log = browser_page
    _open(page, site.url + LESSON)
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    page.get_by_role("button", name="J'ai terminé cette leçon").click()
    assert axe(page, AXE_CONTEXT, tags=None) == []
    page.locator(OPENER).click()
    # Every state at once: an error, the confirmation, and a success message.
    page.locator('[data-edukit-progress="export"]').click()
    page.locator('[data-edukit-progress="clear"]').click()
    result = axe(page, AXE_CONTEXT, tags=None)
    assert result == [], json.dumps(result, indent=1)
    page.locator('[data-edukit-progress="cancel"]').click()
    page.get_by_label("Votre prénom ou un pseudonyme").fill("Zoé")
    with page.expect_download():
        page.locator('[data-edukit-progress="export"]').click()
    _status(page)
    result = axe(page, AXE_CONTEXT, tags=None)
    assert result == [], json.dumps(result, indent=1)
    _clean(log, site.origin)


def test_usable_at_320_px_and_200_percent_zoom(site: Site, chromium: Any) -> None:
    context = chromium.new_context(viewport={"width": 320, "height": 640}, device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(site.url + LESSON, wait_until="networkidle")
        page.wait_for_selector(TOGGLE)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        # The header has no room left: the button, with its label, opens the page content.
        assert not page.locator(OPENER).is_visible()
        top = page.get_by_role("button", name="Ma progression")
        assert top.get_attribute("data-edukit-place") == "top"
        assert top.inner_text() == "Ma progression"
        top_box = top.bounding_box()
        assert top_box is not None and top_box["x"] + top_box["width"] <= 320
        top.click()
        dialog = page.get_by_role("dialog", name="Ma progression")
        assert dialog.is_visible()
        box = dialog.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
        overflow = page.evaluate(
            """() => [...document.querySelectorAll(
                  '#edukit-progress-panel *, .edukit-lesson-done *, .edukit-progress-top *')]
                .filter(e => e.getBoundingClientRect().right > 320.5)
                .map(e => e.className || e.tagName)"""
        )
        assert overflow == []
        page.get_by_label("Votre prénom ou un pseudonyme").fill("Zoé")
        with page.expect_download() as caught:
            page.get_by_role("button", name="Exporter ma progression").click()
        assert caught.value.suggested_filename.startswith("progression-mini-cours-zoe-")
        page.keyboard.press("Escape")
        assert not dialog.is_visible()
        assert page.evaluate("document.activeElement.dataset.edukitPlace") == "top"
    finally:
        context.close()
