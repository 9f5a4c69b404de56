"""Files holding the records ``quiz.js`` writes today (``RECORD_VERSION = 1``) load, merge and count."""

from __future__ import annotations

import json
from typing import Any

from edukit.progress import (
    CourseOutline,
    WidgetQuizRecord,
    learner_report,
    merge,
    parse_progress,
    seal,
)


def record(items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The object quiz.js's ``save()`` passes to ``store.set``."""
    return {
        "version": 1,
        "mode": "evaluation",
        "items": items,
        "score": sum(item["score"] for item in items.values()),
        "total": 4,
        "completed": False,
        **extra,
    }


def exported(updated: str, value: dict[str, Any], *, version: int = 1) -> bytes:
    """What store.js ``exportProgress()`` writes (version 1), or the sealed version 2."""
    data: dict[str, Any] = {
        "schema": "edukit-progress",
        "version": version,
        "course": "cours-essai",
        "exported": updated,
        "entries": [{"key": "quiz:essai:1a2b3c", "value": value, "updated": updated}],
    }
    if version == 2:
        data = seal({**data, "learner": "Alice"})
    return json.dumps(data).encode()


def item(score: float, objective: str, **extra: Any) -> dict[str, Any]:
    return {"answer": "a1b2c3", "score": score, "tries": 1, "done": True,
            "objectives": [objective], **extra}  # fmt: skip


def test_todays_record_loads_but_counts_for_no_test(outline: CourseOutline) -> None:
    data = exported("2025-06-02T10:00:00.000Z", record({"usages-ia": item(1, "l01-o1")}))
    progress = parse_progress(data, "alice.json").progress
    entry = progress.quizzes()[0]
    assert isinstance(entry.value, WidgetQuizRecord)
    assert [(r.id, r.score) for r in entry.results()] == [("usages-ia", 1.0)]
    report = learner_report(progress, outline)
    assert report.positioning.questions == report.final.questions == 0


def test_record_with_purpose_counts(outline: CourseOutline) -> None:
    value = record(
        {"usages-ia": item(1, "l01-o1"), "donnee-sensible": item(0.5, "l02-o1")},
        purpose="positionnement",
    )
    progress = parse_progress(exported("2025-06-02T10:00Z", value, version=2), "a.json").progress
    report = learner_report(progress, outline)
    rows = {row.objective.id: row for row in report.rows}
    assert (rows["l02-o1"].positioning.points, rows["l02-o1"].positioning.questions) == (0.5, 1)
    assert report.positioning.questions == 2


def test_records_merge_per_item_by_entry_time() -> None:
    day1 = parse_progress(
        exported(
            "2025-06-02T10:00Z",
            record({"usages-ia": item(0, "l01-o1"), "donnee-sensible": item(0, "l02-o1")}),
            version=2,
        ),
        "jour1.json",
    ).progress
    day3 = parse_progress(
        exported("2025-06-04T10:00Z", record({"usages-ia": item(1, "l01-o1")}), version=2),
        "jour3.json",
    ).progress
    for merged in (merge(day1, day3), merge(day3, day1)):
        value = merged.quizzes()[0].value
        assert isinstance(value, WidgetQuizRecord)
        assert {key: i.score for key, i in value.items.items()} == {
            "usages-ia": 1,
            "donnee-sensible": 0,
        }
        assert value.score == 1
