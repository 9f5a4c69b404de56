"""The notebook sources are written for learners (issue 18): public imports only, set-up cells
folded in JupyterLab and their code left off the site, trainer notebooks kept off the site."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from edukit.build import find_notebooks, learner_notebook

REPO = Path(__file__).resolve().parents[2]
PRIVATE_IMPORT = re.compile(r"^\s*(from|import)\s+edukit(\.\w+)*\._\w+", re.M)
HIDDEN = {"jupyter": {"source_hidden": True}, "tags": ["hide-input"]}


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml's own tags (!ENV, !!python/name) read as plain values."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def test_notebooks_import_public_names_only() -> None:
    offenders = [
        f"{source.name}: {match.group(0).strip()}"
        for source in find_notebooks(REPO, trainer=True)
        for match in PRIVATE_IMPORT.finditer(source.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_set_up_cells_are_folded_and_left_off_the_site() -> None:
    folded = 0
    for source in find_notebooks(REPO, trainer=True):
        for cell in learner_notebook(source).cells:
            if "course_root()" in cell.source and cell.cell_type == "code":
                assert {key: cell.metadata.get(key) for key in HIDDEN} == HIDDEN, source.name
                folded += 1
    assert folded >= 3
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), _AnyTagLoader)
    jupyter = next(p["mkdocs-jupyter"] for p in config["plugins"] if "mkdocs-jupyter" in p)
    # mkdocs-jupyter 0.26 reads only the first tag of each list
    assert jupyter["remove_tag_config"]["remove_input_tags"][0] == "hide-input"


def test_trainer_notebooks_are_not_published() -> None:
    learners = {source.name for source in find_notebooks(REPO)}
    everyone = {source.name for source in find_notebooks(REPO, trainer=True)}
    trainers = everyone - learners
    assert trainers and all(name.startswith("formateur-") for name in trainers)
