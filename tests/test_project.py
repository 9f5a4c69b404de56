"""check_project: the course, the banks, the exercises and objective coverage together."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edukit._problems import Severity, format_problems
from edukit.project import check_project, inspect_project

GOOD = Path(__file__).parent / "fixtures" / "courses" / "good"
BANK = "exercises/provenance/licences.yml"
EXERCISE = "exercises/provenance/trouver-licence.md"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(GOOD, copy)
    return copy


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def messages(root: Path) -> list[str]:
    return format_problems(check_project(root)).splitlines()


def test_what_was_checked() -> None:
    check = inspect_project(GOOD)
    assert check.problems == []
    assert check.banks == [Path("exercises/provenance")]
    # the solution file is not an exercise of its own
    assert check.exercises == [Path(EXERCISE)]
    assert check.course is not None and len(check.course.lessons) == 3


def test_objective_assessed_nowhere_is_a_warning_at_its_line(root: Path) -> None:
    edit(root, BANK, "objectives: [l02-o1, l02-o2]", "objectives: [l02-o1]")
    problems = check_project(root)
    assert [p.severity for p in problems] == [Severity.WARNING]
    assert messages(root) == [
        "courses/m1-decouvrir/l02-definitions.md:9: l'objectif « l02-o2 » n'est évalué par aucune question ni aucun exercice — ajoutez à une banque une question avec « objectives: [l02-o2] », ou un exercice (avertissement)"
    ]


def test_exercises_count_as_assessment(root: Path) -> None:
    edit(root, EXERCISE, "objectives: [l03-o1]", "objectives: [l03-o2]")
    assert messages(root) == [
        "courses/m2/l03-provenance.md:6: l'objectif « l03-o1 » n'est évalué par aucune question ni aucun exercice — ajoutez à une banque une question avec « objectives: [l03-o1] », ou un exercice (avertissement)"
    ]


def test_exercise_naming_an_unknown_objective(root: Path) -> None:
    edit(root, EXERCISE, "objectives: [l03-o1]", "objectives: [l03-o1, l03-o3]")
    assert messages(root) == [
        f"{EXERCISE}:4: l'objectif « l03-o3 » n'est défini dans aucune leçon — voulez-vous dire « l03-o2 » ?"
    ]


def test_exercise_front_matter_mistakes(root: Path) -> None:
    edit(root, EXERCISE, "minutes: 15", "minutes: quinze")
    edit(root, EXERCISE, "-solution.md", "-corrige.md")
    assert messages(root) == [
        # no longer named as a solution, the file is read as an exercise
        "exercises/provenance/trouver-licence-solution.md:1: le fichier n'a pas d'en-tête YAML — "
        "commencez-le par une ligne « --- », les clés YAML, puis « --- »",
        f"{EXERCISE}:5: « minutes » doit être un nombre entier de minutes, pas 'quinze' — écrivez par exemple « minutes: 15 » (sans guillemets ni unité)",
        "courses/m2/l03-provenance.md:6: l'objectif « l03-o1 » n'est évalué par aucune question ni aucun exercice — ajoutez à une banque une question avec « objectives: [l03-o1] », ou un exercice (avertissement)",
    ]


def test_exercise_solution_must_exist(root: Path) -> None:
    (root / "exercises/provenance/trouver-licence-solution.md").unlink()
    assert messages(root) == [
        f"{EXERCISE}:6: le corrigé « exercises/provenance/trouver-licence-solution.md » n'existe pas — écrivez le chemin du corrigé depuis la racine du dépôt"
    ]


def test_readme_in_exercises_is_not_an_exercise(root: Path) -> None:
    (root / "exercises/README.md").write_text("# Exercices\n", encoding="utf-8")
    assert check_project(root) == []


def test_bank_problems_come_from_the_quiz_loader(root: Path) -> None:
    edit(root, BANK, "objectives: [l03-o2]", "objectives: [l03-o9]")
    found = messages(root)
    assert any(line.startswith(f"{BANK}:") and "l03-o9" in line for line in found)
    # the item is dropped, so l03-o2 is now assessed nowhere
    assert any("« l03-o2 » n'est évalué par aucune question" in line for line in found)


def test_unusable_course_file_stops_early(tmp_path: Path) -> None:
    assert [str(p) for p in check_project(tmp_path)] == [
        "courses/course.yml: le fichier n'existe pas — lancez edukit depuis la racine du dépôt, "
        "ou passez --root"
    ]


def test_a_glossary_mistake_fails_the_check_with_its_line(root: Path) -> None:
    (root / "courses" / "glossaire.yml").write_text(
        'termes:\n  - terme: jeton\n    defintion: "Morceau de mot."\n', encoding="utf-8"
    )
    found = [p for p in check_project(root) if p.path.name == "glossaire.yml"]
    assert len(found) == 1
    assert found[0].line == 3
    assert found[0].severity is Severity.ERROR


def test_a_variant_that_is_not_exact_fails_the_check(root: Path) -> None:
    course = inspect_project(root).course
    assert course is not None
    minutes = sum(a.minutes for lesson in course.lessons for a in lesson.activities)
    (root / "courses" / "variantes.yml").write_text(
        "variants:\n"
        "  - id: trop-court\n"
        '    title: "Une séance de trop peu"\n'
        '    period: "Séance"\n'
        f'    schedule: {{days: 1, day_start: "09:00", day_minutes: {minutes - 5}}}\n'
        "    split_activities: true\n",
        encoding="utf-8",
    )
    errors = [p for p in check_project(root) if p.severity is Severity.ERROR]
    assert [p.path.name for p in errors] == ["variantes.yml"]


def test_the_real_course_glossary_and_variants_pass_the_check() -> None:
    repo = Path(__file__).resolve().parent.parent
    found = [p for p in check_project(repo) if p.path.name in {"glossaire.yml", "variantes.yml"}]
    assert found == []


HANDOUT = """---
title: "Dix courriels"
lecon: {lesson}
---

