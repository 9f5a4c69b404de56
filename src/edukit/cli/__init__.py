"""The ``edukit`` command: check, build, serve and export a course.

Every user-facing failure is a short message (``path:line: what — how to fix``); a traceback is
shown only with ``EDUKIT_DEBUG=1``.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console

from edukit._i18n import _
from edukit._problems import ProblemError
from edukit.cli import _build, _classroom, _course, _export, _print, _privacy, _report  # noqa: F401  (commands register on import)
from edukit.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``edukit`` console script."""
    console = Console(stderr=True)
    try:
        app()
    except ProblemError as error:
        for problem in error.problems:
            console.print(str(problem), markup=False, highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        console.print(_("Interrompu."))
        sys.exit(130)
    except Exception as error:  # last resort: a message, never a traceback
        if os.environ.get("EDUKIT_DEBUG"):
            raise
        console.print(
            _(
                "edukit a rencontré une erreur inattendue : {error}\n"
                "Relancez avec EDUKIT_DEBUG=1 pour voir le détail, "
                "et signalez-la aux mainteneurs."
            ).format(error=f"{type(error).__name__}: {error}"),
            markup=False,
            highlight=False,
        )
        sys.exit(2)
