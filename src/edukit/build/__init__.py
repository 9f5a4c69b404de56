"""The notebook pipeline: jupytext percent sources → cached execution → rendered ``.ipynb``.

Sources live in ``notebooks/*.py`` without outputs. :func:`execute_notebooks` runs them offline
through a jupyter-cache store keyed on the notebook *and* an environment fingerprint (edukit's
source, data files, ``uv.lock``), and writes the executed notebooks, widget state included, to
``build/notebooks/``. :func:`write_learner_notebooks` writes the output-free ``.ipynb`` files
learners download.
"""

from __future__ import annotations

from edukit.build._fingerprint import environment_fingerprint, fingerprint_inputs
from edukit.build._notebooks import (
    NotebookResult,
    execute_notebooks,
    find_notebooks,
    learner_notebook,
    notebook_problems,
    write_learner_notebooks,
)

__all__ = [
    "NotebookResult",
    "environment_fingerprint",
    "execute_notebooks",
    "find_notebooks",
    "fingerprint_inputs",
    "learner_notebook",
    "notebook_problems",
    "write_learner_notebooks",
]
