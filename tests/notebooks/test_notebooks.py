"""Every notebook executes offline, and a rerun gives the same outputs (pytest-notebook).

Sources are ``notebooks/*.py`` plus the fixture notebooks (so this never collects zero tests).
Each is executed once by the build pipeline; that executed ``.ipynb`` is the reference that
pytest-notebook executes again and compares, ignoring the saved widget state and replacing
widget model ids and ``object at 0x…`` reprs (DESIGN.md §6).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from pytest_notebook.nb_regression import NBRegressionError, NBRegressionFixture

from edukit.build import NotebookResult, execute_notebooks, find_notebooks

pytestmark = pytest.mark.notebook

REPO = Path(__file__).resolve().parents[2]
FIXTURE_NOTEBOOKS = REPO / "tests" / "fixtures" / "notebooks" / "notebooks"
SOURCES = sorted(find_notebooks(REPO) + [p for p in FIXTURE_NOTEBOOKS.glob("*.py")])
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MODEL_ID = r"\b[0-9a-f]{32}\b"


def key(source: Path) -> str:
    return ("fixture-" if source.parent == FIXTURE_NOTEBOOKS else "") + source.stem


@pytest.fixture(scope="module")
def executed(
    tmp_path_factory: pytest.TempPathFactory, copy_repository: Callable[[Path], Path]
) -> dict[str, NotebookResult]:
    """All notebooks executed by the pipeline in a copy of the repository (cold cache);
    notebooks read the course text and data from there, as they do in the repository."""
    root = copy_repository(tmp_path_factory.mktemp("notebooks") / "repo")
    for source in FIXTURE_NOTEBOOKS.glob("*.py"):
        (root / "notebooks" / source.name).unlink(missing_ok=True)  # added when none exist
        shutil.copy(source, root / "notebooks" / f"fixture-{source.name}")
    return {result.name: result for result in execute_notebooks(root)}


def regression(cwd: Path) -> NBRegressionFixture:
    return NBRegressionFixture(
        exec_timeout=600,
        exec_cwd=str(cwd),
        diff_ignore=(
            "/metadata/widgets",  # model ids and comm state differ on every run
            "/metadata/language_info/version",
            "/cells/*/outputs/*/traceback",
        ),
        diff_replace=(
            ("/cells/*/outputs", MODEL_ID, "<model-id>"),
            ("/cells/*/outputs", r"object at 0x[0-9a-fA-F]+", "object at 0x<address>"),
        ),
    )


def test_there_is_something_to_run() -> None:
    assert any(source.parent == FIXTURE_NOTEBOOKS for source in SOURCES)


@pytest.mark.parametrize("source", SOURCES, ids=key)
def test_notebook_runs_offline_and_reruns_identically(
    source: Path, executed: dict[str, NotebookResult]
) -> None:
    result = executed[key(source)]
    assert result.status == "executed", "\n".join(str(p) for p in result.problems)
    assert result.output is not None
    nb = nbformat.read(result.output, as_version=4)
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    # every widget shown in an output has its state saved in the notebook
    views = [
        output["data"][WIDGET_VIEW]["model_id"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if WIDGET_VIEW in output.get("data", {})
    ]
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    assert set(views) <= set(state)
    regression(result.output.parent.parent.parent / "notebooks").check(str(result.output))


def test_fixture_slider_state_is_checked(executed: dict[str, NotebookResult]) -> None:
    output = executed["fixture-curseur"].output
    assert output is not None
    nb = json.loads(output.read_text(encoding="utf-8"))
    view = nb["cells"][1]["outputs"][0]["data"][WIDGET_VIEW]
    slider = nb["metadata"]["widgets"][WIDGET_STATE]["state"][view["model_id"]]
    assert (slider["model_name"], slider["state"]["value"]) == ("IntSliderModel", 7)


def test_a_tampered_reference_fails(executed: dict[str, NotebookResult], tmp_path: Path) -> None:
    output = executed["fixture-tableau"].output
    assert output is not None
    tampered = tmp_path / "tableau.ipynb"
    tampered.write_text(
        output.read_text(encoding="utf-8").replace("Total : 300", "Total : 301"), encoding="utf-8"
    )
    with pytest.raises(NBRegressionError, match=re.escape("Total : 301")):
        regression(output.parent.parent.parent / "notebooks").check(str(tampered))


def test_a_tampered_widget_output_fails(
    executed: dict[str, NotebookResult], tmp_path: Path
) -> None:
    output = executed["fixture-curseur"].output
    assert output is not None
    tampered = tmp_path / "curseur.ipynb"
    tampered.write_text(
        output.read_text(encoding="utf-8").replace(
            "IntSlider(value=7, description", "IntSlider(value=8, description"
        ),
        encoding="utf-8",
    )
    assert "IntSlider(value=8, description" in tampered.read_text(encoding="utf-8")
    with pytest.raises(NBRegressionError, match=re.escape("IntSlider(value=8")):
        regression(output.parent.parent.parent / "notebooks").check(str(tampered))
