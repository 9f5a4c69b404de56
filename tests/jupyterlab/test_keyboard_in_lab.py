"""The keyboard alone in a real JupyterLab: answer a quiz question, move the bias threshold and
the temperature, while the notebook keeps its active cell and does not scroll away.

JupyterLab takes ArrowDown, Enter or Space as notebook shortcuts; each widget stops the keys
it uses at its root (``keepKeys`` in quiz.js, bias.js and playground.js), never Tab.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.jupyterlab

ROOT = Path(__file__).resolve().parents[2]

SETUP = """\
from edukit.quiz import Option, SingleItem, Source, TrueFalseItem
from edukit.widgets import BiasExplorer, PromptPlayground, Quiz
"""
QUIZ = """\
item = SingleItem(
    id="clavier-capitale",
    prompt="Quelle ville est la capitale de la France ?",
    objectives=["o1"],
    source=Source(title="Atlas", date="2024"),
    options=[
        Option(id="lyon", text="Lyon"),
        Option(id="paris", text="Paris", correct=True),
        Option(id="lille", text="Lille"),
    ],
)
Quiz(items=[item], course="clavier-test")
"""
TEST = """\
items = [
    TrueFalseItem(id=f"page-{n}", prompt=f"Affirmation {n}.", objectives=["o1"], answer=True,
                  source=Source(title="Atlas", date="2024"))
    for n in (1, 2, 3)
]
Quiz(items=items, mode="evaluation", purpose="evaluation-finale", title="Test en pages")
"""
BIAS = 'BiasExplorer(scenarios=["recrutement"], n_samples=500, seed=3)'
PLAYGROUND = f'PromptPlayground(mode="mot-suivant", courses={str(ROOT / "courses")!r})'
FILLER = "# A tall cell after the widgets: a notebook that scrolled would show it.\n" + "\n" * 60


def _notebook(path: Path) -> None:
    cells = [nbformat.v4.new_markdown_cell("# Clavier")]
    cells += [nbformat.v4.new_code_cell(source) for source in (SETUP, QUIZ, TEST, BIAS, PLAYGROUND)]
    cells.append(nbformat.v4.new_code_cell(FILLER))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, path)


@pytest.fixture(scope="module")
def notebook(lab: Any) -> str:
    """The keyboard notebook in a folder of its own on the shared JupyterLab; its path there."""
    _notebook(lab.folder("clavier") / "clavier.ipynb")
    return "clavier/clavier.ipynb"


NOTEBOOK_STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const scroller = panel.content.node.closest('.jp-WindowedPanel-outer') ?? panel.content.node;
  return {active: panel.content.activeCellIndex, scroll: Math.round(scroller.scrollTop)};
}"""


def _focus(page: Any, selector: str) -> dict[str, int]:
    """Put the focus on one control (the starting point) and return the notebook's state."""
    page.locator(selector).first.scroll_into_view_if_needed()
    page.locator(selector).first.focus()
    page.wait_for_timeout(300)
    state: dict[str, int] = page.evaluate(NOTEBOOK_STATE)
    return state


def test_quiz_and_sliders_work_with_the_keyboard_alone(
    lab: Any, notebook: str, chromium: Any
) -> None:
    context = chromium.new_context(viewport={"width": 1200, "height": 800})
    try:
        page: Any = context.new_page()
        lab.open(page, notebook)
        lab.run_all(page)
        quiz = page.locator('[data-edukit-widget="quiz"]').first
        quiz.locator('input[type="radio"]').first.wait_for(timeout=90_000)
        slider = page.locator('[data-edukit-widget="bias"] input[data-bias="slider"]')
        slider.wait_for(timeout=90_000)
        temperature = page.locator(
            '[data-edukit-widget="playground"] [data-playground="temperature"]'
        )
        temperature.wait_for(timeout=120_000)

        # Quiz: ArrowDown picks the next answer (it used to move to another cell), Tab leaves
        # the radio group for « Valider ma réponse », Enter submits.
        before = _focus(page, '[data-edukit-widget="quiz"] input[value="lyon"]')
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        assert quiz.locator('input[value="paris"]').is_checked()
        assert page.evaluate(NOTEBOOK_STATE) == before
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement?.dataset?.quiz ?? ''")
        assert focused == "submit"
        page.keyboard.press("Enter")
        status = quiz.locator('[data-quiz="status"]')
        status.wait_for(timeout=10_000)
        assert "Bonne réponse" in status.inner_text()
        assert page.evaluate(NOTEBOOK_STATE) == before
        # A practice quiz keeps its « Exporter ma progression » folded; a test shows it open.
        assert quiz.locator('[data-quiz="export-details"]').evaluate("d => d.open") is False
        assert quiz.locator('[data-quiz="export"]').is_hidden()

        # Bias threshold: ArrowRight moves it one step; End to the last step.
        before = _focus(page, '[data-edukit-widget="bias"] input[data-bias="slider"]')
        start = int(slider.input_value())
        page.keyboard.press("ArrowRight")
        assert int(slider.input_value()) == start + 1
        page.keyboard.press("Home")
        assert slider.input_value() == "0"
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert slider.input_value() == "2"
        assert page.evaluate(NOTEBOOK_STATE) == before

        # Temperature: ArrowRight and ArrowUp raise it by one step of 0.1.
        before = _focus(page, '[data-edukit-widget="playground"] [data-playground="temperature"]')
        start_temperature = float(temperature.input_value())
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowUp")
        assert float(temperature.input_value()) == pytest.approx(start_temperature - 0.1)
        assert page.evaluate(NOTEBOOK_STATE) == before
        # Tab still leaves the slider (never stopped): the focus moves on inside the widget.
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement?.dataset?.playground ?? ''") != (
            "temperature"
        )
    finally:
        context.close()


