"""``edukit print`` figures: the time to write the paper versions of the whole course (both tests
in large print, their grids, the trainer's key, every handout), and their pages.

Run as the trainer runs it, ``edukit print`` in a subprocess at the repository root, writing to
a temporary folder (the real files are never touched). When the real course cannot be printed
(work in progress), the paper fixture course is measured instead and the failure is a row.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "paper" / "course"
EDUKIT = [sys.executable, "-m", "edukit.cli"]


def _pages(folder: Path) -> tuple[int, int]:
    """Pages of the learner sheets and pages of every PDF."""
    import pypdfium2 as pdfium

    learner = total = 0
    for path in folder.rglob("*.pdf"):
        document = pdfium.PdfDocument(path)
        count = len(document)
        document.close()
        total += count
        if path.name != "corrige-formateur.pdf":
            learner += count
    return learner, total


def _print(root: Path, output: Path, *options: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [*EDUKIT, "print", "--root", str(root), "-o", str(output), *options],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode == 0:
        return elapsed, ""
    return elapsed, " ".join(done.stderr.split())[:160] or f"exit status {done.returncode}"


def run() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="edukit-bench-print-") as temporary:
        output = Path(temporary) / "papier"
        elapsed, failure = _print(ROOT, output)
        what = "whole course"
        if failure:
            rows.append(("edukit print, whole course: failed", failure, ""))
            output = Path(temporary) / "papier-fixture"
            elapsed, failure = _print(FIXTURE, output)
            what = "paper fixture course"
            if failure:
                rows.append(("edukit print, fixture: failed", failure, ""))
                return rows
        learner, total = _pages(output)
        files = sum(1 for path in output.rglob("*") if path.is_file())
        rows.append((f"edukit print, {what} (1 version of each test)", f"{elapsed:.1f} s", ""))
        rows.append((f"edukit print, {what}: files written", str(files), ""))
        rows.append(
            (f"edukit print, {what}: pages (learner sheets / all)", f"{learner} / {total}", "")
        )
        elapsed, failure = _print(
            ROOT if what == "whole course" else FIXTURE,
            Path(temporary) / "papier-3",
            "--versions",
            "3",
        )
        if not failure:
            rows.append((f"edukit print, {what}, 3 versions of each test", f"{elapsed:.1f} s", ""))
    return rows
