"""This repository's real course builds with --strict, with a page for every lesson."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from edukit.course import load_course

pytestmark = pytest.mark.site


def test_the_course_builds_strictly_with_every_lesson(
    tmp_path: Path,
    copy_repository: Callable[[Path], Path],
    build_site: Callable[..., Path],
) -> None:
    root = copy_repository(tmp_path / "repo")
    site = build_site(root)
    course = load_course(root).course
    assert course is not None
    missing = [
        lesson.id
        for lesson in course.lessons
        if not (
            site / lesson.path.relative_to(root / "courses").with_suffix("") / "index.html"
        ).is_file()
    ]
    assert missing == []
    assert len(course.lessons) == 20
    assert (site / "index.html").is_file() and (site / "plan" / "index.html").is_file()
    assert list((site / "notebooks").glob("*/index.html"))
