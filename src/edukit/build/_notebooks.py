"""Execute ``notebooks/*.py`` through a fingerprinted jupyter-cache store, two at a time.

jupyter-cache stores executed notebooks under the hash of their code cells and selected
metadata. We add the environment fingerprint to that metadata, so a change of edukit's code,
of a data file or of ``uv.lock`` is a cache miss. Execution itself runs in a small thread pool
(each kernel is its own process, so two threads keep two cores busy) to report progress
notebook by notebook and to turn a failing cell into one ``path:line`` problem.
"""

from __future__ import annotations

import asyncio
import copy
import re
import subprocess
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import jupytext  # type: ignore[import-untyped]
import nbformat
from jupyter_cache.base import CacheBundleIn  # type: ignore[import-untyped]
from jupyter_cache.cache.main import JupyterCacheBase  # type: ignore[import-untyped]
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

from edukit._problems import Problem
from edukit.build._fingerprint import environment_fingerprint
from edukit.course import find_facts

__all__ = [
    "CACHE_DIR",
    "KERNELSPEC",
    "OUTPUT_DIR",
    "TRAINER_PREFIX",
    "NotebookResult",
    "execute_notebooks",
    "find_notebooks",
    "learner_notebook",
    "notebook_problems",
    "write_learner_notebooks",
]

OUTPUT_DIR = Path("build/notebooks")
"""Where executed notebooks are written, from the repository root."""
CACHE_DIR = Path(".cache/edukit/jupyter-cache")
"""The jupyter-cache store, from the repository root."""
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
"""Every notebook runs on the Python kernel of the environment edukit is installed in."""

READS_COURSE = re.compile(r"courses|PromptPlayground|NGramModel|MiniModel|from_course")
"""A notebook matching this reads the course text (directly, or through the mini language model
that learns from it): its cache key also covers ``courses/``, so a lesson edit re-executes it.
Other notebooks are not re-executed by a lesson edit."""

Status = Literal["cached", "executed", "failed"]


@dataclass(frozen=True, slots=True)
class NotebookResult:
    """What happened to one notebook source."""

    source: Path
    """The ``notebooks/<name>.py`` file."""
    status: Status
    output: Path | None = None
    """The executed ``.ipynb`` (``None`` when execution failed)."""
    seconds: float = 0.0
    """Execution time (0 for a cache hit)."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.source.stem


class _FingerprintedCache(JupyterCacheBase):  # type: ignore[misc]
    """A jupyter-cache store whose hash also covers ``metadata.edukit`` (the fingerprint).

    jupyter-cache hashes the code cells and, by default, only the ``kernelspec`` metadata.
    """

    def create_hashed_notebook(
        self,
        nb: NotebookNode,
        nb_metadata: Iterable[str] | None = ("kernelspec",),
        cell_metadata: Iterable[str] | None = None,
    ) -> tuple[NotebookNode, str]:
        keys = None if nb_metadata is None else (*nb_metadata, "edukit")
        hashed: tuple[NotebookNode, str] = super().create_hashed_notebook(nb, keys, cell_metadata)
        return hashed


TRAINER_PREFIX = "formateur-"
"""A notebook whose name starts with this is for trainers only: the site does not publish it
(neither its page nor a learner download); Binder and a room's JupyterHub still hold it."""


def find_notebooks(root: Path, *, trainer: bool = False) -> list[Path]:
    """The notebook sources ``notebooks/*.py`` of the course at ``root``, sorted by name.

    Files whose name starts with ``_`` are helpers, not notebooks. Trainer notebooks
    (``formateur-*.py``) are left out unless ``trainer`` is true.
    """
    folder = Path(root) / "notebooks"
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.glob("*.py")
        if not path.name.startswith("_") and (trainer or not path.name.startswith(TRAINER_PREFIX))
    )


def _read_source(path: Path) -> NotebookNode:
    nb: NotebookNode = jupytext.read(path, fmt="py:percent")
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.setdefault("language_info", {"name": "python"})
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"  # stable ids: same source, same bytes
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def learner_notebook(source: Path) -> NotebookNode:
    """The ``.ipynb`` learners download: the source's cells, no outputs, the Python kernel.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "demo.py"
    ...     _ = path.write_text("# %% [markdown]\\n# # Démo\\n\\n# %%\\n1 + 1\\n")
    ...     nb = learner_notebook(path)
    >>> [cell.cell_type for cell in nb.cells], nb.metadata.kernelspec.name
    (['markdown', 'code'], 'python3')
    """
    nb = _read_source(Path(source))
    facts = find_facts(Path(source))  # [[fait:…]] in Markdown cells: the course's facts
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "[[fait:" in cell.source:
            cell.source = facts.resolve(cell.source, markdown=True)
    return nb


