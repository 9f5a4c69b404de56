"""A learner notebook downloaded from the site works alone in an empty folder (issue 18).

Each learner ``.ipynb`` (as the build writes it) is copied alone into ``tmp_path`` and executed
there with nbclient: no ``courses/`` or ``exercises/`` is reachable from the kernel's folder, so
banks, course text and the mini model must come through the installed package
(:func:`edukit.course.course_root`). Every cell runs without error, and every edukit widget
holds real data (questions drawn, a trained model, bias figures) and no problem note.
"""

from __future__ import annotations

import asyncio
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat import NotebookNode

from edukit.build import find_notebooks, learner_notebook
from edukit.quiz import EVALUATION_TAGS, load_bank
from edukit.quiz._course_draw import bank_folders

pytestmark = pytest.mark.notebook

REPO = Path(__file__).resolve().parents[2]
SOURCES = find_notebooks(REPO, trainer=True)
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def execute_alone(source: Path, folder: Path) -> NotebookNode:
    """Write the learner notebook of ``source`` alone into ``folder`` and run it there."""
    target = folder / f"{source.stem}.ipynb"
    nbformat.write(learner_notebook(source), target)  # type: ignore[no-untyped-call]
    nb: NotebookNode = nbformat.read(target, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
        store_widget_state=True,
        allow_errors=True,
    )
    # In a thread of its own: a test before this one (Playwright's sync API, a JupyterLab
    # driver) may leave an event loop running in the main thread, where asyncio.run() refuses.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(client.async_execute(stderr=subprocess.DEVNULL))).result()
    return nb


def edukit_widgets(nb: NotebookNode) -> list[dict[str, Any]]:
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return [
        model["state"] for model in state.values() if model.get("state", {}).get("_edukit_widget")
    ]


def evaluation_ids() -> set[str]:
    ids = set()
    for folder in bank_folders(REPO / "exercises"):
        bank, _ = load_bank(folder)
        if bank is not None:
            ids |= {item.id for item in bank.items if EVALUATION_TAGS & set(item.tags)}
    return ids


def has_data(widget: dict[str, Any]) -> bool:
    kind = widget["_edukit_widget"]
    if kind == "quiz":
        return bool(widget["payload"].get("items"))
    if kind == "playground":
        return bool(widget["model_export"]) and bool(widget["model_info"])
    if kind == "bias":
        return bool(widget["payload"])
    raise AssertionError(f"a new edukit widget kind to check: {kind}")


def test_every_notebook_is_tested() -> None:
    assert len(SOURCES) >= 7


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.stem)
def test_learner_notebook_works_alone_in_an_empty_folder(source: Path, tmp_path: Path) -> None:
    assert not any((d / "courses").exists() for d in (tmp_path, *tmp_path.parents))
    nb = execute_alone(source, tmp_path)
    errors = [
        f"cell {index}: {output.get('ename')}: {output.get('evalue')}"
        for index, cell in enumerate(nb.cells)
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []
    widgets = edukit_widgets(nb)
    if "Quiz(" in source.read_text(encoding="utf-8") or "Playground(" in source.read_text(
        encoding="utf-8"
    ):
        assert widgets, "the notebook shows edukit widgets, none was saved"
    for widget in widgets:
        assert widget["error"] == "", widget["error"]
        assert has_data(widget), f"{widget['_edukit_widget']} widget without data"
        if widget["_edukit_widget"] == "quiz" and widget["purpose"] == "entrainement":
            shown = {item["id"] for item in widget["payload"]["items"]}
            assert shown & evaluation_ids() == set(), "a practice quiz shows test items"
    printed = "\n".join(
        str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))
        for cell in nb.cells
        for output in cell.get("outputs", [])
    )
    assert "Traceback" not in printed
    assert "introuvable" not in printed
    if source.stem == "formateur-bilan":  # the final evaluation, counted per competence
        assert "30 questions, 15 compétences mesurées." in printed
        assert "Chaque compétence mesurée a ses deux questions." in printed
