"""edukit.course.course_root: a notebook opened anywhere finds the course (issue 18)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from edukit.course import course_root
from edukit.course._root import PACKAGED_COURSE

REPO = Path(__file__).resolve().parents[2]


def test_the_nearest_course_folder_wins(tmp_path: Path) -> None:
    (tmp_path / "courses").mkdir()
    (tmp_path / "exercises").mkdir()
    (tmp_path / "notebooks").mkdir()
    assert course_root(tmp_path / "notebooks") == tmp_path


def test_an_empty_folder_gets_the_course_shipped_with_edukit(tmp_path: Path) -> None:
    root = course_root(tmp_path)
    assert root is not None
    assert (root / "exercises" / "provenance").is_dir()
    assert (root / "courses" / "faits.yml").is_file()


def test_the_wheel_ships_the_course_where_course_root_looks() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    package = PACKAGED_COURSE.relative_to(REPO / "src").as_posix()
    assert shipped == {"courses": f"{package}/courses", "exercises": f"{package}/exercises"}
