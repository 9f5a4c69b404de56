"""The notebook pipeline: jupytext percent sources → cached execution → rendered ``.ipynb``.

Sources live in ``notebooks/*.py`` without outputs. :func:`execute_notebooks` runs them offline
through a jupyter-cache store keyed on the notebook *and* an environment fingerprint (edukit's
source, data files, ``uv.lock``), and writes the executed notebooks, widget state included, to
``build/notebooks/``. :func:`write_learner_notebooks` writes the output-free ``.ipynb`` files
learners download.

The execution half (jupytext, nbclient, jupyter-cache) is imported on first use only, so that
widgets reading :func:`source_fingerprint` in a kernel do not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from edukit.build._fingerprint import (
    environment_fingerprint,
    fingerprint_inputs,
    source_fingerprint,
)

if TYPE_CHECKING:
    from edukit.build._notebooks import (
        OUTPUT_DIR,
        NotebookResult,
        execute_notebooks,
        find_notebooks,
        learner_notebook,
        notebook_problems,
        write_learner_notebooks,
    )

__all__ = [
    "OUTPUT_DIR",
    "NotebookResult",
    "environment_fingerprint",
    "execute_notebooks",
    "find_notebooks",
    "fingerprint_inputs",
    "learner_notebook",
    "notebook_problems",
    "source_fingerprint",
    "write_learner_notebooks",
]

_LAZY = {
    "OUTPUT_DIR",
    "NotebookResult",
    "execute_notebooks",
    "find_notebooks",
    "learner_notebook",
    "notebook_problems",
    "write_learner_notebooks",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from edukit.build import _notebooks

        return getattr(_notebooks, name)
    raise AttributeError(f"module 'edukit.build' has no attribute {name!r}")
