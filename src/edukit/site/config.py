"""Options of the ``edukit`` MkDocs plugin (``plugins: [edukit: {...}]`` in ``mkdocs.yml``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

__all__ = ["EdukitConfig"]


class EdukitConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options; every one has a default, so ``- edukit`` alone is enough."""

    enabled = c.Type(bool, default=True)
    """Turn the whole plugin off: every hook returns at once."""

    root = c.Optional(c.Dir(exists=True))
    """The repository root, holding ``courses/``, ``notebooks/`` and ``exercises/``.

    Defaults to the folder that holds ``docs_dir``.
    """

    check = c.Type(bool, default=True)
    """Check the course (like ``edukit check``) before building; errors stop the build."""

    trainer_build = c.Type(bool, default=False)
    """Show the trainer notes (``!!! formateur``) on every page, with no toggle.

    ``edukit build --trainer`` sets it. Otherwise the notes are hidden until a reader turns the
    trainer view on (the choice is remembered in the browser).
    """

    generate_nav = c.Type(bool, default=True)
    """Build the navigation from ``course.yml`` when ``mkdocs.yml`` has no ``nav``: home,
    plan, one section a module with its lessons in teaching order, guides, notebooks."""

    plan_title = c.Type(str, default="Plan de la formation")
    """Navigation title of the generated plan page (``plan.md``)."""

    execute_notebooks = c.Type(bool, default=True)
    """Execute ``notebooks/*.py`` (cached) before building; when off, use what is already in
    ``build/notebooks/``."""

    notebook_workers = c.Type(int, default=2)
    """Notebooks executed at the same time."""

    notebook_timeout = c.Type(int, default=600)
    """Seconds one notebook cell may run before the build fails."""

    binder_url = c.Optional(c.URL())
    """Launch address of the repository on a BinderHub or JupyterHub, for instance
    ``https://mybinder.org/v2/gh/ORGANISATION/DEPOT/main``. When set, every notebook page links
    to ``<binder_url>?urlpath=lab/tree/notebooks/<nom>.ipynb`` (the ``binder/`` environment
    converts the sources at start-up). Unset: no launch link, since none would work."""
