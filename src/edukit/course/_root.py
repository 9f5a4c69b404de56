"""Where a notebook finds the course (lessons, banks, facts) wherever it is opened.

A learner who downloads a notebook from the site opens it in an empty folder: there is no
``courses/`` or ``exercises/`` next to it. The wheel therefore ships a copy of the course text
and banks under ``edukit/_course/`` (about 1.5 MB of Markdown and YAML, 0.55 MB compressed in the wheel), and
:func:`course_root` falls back to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

__all__ = ["COURSE_NOT_FOUND", "PACKAGED_COURSE", "course_root"]

PACKAGED_COURSE: Final = Path(__file__).resolve().parents[1] / "_course"
"""The course copy inside an installed wheel (``edukit/_course/courses``, ``…/exercises``)."""
_SOURCE_CHECKOUT: Final = Path(__file__).resolve().parents[3]
"""The repository root when edukit runs from its source tree (an editable install)."""

COURSE_NOT_FOUND: Final = (
    "Les fichiers du cours (leçons et banques de questions) sont introuvables. "
    "Ouvrez ce notebook dans le dossier du cours, ou réinstallez edukit : "
    "« pip install --force-reinstall edukit »."
)
"""What a notebook says when neither the current folder nor the package holds the course."""


def _is_course(folder: Path) -> bool:
    return (folder / "courses").is_dir() and (folder / "exercises").is_dir()


def course_root(start: Path | None = None) -> Path | None:
    """The folder holding ``courses/`` and ``exercises/`` for a notebook opened in ``start``.

    The nearest of ``start`` (default: the current folder) and its parents wins, so an author
    working in a course repository sees their own files. Otherwise the copy shipped in the
    installed package, then the source checkout edukit runs from. ``None`` when none holds it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = course_root(Path(tmp))
    >>> root is not None and (root / "exercises").is_dir()
    True
    """
    here = Path.cwd() if start is None else Path(start)
    for folder in (here, *here.parents):
        if _is_course(folder):
            return folder
    for folder in (PACKAGED_COURSE, _SOURCE_CHECKOUT):
        if _is_course(folder):
            return folder
    return None
