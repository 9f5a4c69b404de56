"""Competences: what the tests and the report measure, one level above the objectives.

``courses/competences.yml`` groups the course's objectives into competences written for the
learner (« Je sais… »), each mapped, where one fits, to a domain of the EC/OECD AI Literacy
Framework (AILit). Every objective belongs to exactly one competence; :func:`load_competences`
checks it and reports each mistake as a ``path:line`` problem in French. Pure logic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from edukit._problems import Problem
from edukit.course._errors import closest
from edukit.course._files import read_yaml

__all__ = [
    "AILIT_DOMAINS",
    "COMPETENCES_FILE",
    "Competence",
    "Competences",
    "load_competences",
]

COMPETENCES_FILE: Final = Path("courses") / "competences.yml"
AILIT_DOMAINS: Final = ("engage", "create", "manage", "shape")
"""Keys of the four AILit domains (final version, June 2026): Engage with AI, Create with AI,
Manage AI, Shape AI (« Designing AI » in the May 2025 draft)."""

_ID = re.compile(r"^c\d{2}-[a-z0-9][a-z0-9-]*$")
_KEYS = ("id", "title", "ailit", "objectives")
_TOP_KEYS = ("framework", "competences")

UNKNOWN_OBJECTIVE = (
    "la compétence « {competence} » cite l'objectif « {objective} », inconnu du cours"
)
UNKNOWN_OBJECTIVE_FIX = "corrigez l'identifiant (il doit exister dans une leçon, ex. l09-o1)"
TWICE = "l'objectif « {objective} » est déjà rangé dans la compétence « {first} » (ligne {line})"
TWICE_FIX = "un objectif appartient à une seule compétence : retirez-le de l'une des deux"
ORPHAN = "l'objectif « {objective} » n'appartient à aucune compétence"
ORPHAN_FIX = "ajoutez-le à la liste 'objectives' d'une compétence de courses/competences.yml"


@dataclass(frozen=True)
class Competence:
    """One competence: its id, French and English titles, AILit domain and objectives."""

    id: str
    title_fr: str
    title_en: str
    objectives: tuple[str, ...]
    ailit: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Competences:
    """The competences of a course, in file order, and the objective → competence map."""

    competences: list[Competence]
    path: Path = COMPETENCES_FILE
    framework: str = ""
    """The framework's title and version, as the file gives them."""
    by_objective: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.by_objective:
            for competence in self.competences:
                for objective in competence.objectives:
                    self.by_objective.setdefault(objective, competence.id)

    def competence_of(self, objective: str) -> str | None:
        """The id of the competence holding ``objective``.

        >>> c = Competences([Competence("c01-a", "Je sais a.", "I can a.", ("l01-o1",))])
        >>> c.competence_of("l01-o1"), c.competence_of("l09-o9")
        ('c01-a', None)
        """
        return self.by_objective.get(objective)

    def get(self, competence_id: str) -> Competence | None:
        return next((c for c in self.competences if c.id == competence_id), None)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def load_competences(
    root: Path, objective_lines: Mapping[str, tuple[Path, int | None]]
) -> tuple[Competences | None, list[Problem]]:
    """Read ``courses/competences.yml`` under ``root`` and check it against the objectives.

    ``objective_lines`` maps each objective id of the course to where it is defined (for the
    message naming an objective that no competence holds). A course without the file has no
    competences and no problem.
    """
    path = root / COMPETENCES_FILE
    if not path.exists():
        return None, []
    document, problems = read_yaml(path)
    if document is None:
        return None, problems
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("competences"), list):
        return None, [
            Problem(
                path,
                document.line("competences"),
                "le fichier doit contenir une liste 'competences:'",
                "écrivez 'competences:' puis un bloc '- id: c01-…' par compétence",
            )
        ]
    for key in data:
        if key not in _TOP_KEYS:
            guess = closest(str(key), _TOP_KEYS)
            problems.append(
                Problem(
                    path,
                    document.line(key),
                    f"la clé « {key} » est inconnue",
                    f"vouliez-vous écrire « {guess} » ?"
                    if guess
                    else "les clés connues sont framework et competences",
                )
            )
    framework = data.get("framework")
    framework_text = ""
    if isinstance(framework, dict):
        framework_text = ", ".join(
            part
            for part in (_text(framework.get("title")), _text(framework.get("version")))
            if part
        )
    competences: list[Competence] = []
    seen_ids: dict[str, int | None] = {}
    owner: dict[str, tuple[str, int | None]] = {}
    for index, raw in enumerate(data["competences"]):
        base = ("competences", index)
        line = document.line(*base)
        if not isinstance(raw, dict):
            problems.append(
                Problem(path, line, "chaque compétence doit être un bloc de clés", "voir c01")
            )
            continue
        for key in raw:
            if key not in _KEYS:
                guess = closest(str(key), _KEYS)
                problems.append(
                    Problem(
                        path,
                        document.line(*base, key),
                        f"la clé « {key} » est inconnue",
                        f"vouliez-vous écrire « {guess} » ?"
                        if guess
                        else f"les clés connues sont {', '.join(_KEYS)}",
                    )
                )
        competence_id = _text(raw.get("id"))
        if not _ID.match(competence_id):
            problems.append(
                Problem(
                    path,
                    document.line(*base, "id"),
                    f"l'identifiant de compétence « {competence_id} » n'a pas la forme c01-mot-cle",
                    "écrivez 'id: c' suivi de deux chiffres, d'un tiret et de mots en minuscules",
                )
            )
            continue
        if competence_id in seen_ids:
            problems.append(
                Problem(
                    path,
                    document.line(*base, "id"),
                    f"l'identifiant « {competence_id} » est déjà pris (ligne "
                    f"{seen_ids[competence_id]})",
                    "donnez à chaque compétence un identifiant unique",
                )
            )
            continue
        seen_ids[competence_id] = document.line(*base, "id")
        title = raw.get("title")
        title_fr = _text(title.get("fr")) if isinstance(title, dict) else ""
        title_en = _text(title.get("en")) if isinstance(title, dict) else ""
        if not title_fr or not title_en:
            problems.append(
                Problem(
                    path,
                    document.line(*base, "title"),
                    f"la compétence « {competence_id} » n'a pas de titre en français et en anglais",
                    "écrivez 'title:' puis 'fr: \"Je sais …\"' et 'en: \"I can …\"'",
                )
            )
        elif not title_fr.startswith("Je sais"):
            problems.append(
                Problem(
                    path,
                    document.line(*base, "title", "fr"),
                    f"le titre de « {competence_id} » ne s'adresse pas à la personne formée",
                    "commencez-le par « Je sais… »",
                )
            )
        ailit = raw.get("ailit")
        if ailit is not None and ailit not in AILIT_DOMAINS:
            guess = closest(str(ailit), AILIT_DOMAINS)
            problems.append(
                Problem(
                    path,
                    document.line(*base, "ailit"),
                    f"le domaine AILit « {ailit} » est inconnu",
                    f"vouliez-vous écrire « {guess} » ?"
                    if guess
                    else f"écrivez l'un de {', '.join(AILIT_DOMAINS)}, ou retirez la clé",
                )
            )
            ailit = None
        objectives_raw = raw.get("objectives")
        if not isinstance(objectives_raw, list) or not objectives_raw:
            problems.append(
                Problem(
                    path,
                    document.line(*base, "objectives"),
                    f"la compétence « {competence_id} » ne liste aucun objectif",
                    "écrivez 'objectives: [l01-o1, l01-o2]'",
                )
            )
            objectives_raw = []
        objectives: list[str] = []
        for position, objective in enumerate(objectives_raw):
            objective_id = str(objective).strip()
            where = document.line(*base, "objectives", position)
            if objective_id not in objective_lines:
                problems.append(
                    Problem(
                        path,
                        where,
                        UNKNOWN_OBJECTIVE.format(competence=competence_id, objective=objective_id),
                        UNKNOWN_OBJECTIVE_FIX,
                    )
                )
                continue
            if objective_id in owner:
                first, first_line = owner[objective_id]
                problems.append(
                    Problem(
                        path,
                        where,
                        TWICE.format(objective=objective_id, first=first, line=first_line),
                        TWICE_FIX,
                    )
                )
                continue
            owner[objective_id] = (competence_id, where)
            objectives.append(objective_id)
        competences.append(
            Competence(
                competence_id,
                title_fr,
                title_en,
                tuple(objectives),
                ailit if isinstance(ailit, str) else None,
                seen_ids[competence_id],
            )
        )
    for objective, (lesson_path, lesson_line) in objective_lines.items():
        if objective not in owner:
            problems.append(
                Problem(lesson_path, lesson_line, ORPHAN.format(objective=objective), ORPHAN_FIX)
            )
    return Competences(competences, path, framework_text), problems
