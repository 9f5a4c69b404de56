"""Merging progress files of one learner (two devices, or exports of day 1 and day 3).

Nothing is lost: every entry, quiz item and rubric grade of either file is kept. When both files hold
the same quiz item, the newest answer wins (``answered``); for a lesson, the completion is kept
once either file has it; for any other record, the newest ``updated`` wins, as in the browser.
Times spent are counters that only grow in one browser, so the larger one is kept (two
devices may therefore under-count, never double-count). For a rubric graded twice, the newest
grade (``graded``) wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TypeVar

from edukit.progress._model import (
    Entry,
    ItemResult,
    LessonEntry,
    LessonValue,
    OtherEntry,
    ProgressFile,
    QuizEntry,
    QuizValue,
    WidgetItem,
    WidgetQuizRecord,
    newest,
)

__all__ = ["MergeError", "learner_key", "merge", "merge_all"]


class MergeError(ValueError):
    """The files cannot be merged (another course or another learner); message in French."""


def learner_key(name: str) -> str:
    """The form of a learner name used to group files: case and spacing do not matter.

    >>> learner_key("  Marie   DUPONT ") == learner_key("marie dupont")
    True
    """
    return re.sub(r"\s+", " ", name).strip().casefold()


def merge(first: ProgressFile, second: ProgressFile) -> ProgressFile:
    """One file holding everything of ``first`` and ``second`` (same course and learner).

    The merged file is sealed again when written with :meth:`ProgressFile.to_json_data`.

    Raises
    ------
    MergeError
        When the files are of two courses or two learners.
    """
    if first.course != second.course:
        raise MergeError(
            f"les fichiers concernent deux cours différents (« {first.course} » et "
            f"« {second.course} »)"
        )
    if learner_key(first.learner) != learner_key(second.learner):
        raise MergeError(
            f"les fichiers sont de deux personnes différentes (« {first.learner} » et "
            f"« {second.learner} »)"
        )
    later, earlier = (second, first) if second.exported >= first.exported else (first, second)
    by_key: dict[str, Entry] = {entry.key: entry for entry in earlier.entries}
    for entry in later.entries:
        known = by_key.get(entry.key)
        by_key[entry.key] = entry if known is None else merge_entry(known, entry)
    rubrics = {grade.rubric: grade for grade in earlier.rubrics}
    for grade in later.rubrics:
        known_grade = rubrics.get(grade.rubric)
        if known_grade is None or grade.graded >= known_grade.graded:
            rubrics[grade.rubric] = grade
    return later.model_copy(
        update={
            "entries": [by_key[key] for key in sorted(by_key)],
            "learner": later.learner,
            "rubrics": [rubrics[rubric] for rubric in sorted(rubrics)],
        }
    )


def merge_all(files: Iterable[ProgressFile]) -> ProgressFile:
    """Merge several files of one learner (see :func:`merge`)."""
    iterator = iter(files)
    try:
        result = next(iterator)
    except StopIteration:
        raise MergeError("aucun fichier à fusionner") from None
    for other in iterator:
        result = merge(result, other)
    return result


def merge_entry(earlier: Entry, later: Entry) -> Entry:
    if isinstance(earlier, QuizEntry) and isinstance(later, QuizEntry):
        return _merge_quiz(earlier, later)
    if isinstance(earlier, LessonEntry) and isinstance(later, LessonEntry):
        return _merge_lesson(earlier, later)
    assert isinstance(earlier, OtherEntry) and isinstance(later, OtherEntry)
    if earlier.updated is not None and (later.updated is None or earlier.updated > later.updated):
        return earlier
    return later


def _merge_quiz(earlier: QuizEntry, later: QuizEntry) -> QuizEntry:
    base, other = _newer_first(earlier, later)
    if isinstance(base.value, WidgetQuizRecord) and isinstance(other.value, WidgetQuizRecord):
        return _merge_records(base, other)
    if not (isinstance(base.value, QuizValue) and isinstance(other.value, QuizValue)):
        return base  # two shapes of one quiz: the newest record wins whole
    items: dict[str, ItemResult] = {item.id: item for item in other.value.items}
    for item in base.value.items:
        known = items.get(item.id)
        if known is None or item.answered >= known.answered:
            items[item.id] = item
    order = [item.id for item in base.value.items]
    order += [item.id for item in other.value.items if item.id not in set(order)]
    value: QuizValue = base.value.model_copy(
        update={
            "items": [items[item_id] for item_id in order],
            "seconds": max(earlier.value.seconds, later.value.seconds),
        }
    )
    return base.model_copy(
        update={"value": value, "updated": newest(earlier.updated, later.updated)}
    )


def _merge_records(base: QuizEntry, other: QuizEntry) -> QuizEntry:
    """Two ``quiz.js`` records: per item, the newest answer (its own time, else its entry's)."""
    assert isinstance(base.value, WidgetQuizRecord) and isinstance(other.value, WidgetQuizRecord)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)

    def when(entry: QuizEntry, item: WidgetItem) -> datetime:
        return item.answered or entry.updated or epoch

    items: dict[str, tuple[datetime, WidgetItem]] = {
        item_id: (when(other, item), item) for item_id, item in other.value.items.items()
    }
    for item_id, item in base.value.items.items():
        known = items.get(item_id)
        if known is None or when(base, item) >= known[0]:
            items[item_id] = (when(base, item), item)
    merged = {item_id: item for item_id, (_, item) in items.items()}
    value = base.value.model_copy(
        update={
            "items": merged,
            "score": sum(item.score for item in merged.values()),
            "seconds": max(base.value.seconds, other.value.seconds),
        }
    )
    return base.model_copy(update={"value": value, "updated": newest(base.updated, other.updated)})


def _merge_lesson(earlier: LessonEntry, later: LessonEntry) -> LessonEntry:
    completions = [e.value.completed for e in (earlier, later) if e.value.completed is not None]
    value = LessonValue(
        completed=min(completions) if completions else None,
        seconds=max(earlier.value.seconds, later.value.seconds),
    )
    base, _ = _newer_first(earlier, later)
    return base.model_copy(
        update={"value": value, "updated": newest(earlier.updated, later.updated)}
    )


_E = TypeVar("_E", QuizEntry, LessonEntry)


def _newer_first(earlier: _E, later: _E) -> tuple[_E, _E]:
    """The entry updated last, then the other (``later`` wins ties and unknown times)."""
    first, second = earlier.updated, later.updated
    if first is not None and (second is None or first > second):
        return earlier, later
    return later, earlier
