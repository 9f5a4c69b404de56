"""Rubrics: the trainer's grids for free-response work (a prompt in l06, a charter in l15).

A rubric file is ``exercises/rubriques/<id>.yaml`` (``.yaml``, because folders of ``exercises/``
holding ``.yml`` files are question banks)::

    rubric: {id: l06-requete, title: "…", lesson: l06-art-requete, objectives: [l06-o1]}
    criteria:
      - id: role-contexte
        title: "Rôle, contexte et public"
        levels: ["Absents : …", "Un seul des trois…", "…"]   # level 0, 1, 2…

A grade gives each criterion a level (0 is the lowest); :func:`check_grade` refuses a grade
that names an unknown criterion, skips one, or gives a level the criterion does not have.
Every problem of a file is a French ``path:line`` message. Pure logic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from edukit._problems import Problem
from edukit._yaml import YamlDocument
from edukit.course import read_yaml

__all__ = [
    "RUBRICS_FOLDER",
    "Criterion",
    "Rubric",
    "check_grade",
    "load_rubrics",
    "rubric_problems",
]

RUBRICS_FOLDER: Final = Path("exercises") / "rubriques"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    levels: tuple[str, ...]

    @property
    def top(self) -> int:
        """The highest level (levels count from 0)."""
        return len(self.levels) - 1


@dataclass(frozen=True)
class Rubric:
    id: str
    title: str
    lesson: str
    objectives: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    path: Path

    @property
    def max_points(self) -> int:
        return sum(criterion.top for criterion in self.criteria)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _criteria(
    path: Path, document: YamlDocument, data: object, problems: list[Problem]
) -> list[Criterion]:
    """The rubric's criteria, each with a unique id and two levels or more."""
    raw_criteria = data.get("criteria") if isinstance(data, dict) else None
    criteria: list[Criterion] = []
    if not isinstance(raw_criteria, list) or not raw_criteria:
        problems.append(
            Problem(
                path,
                document.line("criteria"),
                "la grille n'a aucun critère",
                "écrivez 'criteria:' puis un bloc '- id: …' par critère, avec title et levels",
            )
        )
        raw_criteria = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_criteria):
        line = document.line("criteria", index)
        criterion_id = _text(raw.get("id")) if isinstance(raw, dict) else ""
        levels = raw.get("levels") if isinstance(raw, dict) else None
        if not _ID.match(criterion_id) or criterion_id in seen:
            problems.append(
                Problem(
                    path,
                    line,
                    f"le critère n° {index + 1} n'a pas d'identifiant unique",
                    "donnez-lui 'id:' en minuscules et tirets, différent des autres",
                )
            )
            continue
        if (
            not isinstance(levels, list)
            or len(levels) < 2
            or not all(isinstance(level, str) and level.strip() for level in levels)
        ):
            problems.append(
                Problem(
                    path,
                    document.line("criteria", index, "levels"),
                    f"le critère « {criterion_id} » doit décrire au moins deux niveaux",
                    "écrivez 'levels:' puis une phrase par niveau, du plus faible (0) au meilleur",
                )
            )
            continue
        seen.add(criterion_id)
        criteria.append(
            Criterion(criterion_id, _text(raw.get("title")) or criterion_id, tuple(levels))
        )
    return criteria


