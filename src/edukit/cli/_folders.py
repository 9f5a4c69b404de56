"""Writing what the CLI exports: one file, or one whole folder, atomically.

A file is written to a temporary file beside it and renamed over it; a folder is filled beside
its target and swapped in, the old one removed last. An interrupted export never replaces a
good one nor leaves half of one. ``edukit export`` and ``edukit print`` both write through it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from edukit._problems import Problem, ProblemError

__all__ = [
    "FILE_MODE",
    "FOLDER_MODE",
    "counted_progress",
    "refuse_foreign_folder",
    "write_atomically",
    "write_folder_atomically",
]

FILE_MODE = 0o644
"""Mode of every exported file: the trainer's, readable by others (a web server, a colleague)."""
FOLDER_MODE = 0o755


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    The file gets mode 0644 (``mkstemp`` creates it 0600, which a web server or another
    account could not read); it appears whole or not at all.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fchmod(stream.fileno(), FILE_MODE)
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def refuse_foreign_folder(output: Path, mark: str, what: str, fix: str) -> None:
    """Refuse ``output`` unless it is new, empty, or holds the ``mark`` file of an earlier run.

    Raises
    ------
    ProblemError
        ``output: what — fix`` (only a folder edukit wrote is ever replaced).
    """
    if output.exists() and (
        not output.is_dir() or (any(output.iterdir()) and not (output / mark).is_file())
    ):
        raise ProblemError([Problem(output, None, what, fix)])


def write_folder_atomically(output: Path, fill: Callable[[Path], None]) -> None:
    """Fill a temporary folder beside ``output``, then swap it in (the old one removed last)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"))
    temporary.chmod(FOLDER_MODE)  # mkdtemp makes it 0700: nobody else could read the folder
    old: Path | None = None
    try:
        fill(temporary)
        if output.exists():
            old = Path(
                tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.", suffix=".old")
            )
            os.replace(output, old / "bundle")
        os.replace(temporary, output)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        if old is not None and not output.exists():
            os.replace(old / "bundle", output)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def counted_progress(console: Console) -> Progress:
    """The progress display of a run over a known number of files: what, a bar, ``n/total``."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    )
