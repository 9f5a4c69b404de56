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
from edukit._yaml import YamlDocument
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
    reader = _Reader(path, document, objective_lines, problems)
    reader.unknown_keys(data, _TOP_KEYS, (), "les clés connues sont framework et competences")
    framework = data.get("framework")
    framework_text = ""
    if isinstance(framework, dict):
        framework_text = ", ".join(
            part
            for part in (_text(framework.get("title")), _text(framework.get("version")))
            if part
        )
    competences = [
        competence
        for index, raw in enumerate(data["competences"])
        if (competence := reader.competence(("competences", index), raw)) is not None
    ]
    for objective, (lesson_path, lesson_line) in objective_lines.items():
        if objective not in reader.owner:
            problems.append(
                Problem(lesson_path, lesson_line, ORPHAN.format(objective=objective), ORPHAN_FIX)
            )
    return Competences(competences, path, framework_text), problems


class _Reader:
    """Reads the competences one by one, each mistake a problem with its line."""

    def __init__(
        self,
        path: Path,
        document: YamlDocument,
        objective_lines: Mapping[str, tuple[Path, int | None]],
        problems: list[Problem],
    ) -> None:
        self.path = path
        self.document = document
        self.objective_lines = objective_lines
        self.problems = problems
        self.seen_ids: dict[str, int | None] = {}
        self.owner: dict[str, tuple[str, int | None]] = {}
        """Objective id → the competence that holds it, and where."""

    def problem(self, line: int | None, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def unknown_keys(
        self, raw: dict[Any, Any], known: tuple[str, ...], base: tuple[Any, ...], listed: str
    ) -> None:
        for key in raw:
            if key not in known:
                guess = closest(str(key), known)
                self.problem(
                    self.document.line(*base, key),
                    f"la clé « {key} » est inconnue",
                    f"vouliez-vous écrire « {guess} » ?" if guess else listed,
                )

    def competence(self, base: tuple[Any, ...], raw: object) -> Competence | None:
        line = self.document.line(*base)
        if not isinstance(raw, dict):
            self.problem(line, "chaque compétence doit être un bloc de clés", "voir c01")
            return None
        self.unknown_keys(raw, _KEYS, base, f"les clés connues sont {', '.join(_KEYS)}")
        competence_id = self._id(base, raw)
        if competence_id is None:
            return None
        title_fr, title_en = self._titles(base, raw, competence_id)
        ailit = self._ailit(base, raw)
        objectives = self._objectives(base, raw, competence_id)
        return Competence(
            competence_id,
            title_fr,
            title_en,
            tuple(objectives),
            ailit,
            self.seen_ids[competence_id],
        )

    def _id(self, base: tuple[Any, ...], raw: dict[Any, Any]) -> str | None:
        competence_id = _text(raw.get("id"))
        where = self.document.line(*base, "id")
        if not _ID.match(competence_id):
            self.problem(
                where,
                f"l'identifiant de compétence « {competence_id} » n'a pas la forme c01-mot-cle",
                "écrivez 'id: c' suivi de deux chiffres, d'un tiret et de mots en minuscules",
            )
            return None
        if competence_id in self.seen_ids:
            self.problem(
                where,
                f"l'identifiant « {competence_id} » est déjà pris (ligne "
                f"{self.seen_ids[competence_id]})",
                "donnez à chaque compétence un identifiant unique",
            )
            return None
        self.seen_ids[competence_id] = where
        return competence_id

    def _titles(
        self, base: tuple[Any, ...], raw: dict[Any, Any], competence_id: str
    ) -> tuple[str, str]:
        title = raw.get("title")
        title_fr = _text(title.get("fr")) if isinstance(title, dict) else ""
        title_en = _text(title.get("en")) if isinstance(title, dict) else ""
        if not title_fr or not title_en:
            self.problem(
                self.document.line(*base, "title"),
                f"la compétence « {competence_id} » n'a pas de titre en français et en anglais",
                "écrivez 'title:' puis 'fr: \"Je sais …\"' et 'en: \"I can …\"'",
            )
        elif not title_fr.startswith("Je sais"):
            self.problem(
                self.document.line(*base, "title", "fr"),
                f"le titre de « {competence_id} » ne s'adresse pas à la personne formée",
                "commencez-le par « Je sais… »",
            )
        return title_fr, title_en

    def _ailit(self, base: tuple[Any, ...], raw: dict[Any, Any]) -> str | None:
        ailit = raw.get("ailit")
        if ailit is not None and ailit not in AILIT_DOMAINS:
            guess = closest(str(ailit), AILIT_DOMAINS)
            self.problem(
                self.document.line(*base, "ailit"),
                f"le domaine AILit « {ailit} » est inconnu",
                f"vouliez-vous écrire « {guess} » ?"
                if guess
                else f"écrivez l'un de {', '.join(AILIT_DOMAINS)}, ou retirez la clé",
            )
            return None
        return ailit if isinstance(ailit, str) else None

    def _objectives(
        self, base: tuple[Any, ...], raw: dict[Any, Any], competence_id: str
    ) -> list[str]:
        objectives_raw = raw.get("objectives")
        if not isinstance(objectives_raw, list) or not objectives_raw:
            self.problem(
                self.document.line(*base, "objectives"),
                f"la compétence « {competence_id} » ne liste aucun objectif",
                "écrivez 'objectives: [l01-o1, l01-o2]'",
            )
            return []
        objectives: list[str] = []
        for position, objective in enumerate(objectives_raw):
            objective_id = str(objective).strip()
            where = self.document.line(*base, "objectives", position)
            if objective_id not in self.objective_lines:
                self.problem(
                    where,
                    UNKNOWN_OBJECTIVE.format(competence=competence_id, objective=objective_id),
                    UNKNOWN_OBJECTIVE_FIX,
                )
            elif objective_id in self.owner:
                first, first_line = self.owner[objective_id]
                self.problem(
                    where,
                    TWICE.format(objective=objective_id, first=first, line=first_line),
                    TWICE_FIX,
                )
            else:
                self.owner[objective_id] = (competence_id, where)
                objectives.append(objective_id)
        return objectives
