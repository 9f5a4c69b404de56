"""SCORM figures: the package's size and build time (whole course and one module), and how much of
SCORM 1.2's 4096-character ``cmi.suspend_data`` a learner who did everything uses.

Measured on a copy of the repository in a temporary folder (the real files are never touched);
the notebooks are executed (cached) before the timing, so the figures are the SCORM build, the
adapter and manifest step and the zip. When the real course does not build (work in progress),
the course fixture is measured instead and the failure is shown as a row.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

# A learner who did everything: every lesson done, a positioning test and a final evaluation of
# 60 questions each (one per objective), and 20 practice quizzes of 5 questions.
LEARNER_JS = """
const fs = require("fs"); const vm = require("vm");
const context = { console, TextEncoder, TextDecoder, Map, Uint8Array, setTimeout, setInterval };
context.globalThis = context; vm.createContext(context);
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), context);
const S = context.EdukitScorm;
const when = "2025-06-02T09:30:00.000Z";
function quiz(purpose, mode, count, tag) {
  const items = {};
  for (let i = 0; i < count; i += 1) {
    items[`${tag}-item-${i}`] = { answer: i % 3 ? "b" : ["a", "c"], score: i % 4 ? 1 : 0.5, tries: 1,
      done: true, objectives: [`l${String((i % 20) + 1).padStart(2, "0")}-o${(i % 3) + 1}`],
      tags: [tag], answered: when };
  }
  return { version: 1, mode, purpose, items, score: count * 0.8, total: count, completed: true };
}
const records = {};
for (let l = 1; l <= 20; l += 1) records[`lesson:l${String(l).padStart(2, "0")}-lecon`] = { value: { completed: when, seconds: 3000 + l }, updated: when };
records["quiz:positionnement:aaaaaaaaaaaa"] = { value: quiz("positionnement", "evaluation", 60, "positionnement"), updated: when };
records["quiz:evaluation:bbbbbbbbbbbb"] = { value: quiz("evaluation-finale", "evaluation", 60, "evaluation-finale"), updated: when };
for (let q = 0; q < 20; q += 1) records[`quiz:banque-${q}:cccccccccc${String(q).padStart(2, "0")}`] = { value: quiz("entrainement", "practice", 5, "pratique"), updated: when };
const raw = JSON.stringify(records).length;
const started = process.hrtime.bigint();
const encoded = S.encodeRecords("ia-ethique-responsable", records);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ raw, length: encoded.data.length, slimmed: encoded.slimmed, dropped: encoded.dropped.length, ms }));
"""


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
    if not list((target / "notebooks").glob("[!_]*.py")):
        (target / "notebooks").mkdir(exist_ok=True)
        for notebook in (FIXTURES / "notebooks" / "notebooks").glob("*.py"):
            shutil.copy(notebook, target / "notebooks" / notebook.name)


def _copy_fixture(target: Path) -> None:
    shutil.copytree(FIXTURES / "courses" / "good", target)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy(ROOT / "uv.lock", target / "uv.lock")
    (target / "courses" / "index.md").write_text("# Accueil\n\n[Plan](plan.md)\n", "utf-8")


def _package(root: Path, output: Path, module: str | None) -> tuple[float, int, int]:
    from edukit.cli._export import export_scorm

    quiet = Console(quiet=True)
    started = time.perf_counter()
    package = export_scorm(root, output, module=module, console=quiet, execute=False)
    return time.perf_counter() - started, package.size, len(package.files)


def _suspend_rows() -> list[tuple[str, str, str]]:
    if shutil.which("node") is None:
        return [("suspend_data, learner who did everything", "node missing", "")]
    from edukit.site.scorm import adapter_script

    with tempfile.TemporaryDirectory() as folder:
        adapter = Path(folder) / "scorm.js"  # the adapter as the package ships it
        adapter.write_text(adapter_script(), encoding="utf-8")
        run = subprocess.run(
            ["node", "-e", LEARNER_JS, str(adapter)], capture_output=True, text=True, check=False
        )
    if run.returncode:
        return [("suspend_data, learner who did everything", "failed", run.stderr[-200:])]
    figures = json.loads(run.stdout)
    kept = "everything kept" if not figures["dropped"] else f"{figures['dropped']} records dropped"
    return [
        (
            "suspend_data, learner who did everything",
            f"{figures['length']} chars of {figures['raw']:,} JSON ({kept}"
            f"{', slimmed' if figures['slimmed'] else ''})",
            "≤ 4096 chars (SCORM 1.2)",
        ),
        (
            "suspend_data encoding time",
            f"{figures['ms']:.0f} ms",
            "once per change of the records, < 500 ms",
        ),
    ]


def run() -> list[tuple[str, str, str]]:
    from edukit.cli._build import run_notebooks
    from edukit.course import load_course

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="edukit-bench-scorm-") as temporary:
        base = Path(temporary)
        root = base / "repo"
        _copy_repository(root)
        label = "course"
        try:
            run_notebooks(root, Console(quiet=True))
            seconds, size, count = _package(root, base / "course.zip", None)
        except Exception as error:
            rows.append(("SCORM package of the real course", "failed", str(error)[:120]))
            shutil.rmtree(root)
            root = base / "fixture"
            _copy_fixture(root)
            label = "fixture course"
            run_notebooks(root, Console(quiet=True))
            seconds, size, count = _package(root, base / "course.zip", None)
        rows.append(
            (f"SCORM package, whole {label}: size", f"{size / 1e6:.2f} MB ({count} files)", "")
        )
        rows.append((f"SCORM package, whole {label}: build + zip", f"{seconds:.1f} s", ""))
        course = load_course(root).course
        if course is not None and course.modules:
            module = max(course.modules, key=lambda module: len(module.lessons))
            seconds, size, count = _package(root, base / "module.zip", module.id)
            rows.append(
                (
                    f"SCORM package, module {module.id}: size",
                    f"{size / 1e6:.2f} MB ({count} files)",
                    "",
                )
            )
            rows.append((f"SCORM package, module {module.id}: build + zip", f"{seconds:.1f} s", ""))
    rows += _suspend_rows()
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