SMALLEST_TEXT = """() => {
  const sizes = [];
  for (const widget of document.querySelectorAll('[data-edukit-widget]')) {
    const walker = document.createTreeWalker(widget, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!node.textContent.trim() || !element.getClientRects().length) continue;
      if (element.closest('.edukit-sr-only, [hidden], details:not([open]) > :not(summary)')) continue;
      let size = parseFloat(getComputedStyle(element).fontSize);
      const svg = element.closest('svg');
      if (svg && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
        size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      }
      sizes.push({size, widget: widget.dataset.edukitWidget, text: node.textContent.trim().slice(0, 40),
                  cls: element.className.baseVal ?? element.className});
    }
  }
  sizes.sort((a, b) => a.size - b.size);
  const body = [...document.querySelectorAll('[data-edukit-widget] > .edukit-widget, .edukit-widget')]
    .map((element) => parseFloat(getComputedStyle(element).fontSize));
  return {smallest: sizes.slice(0, 5), count: sizes.length, body: Math.min(...body)};
}"""


def test_widget_text_is_readable_in_jupyterlab(lab: Any, notebook: str, chromium: Any) -> None:
    """Issue 18: hints and tables were 11.7 px. Now every visible text of the quiz, the bias
    explorer and the playground is at least 14 px, and their body text at least 16 px."""
    context = chromium.new_context(viewport={"width": 1200, "height": 800})
    try:
        page: Any = context.new_page()
        lab.open(page, notebook)
        lab.run_all(page)
        page.locator('[data-edukit-widget="playground"] [data-playground="temperature"]').wait_for(
            timeout=120_000
        )
        page.locator('[data-edukit-widget="bias"] table').first.wait_for(timeout=60_000)
        found = page.evaluate(SMALLEST_TEXT)
        assert found["count"] > 50
        assert found["body"] >= 16, found
        assert found["smallest"][0]["size"] >= 14, found["smallest"]
    finally:
        context.close()


