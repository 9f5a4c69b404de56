"""Rubric files: the course's own are valid; each mistake is one French path:line message."""

from __future__ import annotations

from pathlib import Path

from edukit.course import load_course
from edukit.progress._rubrics import RUBRICS_FOLDER, load_rubrics, rubric_problems

REPO = Path(__file__).parents[2]

GOOD = """\
rubric:
  id: r01-essai
  title: "Essai"
  lesson: l01-accueil
  objectives: [l01-o1]
criteria:
  - id: clarte
    title: "Clarté"
    levels: ["Confus.", "Clair."]
"""


def _write(root: Path, name: str, text: str) -> None:
    folder = root / RUBRICS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_course_rubrics_are_valid_against_the_course() -> None:
    load = load_course(REPO)
    assert rubric_problems(REPO, set(load.objective_lines)) == []
    rubrics, _ = load_rubrics(REPO / RUBRICS_FOLDER)
    assert {rubric.lesson for rubric in rubrics.values()} >= {
        "l06-art-requete",
        "l15-charte-gouvernance",
    }
    assert all(len(criterion.levels) >= 2 for r in rubrics.values() for criterion in r.criteria)


def test_each_mistake_is_located(tmp_path: Path) -> None:
    _write(tmp_path, "r01-essai.yaml", GOOD.replace("[l01-o1]", "[l01-o1, l09-o9]"))
    _write(tmp_path, "r02-autre.yaml", GOOD)  # its id does not match its name
    _write(tmp_path, "r03.yaml", GOOD.replace('levels: ["Confus.", "Clair."]', "levels: [Seul]"))
    found = [str(p) for p in rubric_problems(tmp_path, {"l01-o1"})]
    assert found == [
        "exercises/rubriques/r02-autre.yaml:2: la grille s'appelle « r01-essai » mais le fichier "
        "« r02-autre.yaml » — renommez le fichier en r01-essai.yaml",
        "exercises/rubriques/r03.yaml:2: la grille s'appelle « r01-essai » mais le fichier "
        "« r03.yaml » — renommez le fichier en r01-essai.yaml",
        "exercises/rubriques/r03.yaml:9: le critère « clarte » doit décrire au moins deux "
        "niveaux — écrivez 'levels:' puis une phrase par niveau, du plus faible (0) au meilleur",
        "exercises/rubriques/r01-essai.yaml:5: la grille « r01-essai » cite l'objectif "
        "« l09-o9 », inconnu du cours — corrigez l'identifiant (il doit exister dans une leçon, "
        "ex. l06-o1)",
    ]


def test_a_folder_without_rubrics_is_fine(tmp_path: Path) -> None:
    assert load_rubrics(tmp_path / "absent") == ({}, [])