def write_learner_notebooks(root: Path, out_dir: Path) -> list[Path]:
    """Write one output-free ``<name>.ipynb`` per notebook source into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in find_notebooks(root):
        target = out_dir / f"{source.stem}.ipynb"
        _write_if_changed(target, _dumps(learner_notebook(source)))
        written.append(target)
    return written


def _dumps(nb: NotebookNode) -> str:
    text: str = nbformat.writes(nb)  # type: ignore[no-untyped-call]
    return text + "\n"


def _write_if_changed(path: Path, text: str) -> None:
    # Unchanged files keep their mtime, so `mkdocs serve` does not rebuild for nothing.
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_MARKER = re.compile(r"^# %%", re.M)


def _cell_line(source: Path, cell_index: int, cell_count: int) -> int | None:
    """The line of the first source line of cell ``cell_index`` in a percent-format file."""
    text = source.read_text(encoding="utf-8")
    markers = [text.count("\n", 0, match.start()) + 1 for match in _MARKER.finditer(text)]
    position = cell_index - (cell_count - len(markers))  # a cell before the first marker
    if 0 <= position < len(markers):
        return markers[position] + 1
    return 1 if markers else None


def _failure(source: Path, nb: NotebookNode, cell_index: int | None, what: str) -> Problem:
    line = None
    if cell_index is not None:
        line = _cell_line(source, cell_index, len(nb.cells))
    return Problem(
        source,
        line,
        _ANSI.sub("", what).strip(),
        "fix this cell, then run `edukit build` again (run the notebook in JupyterLab to see the traceback)",
    )


def _execute(source: Path, nb: NotebookNode, timeout: int) -> tuple[NotebookNode, list[Problem]]:
    """Run every cell in the notebook's folder; a failure becomes one problem, not a traceback."""
    current: list[int] = []

    def on_cell_start(cell: NotebookNode, cell_index: int) -> None:
        current[:] = [cell_index]

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNELSPEC["name"],
        resources={"metadata": {"path": str(source.parent)}},
        record_timing=False,
        store_widget_state=True,
        on_cell_start=on_cell_start,
    )
    try:
        # The kernel's own stderr only carries start-up chatter; cell errors come as messages.
        # asyncio.run gives each worker thread its own event loop and closes it afterwards
        # (nbclient's synchronous execute() leaves one open per thread).
        asyncio.run(client.async_execute(stderr=subprocess.DEVNULL))
    except CellExecutionError as error:
        index = current[0] if current else None
        message = f"cell {_code_number(nb, index)} raised {error.ename}: {error.evalue}"
        return nb, [_failure(source, nb, index, message)]
    except CellTimeoutError:
        index = current[0] if current else None
        message = f"cell {_code_number(nb, index)} ran longer than {timeout} s"
        return nb, [_failure(source, nb, index, message)]
    except DeadKernelError:
        index = current[0] if current else None
        message = f"the kernel died while running cell {_code_number(nb, index)}"
        return nb, [_failure(source, nb, index, message)]
    return nb, []


def _code_number(nb: NotebookNode, cell_index: int | None) -> str:
    if cell_index is None:
        return "?"
    return str(sum(1 for cell in nb.cells[: cell_index + 1] if cell.cell_type == "code"))


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


