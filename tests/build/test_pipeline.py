"""The notebook pipeline: fingerprint, cached execution, failures, learner notebooks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from edukit.build import (
    environment_fingerprint,
    execute_notebooks,
    find_notebooks,
    fingerprint_inputs,
    learner_notebook,
    write_learner_notebooks,
)

FIXTURE_NOTEBOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "notebooks" / "notebooks"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def make_root(tmp_path: Path, *names: str) -> Path:
    root = tmp_path / "repo"
    (root / "notebooks").mkdir(parents=True)
    for name in names:
        shutil.copy(FIXTURE_NOTEBOOKS / name, root / "notebooks" / name)
    (root / "uv.lock").write_text("version = 1\n", encoding="utf-8")
    (root / "src" / "edukit").mkdir(parents=True)
    (root / "src" / "edukit" / "helpers.py").write_text("ANSWER = 42\n", encoding="utf-8")
    (root / "notebooks" / "data").mkdir()
    (root / "notebooks" / "data" / "ventes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / "courses" / "m1").mkdir(parents=True)
    (root / "courses" / "m1" / "l01.md").write_text("Le chat dort.\n", encoding="utf-8")
    return root


READS_COURSE = """# %% [markdown]
# # Lit le cours

# %%
from pathlib import Path

texte = (Path.cwd().parent / "courses" / "m1" / "l01.md").read_text(encoding="utf-8")
print(len(texte.split()), "mots")
"""


# -- fast: no kernel --------------------------------------------------------------------------


def test_fingerprint_covers_lock_source_and_data_but_not_notebook_sources(tmp_path: Path) -> None:
    root = make_root(tmp_path, "tableau.py")
    (root / "src" / "edukit" / "__pycache__").mkdir()
    (root / "src" / "edukit" / "__pycache__" / "helpers.cpython-311.pyc").write_bytes(b"x")
    (root / "exercises" / "bank").mkdir(parents=True)
    (root / "exercises" / "bank" / "items.yml").write_text("bank: {}\n", encoding="utf-8")
    assert [p.as_posix() for p in fingerprint_inputs(root)] == [
        "exercises/bank/items.yml",
        "notebooks/data/ventes.csv",
        "src/edukit/helpers.py",
        "uv.lock",
    ]


def test_fingerprint_covers_the_course_text_only_when_asked(tmp_path: Path) -> None:
    root = make_root(tmp_path, "tableau.py")
    assert "courses/m1/l01.md" not in [p.as_posix() for p in fingerprint_inputs(root)]
    assert "courses/m1/l01.md" in [
        p.as_posix() for p in fingerprint_inputs(root, with_courses=True)
    ]
    before = environment_fingerprint(root), environment_fingerprint(root, with_courses=True)
    (root / "courses" / "m1" / "l01.md").write_text("Le chien dort.\n", encoding="utf-8")
    after = environment_fingerprint(root), environment_fingerprint(root, with_courses=True)
    assert after[0] == before[0] and after[1] != before[1]


@pytest.mark.parametrize(
    "changed", ["uv.lock", "src/edukit/helpers.py", "notebooks/data/ventes.csv"]
)
def test_fingerprint_changes_with_each_input(tmp_path: Path, changed: str) -> None:
    root = make_root(tmp_path, "tableau.py")
    before = environment_fingerprint(root)
    (root / changed).write_text("changed\n", encoding="utf-8")
    assert environment_fingerprint(root) != before


def test_fingerprint_ignores_notebook_sources_and_bytecode(tmp_path: Path) -> None:
    root = make_root(tmp_path, "tableau.py")
    before = environment_fingerprint(root)
    (root / "notebooks" / "tableau.py").write_text("# %%\n1\n", encoding="utf-8")
    (root / "src" / "edukit" / "__pycache__").mkdir()
    (root / "src" / "edukit" / "__pycache__" / "x.pyc").write_bytes(b"x")
    assert environment_fingerprint(root) == before


def test_find_notebooks_skips_helpers(tmp_path: Path) -> None:
    root = make_root(tmp_path, "tableau.py", "curseur.py")
    (root / "notebooks" / "_outils.py").write_text("X = 1\n", encoding="utf-8")
    assert [p.name for p in find_notebooks(root)] == ["curseur.py", "tableau.py"]


def test_learner_notebook_has_cells_without_outputs_and_stable_bytes(tmp_path: Path) -> None:
    root = make_root(tmp_path, "tableau.py")
    nb = learner_notebook(root / "notebooks" / "tableau.py")
    assert [cell.cell_type for cell in nb.cells] == ["markdown", "code", "markdown", "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in nb.cells[1::2])
    assert nb.metadata.kernelspec.name == "python3"
    assert "jupytext" not in nb.metadata
    first = write_learner_notebooks(root, tmp_path / "out")
    text = first[0].read_text(encoding="utf-8")
    write_learner_notebooks(root, tmp_path / "out")
    assert first[0].read_text(encoding="utf-8") == text
    assert json.loads(text)["cells"][1]["id"] == "cell-1"


# -- with a kernel ----------------------------------------------------------------------------


@pytest.mark.notebook
def test_second_run_is_a_cache_hit_with_identical_output(tmp_path: Path) -> None:
    root = make_root(tmp_path, "tableau.py", "curseur.py")
    first = execute_notebooks(root)
    assert [(r.name, r.status) for r in first] == [("curseur", "executed"), ("tableau", "executed")]
    outputs = {r.name: r.output.read_bytes() for r in first if r.output}
    second = execute_notebooks(root)
    assert [r.status for r in second] == ["cached", "cached"]
    assert {r.name: r.output.read_bytes() for r in second if r.output} == outputs
    executed = json.loads(outputs["tableau"])
    assert executed["metadata"]["edukit"] == {
        "fingerprint": environment_fingerprint(root),
        "source": "notebooks/tableau.py",
    }
    printed = executed["cells"][3]["outputs"][0]["text"]
    assert "".join(printed) == "Total : 300\n"


@pytest.mark.notebook
@pytest.mark.parametrize("touch", ["src/edukit/helpers.py", "uv.lock", "notebooks/data/ventes.csv"])
def test_changing_the_environment_reexecutes(tmp_path: Path, touch: str) -> None:
    root = make_root(tmp_path, "tableau.py")
    assert [r.status for r in execute_notebooks(root)] == ["executed"]
    path = root / touch
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert [r.status for r in execute_notebooks(root)] == ["executed"]
    assert [r.status for r in execute_notebooks(root)] == ["cached"]


@pytest.mark.notebook
def test_editing_a_notebook_reexecutes_only_that_notebook(tmp_path: Path) -> None:
    root = make_root(tmp_path, "tableau.py", "curseur.py")
    execute_notebooks(root)
    source = root / "notebooks" / "tableau.py"
    source.write_text(
        source.read_text(encoding="utf-8").replace('"Total :"', '"Somme :"'), encoding="utf-8"
    )
    results = execute_notebooks(root)
    assert [(r.name, r.status) for r in results] == [("curseur", "cached"), ("tableau", "executed")]
    assert "Somme : 300" in results[1].output.read_text(encoding="utf-8")  # type: ignore[union-attr]


@pytest.mark.notebook
def test_editing_a_lesson_reexecutes_only_notebooks_that_read_the_course(tmp_path: Path) -> None:
    root = make_root(tmp_path, "tableau.py")
    (root / "notebooks" / "lit-cours.py").write_text(READS_COURSE, encoding="utf-8")
    first = execute_notebooks(root)
    assert [(r.name, r.status) for r in first] == [
        ("lit-cours", "executed"),
        ("tableau", "executed"),
    ]
    assert "3 mots" in first[0].output.read_text(encoding="utf-8")  # type: ignore[union-attr]
    (root / "courses" / "m1" / "l01.md").write_text("Le chat dort au soleil.\n", encoding="utf-8")
    second = execute_notebooks(root)
    assert [(r.name, r.status) for r in second] == [
        ("lit-cours", "executed"),
        ("tableau", "cached"),
    ]
    assert "5 mots" in second[0].output.read_text(encoding="utf-8")  # type: ignore[union-attr]


@pytest.mark.notebook
def test_widget_state_is_kept(tmp_path: Path) -> None:
    root = make_root(tmp_path, "curseur.py")
    (result,) = execute_notebooks(root)
    nb = json.loads(result.output.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    state = nb["metadata"]["widgets"][WIDGET_STATE]["state"]
    view = nb["cells"][1]["outputs"][0]["data"][WIDGET_VIEW]
    slider = state[view["model_id"]]
    assert slider["model_name"] == "IntSliderModel"
    assert slider["state"]["value"] == 7
    assert slider["state"]["description"] == "Niveau"
    # a cache hit brings the widget state back too
    (again,) = execute_notebooks(root)
    assert again.status == "cached"
    assert (
        json.loads(again.output.read_text(encoding="utf-8"))["metadata"]["widgets"]
        == (  # type: ignore[union-attr]
            nb["metadata"]["widgets"]
        )
    )


@pytest.mark.notebook
def test_failure_names_the_file_line_and_error_without_traceback(tmp_path: Path) -> None:
    root = make_root(tmp_path, "tableau.py")
    (root / "notebooks" / "casse.py").write_text(
        "# %% [markdown]\n# # Casse\n\n# %%\nimport pandas as pd\n\n# %%\n"
        "pd.read_csv('absent.csv')\n",
        encoding="utf-8",
    )
    results = execute_notebooks(root)
    assert [(r.name, r.status) for r in results] == [("casse", "failed"), ("tableau", "executed")]
    (problem,) = results[0].problems
    shown = str(problem)
    assert shown.startswith(
        "notebooks/casse.py:8: cell 2 raised FileNotFoundError: [Errno 2] No such file or directory"
    )
    assert "absent.csv" in shown
    assert "Traceback" not in shown and "\x1b[" not in shown
    assert results[0].output is None
    assert not (root / "build" / "notebooks" / "casse.ipynb").exists()


@pytest.mark.notebook
def test_removed_notebooks_leave_no_stale_output(tmp_path: Path) -> None:
    root = make_root(tmp_path, "tableau.py", "curseur.py")
    execute_notebooks(root)
    (root / "notebooks" / "curseur.py").unlink()
    execute_notebooks(root)
    assert sorted(p.name for p in (root / "build" / "notebooks").iterdir()) == ["tableau.ipynb"]


@pytest.mark.parametrize(
    ("code", "reads"),
    [
        ("NGramModel.from_course(Path('courses'))", True),
        ("PromptPlayground(mode='requetes')", True),
        ("import pandas as pd\npd.read_csv('data/ventes.csv')", False),
    ],
)
def test_notebooks_that_read_the_course_are_recognised(code: str, reads: bool) -> None:
    from edukit.build._notebooks import READS_COURSE

    assert (READS_COURSE.search(code) is not None) is reads
