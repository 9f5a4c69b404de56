"""Odd shapes of author files give problems, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from edukit.course import load_course
from edukit.course.plan import plan_csv, plan_markdown
from edukit.project import check_project

L01 = "courses/m1-decouvrir/l01-accueil.md"
COURSE = "courses/course.yml"
SCHEDULE = "schedule: {days: 1, day_minutes: 180}\n"

ODD = [
    (COURSE, "- a\n- b\n"),
    (COURSE, ""),
    (COURSE, "id: x\ntitle: y\nduration: 3h\nschedule: null\nmodules: 3\n"),
    (COURSE, f"id: x\ntitle: y\nduration: 3h\n{SCHEDULE}modules: [3, {{id: m}}]\n"),
    (COURSE, f"id: x\ntitle: y\nduration: [1]\n{SCHEDULE}audiences: x\nmodules: []\n"),
    (COURSE, f"id: x\ntitle: y\nduration: 3h\n{SCHEDULE}modules: [{{id: m1, title: t, lessons: [5, null]}}]\n"),
    (L01, "---\n---\n"),
    (L01, "---\n- a\n---\n"),
    (L01, "---\n{a: 1}: b\n---\n"),
    (L01, "---\nid: x\n\ttitle: y\n---\n"),
    (L01, "---\nobjectives: [3, {id: 5, text: 6}]\nactivities: x\naudiences: a\nprerequisites: 5\nnotebook: 5\nbanks: [5, {a: 1}]\nexercises: [[x]]\n---\n"),
    ("courses/m2/_module.yml", "- x\n"),
    ("courses/m2/_module.yml", "audiences: x\nbanks: 5\n"),
    ("exercises/provenance/trouver-licence.md", "---\n- 1\n---\n"),
    ("exercises/provenance/trouver-licence.md", "---\nid: a\ntitle: b\nobjectives: x\nminutes: 5\nsolution: 5\n---\n"),
]  # fmt: skip


@pytest.mark.parametrize(("relative", "text"), ODD)
def test_odd_files_are_reported_not_raised(course_root: Path, relative: str, text: str) -> None:
    (course_root / relative).write_text(text, encoding="utf-8")
    problems = check_project(course_root)
    assert problems, "an odd file must produce at least one problem"
    assert all(str(problem.path).startswith(("courses/", "exercises/")) for problem in problems)
    course = load_course(course_root).course
    if course is not None:
        assert plan_markdown(course).startswith("# Plan de la formation")
        assert plan_csv(course).startswith("Jour,")


def test_paths_outside_the_repository_are_refused(course_root: Path) -> None:
    path = course_root / "courses/m2/l03-provenance.md"
    text = path.read_text(encoding="utf-8").replace(
        "notebook: notebooks/provenance.py", "notebook: /etc/hostname\nbanks: [../outside]"
    )
    path.write_text(text, encoding="utf-8")
    (course_root.parent / "outside").mkdir()
    assert [str(p) for p in check_project(course_root)] == [
        "courses/m2/l03-provenance.md:26: le notebook « /etc/hostname » est hors du dépôt — "
        "écrivez le chemin d'un fichier existant depuis la racine du dépôt",
        "courses/m2/l03-provenance.md:27: la banque « ../outside » est hors du dépôt — "
        "écrivez le chemin d'un dossier ou d'un fichier .yml existant depuis la racine du dépôt",
    ]
