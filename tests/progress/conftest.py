"""Progress fixtures: the fixture course's outline, its learner files, and attestation fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from edukit.course import load_course
from edukit.progress import CourseOutline

FIXTURES = Path(__file__).parents[1] / "fixtures" / "progress"
FILES = FIXTURES / "files"


def attestation_yaml(learners: dict[str, str]) -> str:
    """A trainer's complete attestation fields, for ``learners`` (pseudonym → full name)."""
    lines = "".join(f'  {pseudo}: "{name}"\n' for pseudo, name in learners.items())
    return (
        'organisation: "Association Numérique pour tous"\n'
        'declaration_number: "11 75 12345 75"\n'
        'trainer: "Camille Martin"\n'
        "start: 2025-06-02\n"
        "end: 2025-06-04\n"
        'place: "Maison France services, Villeneuve"\n'
        "duration: 21h\n"
        f"learners:\n{lines}"
    )


@pytest.fixture(scope="module")
def outline() -> CourseOutline:
    """The fixture course's outline (objectives only; a module may override it)."""
    course = load_course(FIXTURES / "course").course
    assert course is not None
    return CourseOutline.from_course(course)