def test_a_test_in_pages_exports_the_sites_progress_file(
    lab: Any, notebook: str, chromium: Any, tmp_path: Path
) -> None:
    """Issue 18: a test shows one question at a time with its progress, and the quiz itself
    offers « Exporter ma progression »: the site's sealed file, read by edukit.progress."""
    context = chromium.new_context(viewport={"width": 1200, "height": 800}, accept_downloads=True)
    try:
        page: Any = context.new_page()
        lab.open(page, notebook)
        lab.run_all(page)
        test = page.locator('[data-edukit-widget="quiz"]').filter(has_text="Test en pages")
        position = test.locator('[data-quiz="position"]')
        position.wait_for(timeout=90_000)
        # the widget fills its text after it attaches: wait for it rather than read it at once
        expect(position).to_have_text("Question 1 sur 3 · 0 terminée(s)", timeout=30_000)
        assert test.locator("fieldset:visible").count() == 1
        assert test.locator('[data-quiz="previous"]').is_disabled()
        answered = []
        for _ in (1, 2):
            shown = test.locator("fieldset:visible")
            answered.append(shown.get_attribute("data-quiz-item"))
            shown.get_by_label("Vrai", exact=True).check()
            shown.locator('[data-quiz="submit"]').click()
            expect(shown.locator('[data-quiz="feedback"]')).to_contain_text("Réponse enregistrée")
            test.locator('[data-quiz="next"]').click()
        assert len(set(answered)) == 2
        expect(position).to_have_text("Question 3 sur 3 · 2 terminée(s)")
        assert test.locator('[data-quiz="progress"]').evaluate("p => [p.value, p.max]") == [2, 3]
        assert test.locator('[data-quiz="next"]').is_disabled()

        # Export: a name first (one French message), then the site's file.
        test.locator('[data-quiz="export"]').click()
        assert (
            test.locator('[data-quiz="export-status"]')
            .inner_text()
            .startswith("Écrivez d'abord votre prénom")
        )
        test.locator('[data-quiz="learner"]').fill("Camille")
        with page.expect_download() as download_info:
            test.locator('[data-quiz="export"]').click()
        download = download_info.value
        assert download.suggested_filename.startswith("progression-ia-ethique-responsable-camille-")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        from edukit.progress import read_progress

        loaded = read_progress(saved, course="ia-ethique-responsable")
        assert loaded.verified and loaded.progress.learner == "Camille"
        data = json.loads(saved.read_text(encoding="utf-8"))
        records = [e["value"] for e in data["entries"] if e["key"].startswith("quiz:")]
        finals = [r for r in records if r.get("purpose") == "evaluation-finale"]
        assert len(finals) == 1 and sorted(finals[0]["items"]) == sorted(answered)
        assert finals[0]["score"] == 2 and finals[0]["total"] == 3
        status = test.locator('[data-quiz="export-status"]').inner_text()
        assert status.startswith("Fichier enregistré : progression-ia-ethique-responsable-camille")
    finally:
        context.close()


# -- the training room, end to end: quiz.js -> kernel -> edukit classroom -----------------------

ROOM_CODE = "K7M-Q2X"


@pytest.fixture(scope="module")
def room(
    tmp_path_factory: pytest.TempPathFactory, free_port: Callable[[], int]
) -> Iterator[tuple[str, str]]:
    """``edukit classroom`` in its own process on 127.0.0.1; yields its URL and a learner's
    join token."""
    import httpx

    home = tmp_path_factory.mktemp("salle")
    site = home / "site"
    site.mkdir()
    page = '<!doctype html><html lang="fr"><head><title>S</title></head><body></body></html>'
    for name in ("index.html", "404.html"):
        (site / name).write_text(page, encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = (home / "salle.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "edukit.cli", "classroom", "--host", "127.0.0.1",
            "--port", str(port), "--site-dir", str(site), "--donnees", str(home / "donnees"),
            "--course-root", str(ROOT), "--code", ROOM_CODE, "--no-live",
        ],
        cwd=home,
        env={**os.environ, "EDUKIT_LANG": "fr"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 40
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("edukit classroom did not start")
            try:
                if httpx.get(url + "api/salle", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        joined = httpx.post(
            url + "api/rejoindre", json={"code": ROOM_CODE, "pseudo": "Camille"}, timeout=10
        )
        yield url, joined.json()["jeton"]
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


def test_a_notebook_quiz_reaches_the_training_room(
    room: tuple[str, str],
    chromium: Any,
    start_lab: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    import httpx

    room_url, token = room
    home = tmp_path_factory.mktemp("lab-salle")
    (home / "work").mkdir()
    _notebook(home / "work" / "clavier.ipynb")
    extra = {"EDUKIT_CLASSROOM_URL": room_url, "EDUKIT_CLASSROOM_TOKEN": token}
    with start_lab(home, extra) as room_lab:
        context = chromium.new_context(viewport={"width": 1200, "height": 800})
        try:
            page: Any = context.new_page()
            room_lab.open(page, "clavier.ipynb")
            room_lab.run_all(page)
            quiz = page.locator('[data-edukit-widget="quiz"]').first
            quiz.locator('input[value="paris"]').wait_for(timeout=90_000)
            quiz.locator('input[value="paris"]').check()
            quiz.locator('[data-quiz="submit"]').click()
            sync = quiz.locator('[data-quiz="sync-status"]')
            page.wait_for_function(
                "el => el.textContent.includes('arrivées')", arg=sync.element_handle(),
                timeout=20_000,
            )  # fmt: skip
            assert sync.inner_text() == "Vos réponses sont arrivées à la salle de formation."
            assert token not in page.content()
        finally:
            context.close()
    mine = httpx.get(
        room_url + "api/mes-donnees", headers={"Authorization": f"Bearer {token}"}, timeout=10
    ).json()["records"]
    quizzes = [r["value"] for r in mine if r["key"].startswith("quiz:")]
    assert len(quizzes) == 1
    assert quizzes[0]["items"]["clavier-capitale"]["score"] == 1
