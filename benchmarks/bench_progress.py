"""Trainer-report figures: reading sealed progress files, a group report, PDF rendering."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from edukit.course import load_course
from edukit.progress import (
    CourseOutline,
    GroupReport,
    html_to_pdf,
    learner_report,
    pdf_unavailable_reason,
    read_progress,
    report_csv,
    report_html,
    seal,
)

ROOT = Path(__file__).resolve().parents[1]
LEARNERS = 15


def _file(outline: CourseOutline, learner: int) -> dict[str, Any]:
    """A full course's worth of answers: every objective twice at both tests, every lesson."""
    entries: list[dict[str, Any]] = []
    for purpose in ("positionnement", "evaluation-finale"):
        items = [
            {
                "id": f"{objective.id}-q{n}",
                "objectives": [objective.id],
                "score": (learner + n) % 3 / 2,
                "answered": "2025-06-02T09:00:00Z",
            }
            for objective in outline.objectives
            for n in (1, 2)
        ]
        value = {"bank": "bench", "purpose": purpose, "seconds": 1200, "items": items}
        entries.append({"key": f"quiz:{purpose}", "updated": None, "value": value})
    for lesson_id, _ in outline.lessons:
        value = {"completed": "2025-06-03T12:00:00Z", "seconds": 3000}
        entries.append({"key": f"lesson:{lesson_id}", "updated": None, "value": value})
    return seal(
        {
            "schema": "edukit-progress",
            "version": 2,
            "course": outline.id,
            "learner": f"Personne {learner}",
            "exported": "2025-06-04T17:00:00Z",
            "entries": entries,
        }
    )


def run() -> list[tuple[str, str, str]]:
    course = load_course(ROOT).course
    if course is None:
        return [("progress: report", "skipped (the course does not load)", "")]
    outline = CourseOutline.from_course(course)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for learner in range(LEARNERS):
            path = Path(folder) / f"p{learner}.json"
            path.write_text(json.dumps(_file(outline, learner)), encoding="utf-8")
            paths.append(path)
        size = paths[0].stat().st_size
        start = time.perf_counter()
        loaded = [read_progress(path, course=outline.id) for path in paths]
        read_ms = (time.perf_counter() - start) * 1000 / LEARNERS
        start = time.perf_counter()
        report = GroupReport(outline, [learner_report(item.progress, outline) for item in loaded])
        csv_data, html = report_csv(report), report_html(report)
        report_ms = (time.perf_counter() - start) * 1000
    rows += [
        ("progress: file size (whole course answered)", f"{size / 1024:.0f} KiB", "< 8 MiB cap"),
        ("progress: read + check seal + validate", f"{read_ms:.1f} ms/file", ""),
        (f"progress: CSV + HTML for {LEARNERS} learners", f"{report_ms:.0f} ms", ""),
        ("progress: report HTML size", f"{len(html) / 1024:.0f} KiB", ""),
        ("progress: report CSV size", f"{len(csv_data) / 1024:.0f} KiB", ""),
    ]
    if pdf_unavailable_reason() is None:
        start = time.perf_counter()
        pdf = html_to_pdf(html)
        seconds = time.perf_counter() - start
        rows.append(
            (
                f"progress: PDF for {LEARNERS} learners",
                f"{seconds:.1f} s, {len(pdf) / 1024:.0f} KiB",
                "",
            )
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(*row, sep=" | ")