def execute_notebooks(
    root: Path,
    *,
    out_dir: Path | None = None,
    cache_dir: Path | None = None,
    workers: int = 2,
    timeout: int = 600,
    on_start: Callable[[Path], None] | None = None,
    on_done: Callable[[NotebookResult], None] | None = None,
) -> list[NotebookResult]:
    """Execute the notebooks of the course at ``root`` that are not cached yet.

    Parameters
    ----------
    root
        The repository root (it holds ``notebooks/``, ``src/edukit/``, ``uv.lock``).
    out_dir, cache_dir
        Default to :data:`OUTPUT_DIR` and :data:`CACHE_DIR` under ``root``.
    workers
        Notebooks executed at the same time.
    timeout
        Seconds a single cell may run.
    on_start, on_done
        Called with a source when its execution starts, and with each result (cache hits too).

    Returns
    -------
    list[NotebookResult]
        One result per source, in name order. Problems name the source file relative to
        ``root`` and the line of the failing cell.
    """
    root = Path(root).resolve()
    out_dir = root / OUTPUT_DIR if out_dir is None else Path(out_dir)
    cache_dir = root / CACHE_DIR if cache_dir is None else Path(cache_dir)
    sources = find_notebooks(root)
    out_dir.mkdir(parents=True, exist_ok=True)
    expected = {f"{source.stem}.ipynb" for source in sources}
    for stale in out_dir.glob("*.ipynb"):
        if stale.name not in expected:
            stale.unlink()
    if not sources:
        return []
    cache = _FingerprintedCache(str(cache_dir))
    results: dict[Path, NotebookResult] = {}

    def finish(result: NotebookResult) -> None:
        results[result.source] = result
        if on_done is not None:
            on_done(result)

    pending = _read_or_reuse(root, sources, cache, out_dir, finish)
    if pending:
        _execute_pending(
            root,
            pending,
            cache,
            out_dir,
            finish,
            workers=workers,
            timeout=timeout,
            on_start=on_start,
        )
    return [results[source] for source in sources]


def _read_or_reuse(
    root: Path,
    sources: list[Path],
    cache: _FingerprintedCache,
    out_dir: Path,
    finish: Callable[[NotebookResult], None],
) -> list[tuple[Path, NotebookNode]]:
    """Read each source, fingerprinted; ``finish`` those unreadable or cached, return the rest."""
    fingerprints: dict[bool, str] = {}

    def fingerprint_of(source: Path) -> str:
        with_courses = READS_COURSE.search(source.read_text(encoding="utf-8")) is not None
        if with_courses not in fingerprints:
            fingerprints[with_courses] = environment_fingerprint(root, with_courses=with_courses)
        return fingerprints[with_courses]

    pending: list[tuple[Path, NotebookNode]] = []
    for source in sources:
        shown = _relative(source, root)
        try:
            nb = _read_source(source)
            nb.metadata["edukit"] = {
                "fingerprint": fingerprint_of(source),
                "source": f"notebooks/{source.name}",
            }
        except Exception as error:  # jupytext reports syntax problems of the percent format
            finish(
                NotebookResult(
                    source,
                    "failed",
                    problems=[
                        Problem(
                            shown,
                            None,
                            f"the notebook cannot be read: {error}",
                            "check the '# %%' cell markers",
                        )
                    ],
                )
            )
            continue
        try:
            _, cached = cache.merge_match_into_notebook(nb)
        except KeyError:
            pending.append((source, nb))
            continue
        finish(NotebookResult(source, "cached", _write_output(out_dir, source, cached, nb)))
    return pending


def _execute_pending(
    root: Path,
    pending: list[tuple[Path, NotebookNode]],
    cache: _FingerprintedCache,
    out_dir: Path,
    finish: Callable[[NotebookResult], None],
    *,
    workers: int,
    timeout: int,
    on_start: Callable[[Path], None] | None,
) -> None:
    """Execute ``pending`` on ``workers`` threads; cache and write each success, in order."""

    def run(source: Path, nb: NotebookNode) -> tuple[NotebookNode, list[Problem], float]:
        if on_start is not None:
            on_start(source)
        started = time.perf_counter()
        executed, problems = _execute(source, copy.deepcopy(nb), timeout)
        return executed, problems, time.perf_counter() - started

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures: list[tuple[Path, Future[tuple[NotebookNode, list[Problem], float]]]] = [
            (source, pool.submit(run, source, nb)) for source, nb in pending
        ]
        for source, future in futures:
            executed, problems, seconds = future.result()
            if problems:
                shown_problems = [
                    Problem(_relative(source, root), p.line, p.message, p.hint) for p in problems
                ]
                finish(NotebookResult(source, "failed", None, seconds, shown_problems))
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(executed, str(source), data={"execution_seconds": round(seconds, 3)}),
                check_validity=False,
                overwrite=True,
            )
            output = _write_output(out_dir, source, executed, executed)
            finish(NotebookResult(source, "executed", output, seconds))


def _write_output(out_dir: Path, source: Path, nb: NotebookNode, keyed: NotebookNode) -> Path:
    nb = copy.deepcopy(nb)
    nb.metadata["edukit"] = dict(keyed.metadata["edukit"])
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"
    target = out_dir / f"{source.stem}.ipynb"
    _write_if_changed(target, _dumps(nb))
    return target


def notebook_problems(results: Iterable[NotebookResult]) -> list[Problem]:
    """Every problem of every failed notebook."""
    return [problem for result in results for problem in result.problems]
