"""The last bar of issue 18, as a learner meets it: on the built site, « Télécharger le
notebook » saves each notebook into an empty folder; opened there in a real JupyterLab with the
project's kernel, « Run All Cells » ends with 0 errors and every widget answers.

The site is this repository's real course, built once for the module (the build executes the
notebooks, as ``edukit build`` does) and served on 127.0.0.1. Chromium clicks each download
link. The folder JupyterLab opens holds nothing else: banks, course text and the mini model
come through the installed edukit package.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from edukit.build import find_notebooks

pytestmark = [pytest.mark.jupyterlab, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
LEARNER_NOTEBOOKS = [source.stem for source in find_notebooks(ROOT)]
TRAINER_NOTEBOOKS = sorted(
    {source.stem for source in find_notebooks(ROOT, trainer=True)} - set(LEARNER_NOTEBOOKS)
)
DOWNLOADS = "telechargements"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Every code cell has run (or one failed: « Run All » stops there) and the kernel is idle.
RUN_OVER = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (panel?.sessionContext?.session?.kernel?.status !== 'idle') return false;
  const cells = panel.content.widgets.filter((cell) => cell.model.type === 'code');
  const failed = cells.some((cell) =>
    cell.model.outputs.toJSON().some((output) => output.output_type === 'error'));
  return failed || cells.every((cell) => cell.model.executionCount !== null);
}"""
# What the cells printed, from the notebook's model (a rendered page may skip a hidden cell).
OUTPUTS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets
    .filter((cell) => cell.model.type === 'code')
    .map((cell, index) => ({index, count: cell.model.executionCount,
                            outputs: cell.model.outputs.toJSON()}));
}"""
SHOWN_WIDGETS = "() => document.querySelectorAll('.jp-OutputArea [data-edukit-widget]').length"


@pytest.fixture(scope="module")
def downloaded(
    lab: Any,
    chromium: Any,
    copy_repository: Callable[[Path], Path],
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, str]:
    """Each notebook the learner site offers, saved by Chromium from its page's download
    link into an empty folder of the shared JupyterLab; name → path in JupyterLab."""
    root = copy_repository(tmp_path_factory.mktemp("cours") / "repo")
    folder = tmp_path_factory.mktemp("site")
    server = static_server(folder, "/")
    build_site(root, site_url=server.url, site_dir=folder)
    target = lab.folder(DOWNLOADS)
    pages = sorted(path.parent.name for path in folder.glob("notebooks/*/index.html"))
    context = chromium.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        for name in pages:
            page.goto(f"{server.url}notebooks/{name}/")
            link = page.get_by_role("link", name="Télécharger le notebook")
            with page.expect_download(timeout=30_000) as info:
                link.click()
            download = info.value
            download.save_as(target / download.suggested_filename)
    finally:
        context.close()
    saved = sorted(path.name for path in target.iterdir())
    # Every learner notebook, and only them: the trainer's stays off the learner site.
    assert saved == sorted(f"{name}.ipynb" for name in LEARNER_NOTEBOOKS)
    assert TRAINER_NOTEBOOKS and not set(TRAINER_NOTEBOOKS) & set(pages)
    # Nothing of the course around the folder: what the notebooks need comes with edukit.
    assert not any((place / "courses").exists() for place in (target, *target.parents))
    return {name: f"{DOWNLOADS}/{name}.ipynb" for name in LEARNER_NOTEBOOKS}


def _problems(cells: list[dict[str, Any]]) -> list[str]:
    """Every error, warning or traceback a learner would see under a cell."""
    found = []
    for cell in cells:
        for output in cell["outputs"]:
            kind = output["output_type"]
            if kind == "error":
                found.append(f"cell {cell['index']}: {output['ename']}: {output['evalue']}")
            elif kind == "stream" and output["name"] == "stderr":
                found.append(f"cell {cell['index']} (stderr): {output['text'][:300]}")
            else:
                text = str(output.get("text", "")) + str(output.get("data", {}).get("text/plain"))
                for word in ("Traceback", "StopIteration", "introuvable", "Error"):
                    if word in text:
                        found.append(f"cell {cell['index']}: « {word} » in {text[:300]}")
        if cell["count"] is None:
            found.append(f"cell {cell['index']} did not run")
    return found


def _answer_shown_question(quiz: Any) -> None:
    """Answer the quiz's first visible question, whatever its type, and submit it."""
    question = quiz.locator("fieldset.edukit-quiz__question:visible").first
    expect(question.locator("legend")).not_to_be_empty(timeout=30_000)
    kind = question.get_attribute("data-quiz-type")
    if kind in ("single", "true_false", "multiple"):
        question.locator("input.edukit-quiz__input").first.check()
    elif kind in ("short", "numeric"):
        question.locator("input.edukit-quiz__text").fill("1")
    elif kind == "matching":
        for select in question.locator("select.edukit-quiz__select").all():
            select.select_option(index=1)
    question.locator('[data-quiz="submit"]').click()
    feedback = question.locator('[data-quiz="feedback"]')
    expect(feedback).to_be_visible(timeout=10_000)
    expect(feedback).not_to_be_empty()


