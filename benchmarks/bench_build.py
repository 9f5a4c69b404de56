"""Build figures: ``edukit build`` cold, warm, after editing a lesson and after editing a
notebook, on a copy of the repository in a temporary folder (the real files are never touched),
plus page weights and the duration of the last ``make test``.

When the real course does not build (work in progress), the course fixture is measured instead
and the failure is shown as a row.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MAKE_TEST_RECORD = ROOT / ".cache" / "edukit" / "make-test-seconds"
"""The Makefile's ``test`` target writes its duration (whole seconds) here."""
EDUKIT = "import edukit.cli._build; from edukit.cli import main; main()"


class BuildError(Exception):
    pass


def _copy_repository(target: Path) -> None:
    for folder in ("courses", "notebooks", "exercises", "data", "src/edukit"):
        if (ROOT / folder).is_dir():
            shutil.copytree(
                ROOT / folder,
                target / folder,
                ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"),
            )
    for name in ("mkdocs.yml", "uv.lock"):
        shutil.copy(ROOT / name, target / name)
    if not list((target / "notebooks").glob("[!_]*.py")):  # none written yet: use the fixtures
        (target / "notebooks").mkdir(exist_ok=True)
        for notebook in (FIXTURES / "notebooks" / "notebooks").glob("*.py"):
            shutil.copy(notebook, target / "notebooks" / notebook.name)


def _copy_fixture(target: Path) -> None:
    shutil.copytree(FIXTURES / "courses" / "good", target)
    for notebook in (FIXTURES / "notebooks" / "notebooks").glob("*.py"):
        shutil.copy(notebook, target / "notebooks" / notebook.name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy(ROOT / "uv.lock", target / "uv.lock")
    (target / "courses" / "index.md").write_text("# Accueil\n\n[Plan](plan.md)\n", "utf-8")


def _build(root: Path) -> float:
    """Seconds of one ``edukit build`` in a fresh process (imports included, like ``make build``)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "COLUMNS": "200"}
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-c", EDUKIT, "build", "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
    )
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
        raise BuildError(" / ".join(lines[-3:]))
    return seconds


def _edit_lesson(root: Path) -> None:
    lesson = sorted((root / "courses").glob("*/*.md"))[0]
    with lesson.open("a", encoding="utf-8") as handle:
        handle.write("\nUne phrase ajoutée pour mesurer la reconstruction.\n")


def _edit_notebook(root: Path) -> str:
    notebook = sorted((root / "notebooks").glob("[!_]*.py"))[0]
    with notebook.open("a", encoding="utf-8") as handle:
        handle.write("\n# %%\nprint('mesure de reconstruction')\n")
    return notebook.name


def _kib(size: int) -> str:
    return f"{size / 1024:.0f} KiB"


def _page_rows(site: Path, label: str) -> list[tuple[str, str, str]]:
    pages = sorted(site.rglob("*.html"))
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    rows = [
        (f"site{label}: pages", str(len(pages)), ""),
        (f"site{label}: size on disk", f"{total / 1024 / 1024:.1f} MiB", ""),
    ]
    for kind, pattern in (("lesson", "m*/*/index.html"), ("notebook", "notebooks/*/index.html")):
        found = sorted(site.glob(pattern))
        if found:
            largest = max(found, key=lambda path: path.stat().st_size)
            html = largest.read_bytes()
            rows.append(
                (
                    f"site{label}: largest {kind} page HTML ({largest.parent.name})",
                    f"{_kib(len(html))} ({_kib(len(gzip.compress(html)))} gzip)",
                    "< 100 KiB gzip",
                )
            )
    return rows


def _make_test_row() -> tuple[str, str, str]:
    if not MAKE_TEST_RECORD.is_file():
        return ("make test: last run", "not recorded", "")
    seconds = int(MAKE_TEST_RECORD.read_text(encoding="utf-8").split()[0])
    when = datetime.fromtimestamp(MAKE_TEST_RECORD.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return ("make test: last run", f"{seconds // 60} min {seconds % 60:02d} s ({when})", "")


def run() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="edukit-bench-") as tmp:
        root = Path(tmp) / "repo"
        _copy_repository(root)
        label = ""
        try:
            cold = _build(root)
        except BuildError as error:
            rows.append(("build: real course: failed", str(error)[:200], ""))
            shutil.rmtree(root)
            _copy_fixture(root)
            label = " (course fixture)"
            cold = _build(root)
        notebooks = len(list((root / "notebooks").glob("[!_]*.py")))
        rows.append(
            (f"build{label}: cold (empty caches, {notebooks} notebooks)", f"{cold:.1f} s", "< 60 s")
        )
        rows.append((f"build{label}: warm (nothing changed)", f"{_build(root):.1f} s", "< 15 s"))
        _edit_lesson(root)
        rows.append((f"build{label}: after editing one lesson", f"{_build(root):.1f} s", "< 15 s"))
        edited = _edit_notebook(root)
        rows.append(
            (
                f"build{label}: after editing one notebook ({edited})",
                f"{_build(root):.1f} s",
                "< 30 s",
            )
        )
        rows += _page_rows(root / "site", label)
    rows.append(_make_test_row())
    return rows