Lisez chaque courriel.

<!-- corrige -->

Le courriel 3 est une arnaque.
"""


def test_handouts_are_checked_but_are_not_exercises(root: Path) -> None:
    course = inspect_project(root).course
    assert course is not None
    folder = root / "exercises" / "imprimables"
    folder.mkdir()
    (folder / "dix-courriels.md").write_text(
        HANDOUT.format(lesson=course.lessons[0].id), encoding="utf-8"
    )
    check = inspect_project(root)
    assert check.problems == []
    assert not any("imprimables" in str(path) for path in check.exercises)


def test_a_broken_handout_is_one_located_message(root: Path) -> None:
    folder = root / "exercises" / "imprimables"
    folder.mkdir()
    (folder / "sans-corrige.md").write_text(
        HANDOUT.format(lesson="l99-inconnue").replace("<!-- corrige -->", ""), encoding="utf-8"
    )
    (folder / "lecon-inconnue.md").write_text(
        HANDOUT.format(lesson="l99-inconnue"), encoding="utf-8"
    )
    found = messages(root)
    assert len(found) == 2
    assert found[0].startswith("exercises/imprimables/lecon-inconnue.md:1:")
    assert "la leçon « l99-inconnue » n'existe pas" in found[0]
    assert found[1].startswith("exercises/imprimables/sans-corrige.md:")
    assert "<!-- corrige -->" in found[1]


def test_handouts_show_facts_as_the_site_does_and_report_an_unknown_one(root: Path) -> None:
    from edukit.course import load_handouts

    repo = Path(__file__).resolve().parent.parent
    handouts = load_handouts(repo)
    assert handouts, "the course has handouts"
    assert not [h.name for h in handouts if "[[fait:" in h.learner + h.key]
    timeline = next(h for h in handouts if "[[fait:" in (h.path.read_text(encoding="utf-8")))
    assert "2 décembre 2027" in timeline.learner + timeline.key

    course = inspect_project(root).course
    assert course is not None
    folder = root / "exercises" / "imprimables"
    folder.mkdir()
    text = HANDOUT.format(lesson=course.lessons[0].id).replace(
        "Le courriel 3", "Selon [[fait:inconnu]], le courriel 3"
    )
    (folder / "dix-courriels.md").write_text(text, encoding="utf-8")
    found = messages(root)
    assert len(found) == 1
    assert found[0].startswith("exercises/imprimables/dix-courriels.md:10:")