def _move_threshold(bias: Any) -> None:
    """Move the bias explorer's threshold one step with the keyboard: the chart follows."""
    slider = bias.locator('[data-bias="slider"]').first
    slider.scroll_into_view_if_needed()
    start = int(slider.input_value())
    description = bias.locator('[data-bias="chart-desc"]').first
    before = description.text_content()
    slider.focus()
    slider.press("ArrowRight" if start == 0 else "ArrowLeft")
    assert int(slider.input_value()) == (start + 1 if start == 0 else start - 1)
    expect(description).not_to_have_text(before or "", timeout=10_000)


def _use_playground(playground: Any) -> None:
    """Draw the next words (mini model mode) or send both prompts (comparison mode)."""

    def part(name: str) -> Any:
        return playground.locator(f'[data-playground="{name}"]')

    if part("send-all").is_visible():  # the mode's section shows, the other one is hidden
        part("send-all").click()
        for index in (0, 1):
            expect(part(f"status-{index}")).to_have_text("Réponse terminée.", timeout=30_000)
            expect(part(f"answer-{index}")).not_to_be_empty()
    else:
        expect(part("distribution").locator("li").first).to_contain_text("%", timeout=30_000)
        before = part("next-text").inner_text()
        part("next-one").click()
        expect(part("next-text")).not_to_have_text(before, timeout=10_000)


USE = {"quiz": _answer_shown_question, "bias": _move_threshold, "playground": _use_playground}


@pytest.mark.parametrize("name", LEARNER_NOTEBOOKS)
def test_a_downloaded_notebook_runs_all_its_cells_in_jupyterlab(
    lab: Any, downloaded: dict[str, str], chromium: Any, name: str
) -> None:
    path = downloaded[name]
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page_errors: list[str] = []
    try:
        page: Any = context.new_page()
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        lab.open(page, path)
        # The notebook names its Python kernel: no « Select Kernel » dialog.
        assert page.locator(".jp-Dialog").count() == 0
        lab.run_all(page)
        page.wait_for_function(RUN_OVER, timeout=300_000, polling=500)
        cells = page.evaluate(OUTPUTS)
        assert _problems(cells) == []
        expected = sum(
            WIDGET_VIEW in output.get("data", {}) for cell in cells for output in cell["outputs"]
        )
        source = (ROOT / "notebooks" / f"{name}.py").read_text(encoding="utf-8")
        if any(call in source for call in ("Quiz(", "Playground(", "BiasExplorer(")):
            assert expected > 0
        # Every widget output is mounted, then each answers one cheap interaction.
        page.wait_for_function(f"() => ({SHOWN_WIDGETS})() === {expected}", timeout=90_000)
        widgets = page.locator(".jp-OutputArea [data-edukit-widget]")
        for index in range(expected):
            widget = widgets.nth(index)
            widget.scroll_into_view_if_needed()
            kind = widget.get_attribute("data-edukit-widget") or ""
            assert kind in USE, f"no interaction known for the « {kind} » widget"
            USE[kind](widget)
        shown = " ".join(page.locator(".jp-OutputArea-output").all_inner_texts())
        assert "Traceback" not in shown and "StopIteration" not in shown
        assert page.locator('.jp-OutputArea-output[data-mime-type*="error"]').count() == 0
        assert page_errors == []
    finally:
        context.close()
        lab.shut_down(path)