def _load_one(path: Path) -> tuple[Rubric | None, list[Problem]]:
    document, problems = read_yaml(path)
    if document is None:
        return None, problems
    data = document.data
    head = data.get("rubric") if isinstance(data, dict) else None
    if not isinstance(head, dict):
        return None, [
            Problem(
                path,
                document.line("rubric"),
                "la grille n'a pas d'en-tête 'rubric:'",
                "écrivez 'rubric:' avec id, title, lesson et objectives",
            )
        ]
    rubric_id = _text(head.get("id"))
    if not _ID.match(rubric_id):
        problems.append(
            Problem(
                path,
                document.line("rubric", "id"),
                f"l'identifiant de grille « {rubric_id} » n'est pas valable",
                "écrivez des minuscules, des chiffres et des tirets, comme l06-requete",
            )
        )
    elif rubric_id != path.stem:
        problems.append(
            Problem(
                path,
                document.line("rubric", "id"),
                f"la grille s'appelle « {rubric_id} » mais le fichier « {path.name} »",
                f"renommez le fichier en {rubric_id}.yaml",
            )
        )
    title = _text(head.get("title"))
    if not title:
        problems.append(
            Problem(
                path,
                document.line("rubric"),
                "la grille n'a pas de titre",
                "ajoutez 'title: \"…\"'",
            )
        )
    objectives = head.get("objectives")
    if not isinstance(objectives, list) or not all(isinstance(o, str) for o in objectives):
        problems.append(
            Problem(
                path,
                document.line("rubric", "objectives"),
                "la grille ne dit pas quels objectifs elle évalue",
                "écrivez 'objectives: [l06-o1, …]'",
            )
        )
        objectives = []
    criteria = _criteria(path, document, data, problems)
    if problems:
        return None, problems
    return (
        Rubric(
            rubric_id,
            title,
            _text(head.get("lesson")),
            tuple(objectives),
            tuple(criteria),
            path,
        ),
        [],
    )


def load_rubrics(folder: Path) -> tuple[dict[str, Rubric], list[Problem]]:
    """Every rubric of ``folder`` (``*.yaml``), by id, and the problems of the broken ones."""
    rubrics: dict[str, Rubric] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return rubrics, problems
    for path in sorted(folder.glob("*.yaml")):
        rubric, found = _load_one(path)
        problems.extend(found)
        if rubric is not None:
            rubrics[rubric.id] = rubric
    return rubrics, problems


def check_grade(rubric: Rubric, levels: Mapping[str, int]) -> list[str]:
    """What is wrong with a grade on ``rubric``, in French (empty when it is complete and valid).

    >>> rubric = Rubric("r", "R", "l01", ("l01-o1",),
    ...     (Criterion("a", "A", ("non", "oui")), Criterion("b", "B", ("0", "1", "2"))), Path("r"))
    >>> check_grade(rubric, {"a": 1, "b": 2})
    []
    >>> check_grade(rubric, {"a": 2, "c": 0})
    ['le critère « a » va de 0 à 1, pas 2', "le critère « c » n'existe pas dans la grille « r » (critères : a, b)", "le critère « b » n'est pas noté"]
    """
    messages: list[str] = []
    known = ", ".join(criterion.id for criterion in rubric.criteria)
    for criterion_id, level in levels.items():
        criterion = rubric.criterion(criterion_id)
        if criterion is None:
            messages.append(
                f"le critère « {criterion_id} » n'existe pas dans la grille « {rubric.id} » "
                f"(critères : {known})"
            )
        elif not 0 <= level <= criterion.top:
            messages.append(f"le critère « {criterion_id} » va de 0 à {criterion.top}, pas {level}")
    for criterion in rubric.criteria:
        if criterion.id not in levels:
            messages.append(f"le critère « {criterion.id} » n'est pas noté")
    return messages


def rubric_problems(root: Path, objectives: set[str]) -> list[Problem]:
    """What ``edukit check`` says of the rubrics under ``root``: broken files, and objectives
    a rubric names that the course does not have (paths shown from ``root``)."""
    rubrics, problems = load_rubrics(root / RUBRICS_FOLDER)
    for rubric in rubrics.values():
        document, _ = read_yaml(rubric.path)
        for index, objective in enumerate(rubric.objectives):
            if objective not in objectives:
                line = document.line("rubric", "objectives", index) if document else None
                problems.append(
                    Problem(
                        rubric.path,
                        line,
                        f"la grille « {rubric.id} » cite l'objectif « {objective} », inconnu du cours",
                        "corrigez l'identifiant (il doit exister dans une leçon, ex. l06-o1)",
                    )
                )
    return [problem.relative_to(root) for problem in problems]
