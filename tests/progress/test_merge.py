"""Merging two files of one learner keeps everything, and the newest answer per item wins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edukit.progress import MergeError, ProgressFile, merge, merge_all, read_progress, seal

FILES = Path(__file__).parents[1] / "fixtures" / "progress" / "files"
DAY1 = FILES / "bruno-jour1.json"
DAY3 = FILES / "sous-dossier" / "bruno-jour3.json"


def items_of(progress: ProgressFile, key: str) -> dict[str, float]:
    entry = next(entry for entry in progress.quizzes() if entry.key == key)
    return {item.id: item.score for item in entry.value.items}


def test_merge_keeps_every_entry_and_item() -> None:
    day1, day3 = read_progress(DAY1).progress, read_progress(DAY3).progress
    merged = merge(day1, day3)
    keys = {entry.key for entry in merged.entries}
    assert keys == {entry.key for entry in day1.entries} | {entry.key for entry in day3.entries}
    assert items_of(merged, "quiz:l01-positionnement") == {
        "usages-ia": 0,
        "usages-metier": 0,
        "reponse-inventee": 0,
        "donnee-sensible": 1,
    }
    assert set(items_of(merged, "quiz:l02-finale")) == {"usages-ia-2", "reponse-inventee-2"}
    assert merged.exported == day3.exported


def test_merge_is_symmetric() -> None:
    day1, day3 = read_progress(DAY1).progress, read_progress(DAY3).progress
    assert merge(day1, day3).model_dump(exclude={"integrity"}) == merge(day3, day1).model_dump(
        exclude={"integrity"}
    )


def test_newest_answer_wins_whichever_file_is_newer(tmp_path: Path) -> None:
    day1 = json.loads(DAY1.read_text(encoding="utf-8"))
    # the day-1 file re-answers one item *after* the day-3 file's answer to it
    day1["entries"][0]["value"]["items"].append(
        {
            "id": "donnee-sensible",
            "objectives": ["l02-o1"],
            "score": 0.25,
            "answered": "2025-06-05T08:00:00Z",
        }
    )
    target = tmp_path / "jour1.json"
    target.write_text(json.dumps(seal(day1)), encoding="utf-8")
    merged = merge(read_progress(target).progress, read_progress(DAY3).progress)
    assert items_of(merged, "quiz:l01-positionnement")["donnee-sensible"] == 0.25


def test_lesson_completion_is_never_lost_and_time_is_the_larger() -> None:
    day1, day3 = read_progress(DAY1).progress, read_progress(DAY3).progress
    merged = merge(day1, day3)
    lessons = {entry.key: entry.value for entry in merged.lessons()}
    assert lessons["lesson:l01-accueil"].completed is not None
    assert lessons["lesson:l02-donnees"].completed is None
    quiz = next(e for e in merged.quizzes() if e.key == "quiz:l01-positionnement")
    assert quiz.value.seconds == 600


def test_merged_file_is_sealed_and_loads_again(tmp_path: Path) -> None:
    merged = merge_all(read_progress(path).progress for path in (DAY1, DAY3))
    target = tmp_path / "fusion.json"
    target.write_text(json.dumps(merged.to_json_data()), encoding="utf-8")
    assert read_progress(target).verified


def test_two_learners_or_courses_are_not_merged() -> None:
    alice = read_progress(FILES / "alice.json").progress
    bruno = read_progress(DAY1).progress
    with pytest.raises(MergeError, match="deux personnes différentes"):
        merge(alice, bruno)
    other = alice.model_copy(update={"course": "autre"})
    with pytest.raises(MergeError, match="deux cours différents"):
        merge(alice, other)
    with pytest.raises(MergeError):
        merge_all([])


def test_merge_keeps_rubric_grades_the_newest_wins() -> None:
    from edukit.progress import RubricGrade

    def graded(level: int, day: int) -> RubricGrade:
        return RubricGrade.model_validate(
            {
                "rubric": "l06-requete",
                "criteria": {"role-contexte": level},
                "grader": "Mme Leroy",
                "graded": f"2025-06-0{day}T16:00:00Z",
            }
        )

    charter = RubricGrade.model_validate(
        {
            "rubric": "l15-charte",
            "criteria": {"regles": 3},
            "grader": "A",
            "graded": "2025-06-04T10:00:00Z",
        }
    )
    first = read_progress(DAY1).progress.model_copy(update={"rubrics": [graded(1, 2), charter]})
    second = read_progress(DAY3).progress.model_copy(update={"rubrics": [graded(3, 4)]})
    for merged in (merge(first, second), merge(second, first)):
        assert [g.rubric for g in merged.rubrics] == ["l06-requete", "l15-charte"]
        assert merged.rubrics[0].criteria == {"role-contexte": 3}
    assert merge(first, second).to_json_data()["version"] == 3
