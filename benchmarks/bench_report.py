"""``edukit report`` for a group of 30: competence levels, item statistics, CSV, HTML, PDF.

Thirty progress files answer the course's real test forms (the items tagged
``positionnement`` and ``evaluation-finale`` in its banks), with a rubric grade each; the whole
command runs as a trainer runs it (course, banks and rubrics loaded, files read and merged,
outputs written atomically), first without PDF, then with the group report in PDF.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from edukit.cli._app import app
from edukit.cli._report import REPORT_NAME  # registers `edukit report`
from edukit.course import load_course
from edukit.progress import fingerprint, pdf_unavailable_reason
from edukit.quiz import load_bank
from edukit.quiz._course_draw import bank_folders
from edukit.quiz._forms import tagged_forms

ROOT = Path(__file__).resolve().parents[1]
LEARNERS = 30


def _file(course: str, forms: dict[str, list[Any]], learner: int) -> dict[str, Any]:
    """One learner: both tests answered (ability grows with the learner's number), a rubric."""
    rng = random.Random(learner)
    ability = 0.3 + 0.6 * learner / LEARNERS
    entries = []
    for purpose, items in forms.items():
        results = [
            {
                "id": item.id,
                "objectives": item.objectives,
                "tags": item.tags,
                "score": 1.0 if rng.random() < ability + 0.1 * (purpose != "positionnement") else 0,
                "answered": "2025-06-02T09:00:00Z",
            }
            for item in items
        ]
        value = {"bank": "all", "purpose": purpose, "seconds": 1500, "items": results}
        entries.append({"key": f"quiz:{purpose}", "updated": None, "value": value})
    rubric = {
        "rubric": "l06-requete",
        "criteria": {"role-contexte": 2, "tache-format": 2, "donnees-separees": 1, "iteration": 1},
        "grader": "Formatrice",
        "graded": "2025-06-03T16:00:00Z",
    }
    return fingerprint(
        {
            "schema": "edukit-progress",
            "version": 3,
            "course": course,
            "learner": f"Personne {learner:02d}",
            "exported": "2025-06-04T17:00:00Z",
            "entries": entries,
            "rubrics": [rubric],
        }
    )


def _time(args: list[str]) -> float:
    runner = CliRunner()
    start = time.perf_counter()
    result = runner.invoke(app, args)
    elapsed = time.perf_counter() - start
    if result.exit_code != 0:
        raise RuntimeError(f"edukit {' '.join(args[:1])} failed: {result.output[-400:]}")
    return elapsed


def run() -> list[tuple[str, str, str]]:
    load = load_course(ROOT)
    if load.course is None:
        return [("report: 30 learners", "skipped (the course does not load)", "")]
    banks = [bank for folder in bank_folders(ROOT / "exercises") if (bank := load_bank(folder)[0])]
    forms = {tag: form.items for tag, form in tagged_forms(banks).items()}
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        files = Path(folder) / "remis"
        files.mkdir()
        for learner in range(LEARNERS):
            data = _file(load.course.id, forms, learner)
            (files / f"p{learner:02d}.json").write_text(json.dumps(data), encoding="utf-8")
        base = ["report", str(files), "--course-root", str(ROOT), "-o", str(Path(folder) / "out")]
        seconds = _time([*base, "--no-pdf"])
        rows.append(
            (
                f"report: {LEARNERS} learners, {sum(map(len, forms.values()))} test items "
                "(CSV + HTML, competences, item statistics)",
                f"{seconds:.2f} s",
                "< 5 s",
            )
        )
        html = (Path(folder) / "out" / f"{REPORT_NAME}.html").stat().st_size
        rows.append(("report: HTML size for 30 learners", f"{html / 1024:.0f} KiB", ""))
        reason = pdf_unavailable_reason()
        if reason is None:
            seconds = _time(base)
            rows.append((f"report: {LEARNERS} learners with the PDF", f"{seconds:.2f} s", ""))
        else:
            rows.append(("report: with the PDF", f"skipped ({reason})", ""))
    return rows
