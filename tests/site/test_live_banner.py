"""The live preview's « en cours / à jour » note: shown by ``edukit serve --live``, never shipped
by a normal build."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from edukit.site import _live

from ..polling import wait_until

NOTE = ".edukit-live"
STATUS = f"{_live.BANNER_DIR}/status.json"
SLOW_NOTEBOOK = """# %% [markdown]
# # Relecture des leçons
#
# Lit les leçons (courses/) : un enregistrement d'une leçon l'exécute à nouveau.

# %%
import time
from pathlib import Path

lessons = sorted(Path("../courses").rglob("*.md"))
time.sleep(4)  # long enough for the note to be seen « en cours »
print(len(lessons), "fichiers")
"""
RECORDER = """
(() => {
  const seen = () => JSON.parse(sessionStorage.getItem("states") || "[]");
  const note = (text) => {
    const states = seen();
    if (text && states[states.length - 1] !== text) {
      states.push(text);
      sessionStorage.setItem("states", JSON.stringify(states));
    }
  };
  new MutationObserver(() => {
    const status = document.querySelector(".edukit-live [role=status]");
    if (status && !status.closest("[hidden]")) note(status.textContent);
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();
"""


@pytest.mark.site
def test_a_normal_build_ships_nothing_of_the_live_note(fixture_site: Path) -> None:
    assert not (fixture_site / _live.BANNER_DIR).exists()
    for page in fixture_site.rglob("*.html"):
        assert "edukit-live" not in page.read_text(encoding="utf-8"), page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _state(base: str) -> str:
    try:
        with urllib.request.urlopen(base + STATUS, timeout=2) as response:
            return str(json.loads(response.read())["state"])
    except (OSError, ValueError, KeyError):
        return ""


@pytest.fixture
def live_server(
    tmp_path: Path, copy_course: Callable[..., Path], course_fixtures: dict[str, Path]
) -> Iterator[tuple[Path, str]]:
    """``edukit serve --live`` on the good course plus a notebook that reads the lessons."""
    root = copy_course(course_fixtures["good"], tmp_path / "repo", home=True)
    (root / "notebooks" / "relecture.py").write_text(SLOW_NOTEBOOK, encoding="utf-8")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    command = [sys.executable, "-c", "from edukit.cli import main; main()", "serve", "--live"]
    server = subprocess.Popen(
        [*command, "--root", str(root), "--port", str(port)],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "EDUKIT_LANG": "fr"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(lambda: server.poll() is not None or _state(base) == "ready", 240, "first build")
        assert server.poll() is None, (tmp_path / "serve.log").read_text(encoding="utf-8")
        yield root, base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.mark.browser
def test_an_edit_shows_the_update_under_way_then_the_preview_up_to_date(
    live_server: tuple[Path, str], chromium: Any
) -> None:
    root, base = live_server
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    errors: list[str] = []
    # (other assets of the page are other tests' business)
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and _live.BANNER_DIR in r.url
            else None
        ),
    )
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(RECORDER)
    page.goto(base + "m1-decouvrir/l02-definitions/", wait_until="load")
    status = page.locator(f"{NOTE} [role=status]")
    status.wait_for(timeout=10_000)
    assert status.get_attribute("aria-live") == "polite"
    page.wait_for_function(
        "() => document.querySelector('.edukit-live [role=status]').textContent"
        " === 'Aperçu à jour'",
        timeout=20_000,
    )
    page.evaluate("sessionStorage.setItem('states', '[]')")

    lesson = root / "courses" / "m1-decouvrir" / "l02-definitions.md"
    with lesson.open("a", encoding="utf-8") as handle:
        handle.write("\nUne phrase ajoutée pendant le test.\n")
    page.wait_for_function(
        "() => document.body.innerText.includes('Une phrase ajoutée pendant le test.')",
        timeout=60_000,
    )
    page.wait_for_function(
        """() => {
          const states = JSON.parse(sessionStorage.getItem("states") || "[]");
          const running = states.findIndex((s) => s.startsWith("Mise à jour en cours : "));
          return running >= 0 && states.slice(running).includes("Aperçu à jour");
        }""",
        timeout=90_000,
    )
    states = page.evaluate("JSON.parse(sessionStorage.getItem('states'))")
    assert any("les notebooks" in state for state in states), states
    assert status.text_content() == "Aperçu à jour"

    # Readable at 320 px: inside the viewport, text at least 14 px, and room kept under the page.
    box = page.locator(NOTE).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    size = page.locator(f"{NOTE} [role=status]").evaluate("e => getComputedStyle(e).fontSize")
    assert float(size.removesuffix("px")) >= 14
    space = page.evaluate("getComputedStyle(document.body).paddingBottom")
    assert float(space.removesuffix("px")) >= box["height"]

    # Keyboard: its button is reachable and named; Escape hides the note.
    hide = page.locator(f"{NOTE} button")
    assert hide.get_attribute("aria-label") == "Masquer l'état de l'aperçu"
    hide.focus()
    page.keyboard.press("Escape")
    assert page.locator(NOTE).is_hidden()
    assert errors == []  # the page policy let live.js run and fetch its status
    context.close()


@pytest.mark.browser
def test_the_note_speaks_the_page_language_and_says_what_runs(
    tmp_path: Path, static_server: Callable[..., Any], browser_page: tuple[Any, Any]
) -> None:
    _live.write_banner(tmp_path)  # live.js, live.css and a status written as the server would
    status = _live.Status()
    status.update(site=tmp_path, background=["notebooks", "model"])
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview</title>'
        f'<link rel="stylesheet" href="{_live.BANNER_DIR}/live.css"></head>'
        f'<body><main><p>Lesson text.</p></main><script src="{_live.BANNER_DIR}/live.js">'
        "</script></body></html>",
        encoding="utf-8",
    )
    page, log = browser_page
    page.goto(static_server(tmp_path).url, wait_until="load")
    text = page.locator(f"{NOTE} [role=status]")
    page.wait_for_function(
        "() => document.querySelector('.edukit-live [role=status]')?.textContent"
        " === 'Updating: the notebooks and the mini model…'",
        timeout=10_000,
    )
    status.update(background=[], failed=True)
    page.wait_for_function(
        "() => document.querySelector('.edukit-live [role=status]').textContent"
        " === 'The update failed: see the terminal'",
        timeout=10_000,
    )
    status.update(failed=False)
    page.wait_for_function(
        "() => document.querySelector('.edukit-live [role=status]').textContent"
        " === 'Preview up to date'",
        timeout=10_000,
    )
    page.locator(f"{NOTE} button").click()
    page.reload(wait_until="load")
    page.wait_for_timeout(1500)  # a poll or more: dismissed stays dismissed for the same state
    assert page.locator(NOTE).is_hidden()
    status.update(background=["model"])
    text.wait_for(state="visible", timeout=10_000)  # a new state shows again
    assert text.text_content() == "Updating: the mini model…"
    assert log.page_errors == [] and log.bad_status in ([], [f"404 {page.url}favicon.ico"])
