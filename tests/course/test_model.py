"""The public course API the site and the CLI build on."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from edukit.course import Activity, Course, Lesson, load_course

from .conftest import GOOD, Edit


def load(root: Path) -> Course:
    course = load_course(root).course
    assert course is not None
    return course


def test_lesson_fields() -> None:
    course = load(GOOD)
    lesson = course.lesson("l03-provenance")
    assert isinstance(lesson, Lesson)
    assert lesson.title == "D'où viennent les données ?"
    assert lesson.module_id == "m2-donnees"
    assert lesson.path == (GOOD / "courses/m2/l03-provenance.md").resolve()
    assert lesson.path.is_absolute()
    assert lesson.body.startswith('\n!!! falc "En bref (facile à lire)"')
    assert lesson.body_line == 29
    assert lesson.minutes == 60
    assert lesson.notebook == Path("notebooks/provenance.py")
    assert lesson.exercises == [Path("exercises/provenance/trouver-licence.md")]
    assert [o.id for o in lesson.objectives] == ["l03-o1", "l03-o2"]
    assert lesson.key_points == ["Une donnée publiée n'est pas forcément réutilisable."]
    assert lesson.prerequisites == ["l02-definitions"]
    assert lesson.activities[1].materials == ["Notebook provenance", "Fiche exercice"]


def test_module_defaults_merge_under_the_lesson() -> None:
    course = load(GOOD)
    # l03 names no audiences or banks: it takes the module's _module.yml
    assert course.lesson("l03-provenance").audiences == ["agents-publics", "seniors"]
    assert course.lesson("l03-provenance").banks == [Path("exercises/provenance")]
    # l02 names its audiences: they win; l01 names none and has no module defaults: all of them
    assert course.lesson("l02-definitions").audiences == ["agents-publics"]
    assert course.lesson("l01-accueil").audiences == ["agents-publics", "seniors"]


def test_lesson_keys_override_module_defaults(course_root: Path, edit: Edit) -> None:
    edit("courses/m2/l03-provenance.md", "prerequisites:", "audiences: [seniors]\nprerequisites:")
    assert load(course_root).lesson("l03-provenance").audiences == ["seniors"]


def test_course_level_helpers() -> None:
    course = load(GOOD)
    assert course.minutes == 180 and course.duration == 180
    assert list(course.objectives()) == ["l01-o1", "l02-o1", "l02-o2", "l03-o1", "l03-o2"]
    assert course.objectives()["l02-o1"].text.startswith("Définir")
    assert course.module("m2-donnees").path == "m2"
    assert course.modules[0].minutes == 120
    assert course.schedule.breaks[0].label == "Pause"
    with pytest.raises(KeyError):
        course.lesson("l99-absente")


def test_models_are_keyword_only_and_refuse_unknown_keys() -> None:
    activity = Activity(title="Quiz", minutes=10, method="quiz", grouping="individual")
    assert activity.materials == []
    with pytest.raises(ValidationError):
        Activity(title="Quiz", minutes=10, method="quiz", grouping="individual", extra=1)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Activity(title="Quiz", minutes=True, method="quiz", grouping="individual")
