"""Prompt analysis for learners: a French checklist, side-by-side comparison, a rating rubric
and the history export.

The checklist separates the material to process from the instructions, then finds each point
with the French rules of :mod:`edukit.llm._checklist` (docs/prompt-checklist-guide.md), so a
trainer can explain why a point is ticked or not: every verdict keeps the words that decided
it, and no model is involved.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypedDict

from edukit.llm._checklist import ELEMENTS, Block, Element, analyse

__all__ = [
    "CHECKS",
    "RUBRIC",
    "Check",
    "CheckResult",
    "Checklist",
    "HistoryEntry",
    "RubricCriterion",
    "analyse_prompt",
    "compare_prompts",
    "difference_sentence",
    "escape_markdown",
    "history_to_json",
    "history_to_markdown",
    "rubric_payload",
    "validate_ratings",
]


Check = Element
"""One point of the checklist: its French texts and the rules that detect it."""

CHECKS: tuple[Element, ...] = ELEMENTS
"""The eight points, in the order of lesson l06."""


class EvidenceDict(TypedDict):
    start: int
    end: int
    text: str


class CheckResultDict(TypedDict):
    id: str
    label: str
    found: bool
    comment: str
    suggestion: str
    evidence: list[EvidenceDict]


class MaterialDict(TypedDict):
    kind: str
    start: int
    end: int
    use: str
    separated: bool


class ChecklistDict(TypedDict):
    score: int
    total: int
    words: int
    items: list[CheckResultDict]
    material: list[MaterialDict]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One checklist point for one prompt; ``evidence`` holds the matched fragments."""

    id: str
    label: str
    found: bool
    comment: str
    suggestion: str
    evidence: list[EvidenceDict] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Checklist:
    """The checklist of one prompt."""

    prompt: str
    items: list[CheckResult]
    material: list[MaterialDict] = field(default_factory=list)
    """The text to process found in the prompt (offsets in code points), not checked."""

    @property
    def score(self) -> int:
        return sum(item.found for item in self.items)

    def get(self, check_id: str) -> CheckResult:
        return next(item for item in self.items if item.id == check_id)

    def to_dict(self) -> ChecklistDict:
        """The payload the playground widget shows (French comments and suggestions)."""
        return ChecklistDict(
            score=self.score,
            total=len(self.items),
            words=len(self.prompt.split()),
            items=[
                CheckResultDict(
                    id=i.id,
                    label=i.label,
                    found=i.found,
                    comment=i.comment,
                    suggestion=i.suggestion,
                    evidence=list(i.evidence),
                )
                for i in self.items
            ],
            material=[MaterialDict(**m) for m in self.material],
        )


def analyse_prompt(prompt: str) -> Checklist:
    """Check a prompt against the eight points of the French checklist.

    The material to process (delimited blocks, quotations, a text on its own lines after « : »,
    a pasted message) is set apart first; only the instructions are checked.

    Examples
    --------
    >>> checklist = analyse_prompt("Tu es agent d'accueil. Rédige un courriel de 5 lignes pour des usagers.")
    >>> [item.id for item in checklist.items if item.found]
    ['role', 'task', 'format', 'audience']
    >>> [e["text"] for e in checklist.get("audience").evidence]
    ['pour des usagers']
    >>> analyse_prompt("Résume ce message : « Tu es bénévole ? Ne venez pas. »").get("role").found
    False
    """
    found, blocks = analyse(prompt)
    items: list[CheckResult] = []
    for element in ELEMENTS:
        evidence = [EvidenceDict(**e) for e in found[element.id]]
        present = bool(evidence)
        items.append(
            CheckResult(
                id=element.id,
                label=element.label,
                found=present,
                comment=element.found_fr if present else element.missing_fr,
                suggestion="" if present else element.suggestion_fr,
                evidence=evidence,
            )
        )
    return Checklist(prompt, items, [_material(b) for b in blocks])


def _material(block: Block) -> MaterialDict:
    return MaterialDict(
        kind=block["kind"],
        start=block["start"],
        end=block["end"],
        use=block["use"],
        separated=block["separated"],
    )


class DifferenceDict(TypedDict):
    id: str
    label: str
    present_in: list[int]
    absent_from: list[int]
    sentence: str
    """One French sentence that explains the difference, with the words that decided it."""


LETTERS = "ABCD"


def _variants(indices: Sequence[int]) -> str:
    letters = [LETTERS[i] for i in indices]
    if len(letters) == 1:
        return f"la requête {letters[0]}"
    return f"les requêtes {', '.join(letters[:-1])} et {letters[-1]}"


def difference_sentence(
    element: Element, present: Sequence[int], absent: Sequence[int], evidence: str
) -> str:
    """The comparison sentence for one element, as the playground shows it.

    Examples
    --------
    >>> difference_sentence(CHECKS[0], [1], [0], "Tu es juriste")
    "Rôle : la requête B donne un rôle à l'assistant (« Tu es juriste »), pas la requête A."
    >>> difference_sentence(CHECKS[3], [0, 2], [1], "en 3 points")
    'Format de sortie : les requêtes A et C précisent la forme de la réponse (« en 3 points »), pas la requête B.'
    """
    verb = element.present_fr if len(present) == 1 else element.present_plural_fr
    return (
        f"{element.label} : {_variants(present)} {verb} (« {evidence} »), pas {_variants(absent)}."
    )


class ComparisonDict(TypedDict):
    variants: list[ChecklistDict]
    differences: list[DifferenceDict]
    best: list[int]


def compare_prompts(prompts: Sequence[str]) -> ComparisonDict:
    """Checklists of 2 to 4 prompt variants side by side, and the points where they differ.

    Examples
    --------
    >>> result = compare_prompts(["Résume ce texte.", "Tu es juriste. Résume ce texte en 3 points."])
    >>> [d["id"] for d in result["differences"]], result["best"]
    (['role', 'format'], [1])
    """
    if not 2 <= len(prompts) <= 4:
        raise ValueError("compare 2 to 4 prompt variants")
    checklists = [analyse_prompt(p) for p in prompts]
    differences: list[DifferenceDict] = []
    for check in CHECKS:
        present = [i for i, c in enumerate(checklists) if c.get(check.id).found]
        if 0 < len(present) < len(checklists):
            absent = [i for i in range(len(checklists)) if i not in present]
            evidence = checklists[present[0]].get(check.id).evidence[0]["text"]
            differences.append(
                DifferenceDict(
                    id=check.id,
                    label=check.label,
                    present_in=present,
                    absent_from=absent,
                    sentence=difference_sentence(check, present, absent, evidence),
                )
            )
    top = max(c.score for c in checklists)
    return ComparisonDict(
        variants=[c.to_dict() for c in checklists],
        differences=differences,
        best=[i for i, c in enumerate(checklists) if c.score == top],
    )


# -- rubric -------------------------------------------------------------------------------------

LEVELS: dict[int, str] = {
    1: "Insuffisant",
    2: "À améliorer",
    3: "Satisfaisant",
    4: "Très satisfaisant",
}


@dataclass(frozen=True, slots=True)
class RubricCriterion:
    """A criterion learners rate from 1 to 4 (:data:`LEVELS`)."""

    id: str
    label: str
    question: str


RUBRIC: tuple[RubricCriterion, ...] = (
    RubricCriterion(
        "exactitude",
        "Exactitude",
        "Les faits, chiffres et références sont-ils justes et vérifiables ?",
    ),
    RubricCriterion(
        "pertinence", "Pertinence", "La réponse traite-t-elle vraiment la tâche demandée ?"
    ),
    RubricCriterion("clarte", "Clarté", "Le texte est-il facile à lire et bien organisé ?"),
    RubricCriterion(
        "format",
        "Respect du format",
        "La forme demandée (longueur, liste, tableau) est-elle respectée ?",
    ),
    RubricCriterion(
        "public",
        "Adaptation au public",
        "Le ton et le vocabulaire conviennent-ils au public visé ?",
    ),
    RubricCriterion(
        "sources", "Sources", "La réponse cite-t-elle des sources que l'on peut vérifier ?"
    ),
    RubricCriterion(
        "ethique",
        "Respect des personnes",
        "La réponse évite-t-elle stéréotypes, données personnelles et propos blessants ?",
    ),
)


def validate_ratings(ratings: dict[str, int]) -> dict[str, int]:
    """Check learner ratings: known criteria, integers from 1 to 4.

    Examples
    --------
    >>> validate_ratings({"clarte": 3})
    {'clarte': 3}
    >>> validate_ratings({"clarte": 5})
    Traceback (most recent call last):
    ...
    ValueError: la note de « Clarté » doit être un entier de 1 à 4
    """
    labels = {c.id: c.label for c in RUBRIC}
    for key, value in ratings.items():
        if key not in labels:
            raise ValueError(f"critère inconnu « {key} » ; critères : {', '.join(labels)}")
        if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
            raise ValueError(f"la note de « {labels[key]} » doit être un entier de 1 à 4")
    return dict(ratings)


def rubric_payload() -> list[dict[str, Any]]:
    """The rubric as the widget shows it."""
    return [
        {
            "id": c.id,
            "label": c.label,
            "question": c.question,
            "levels": {str(k): v for k, v in LEVELS.items()},
        }
        for c in RUBRIC
    ]


# -- history -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One call in the playground, as exported by the learner."""

    time: str
    backend: str
    model: str
    prompt: str
    response: str
    settings: dict[str, Any] = field(default_factory=dict)
    ratings: dict[str, int] = field(default_factory=dict)
    note: str = ""


def history_to_json(entries: Sequence[HistoryEntry]) -> str:
    """The history as JSON (UTF-8, indented)."""
    return json.dumps(
        {
            "format": "edukit-playground-history",
            "version": 1,
            "entries": [asdict(e) for e in entries],
        },
        ensure_ascii=False,
        indent=2,
    )


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def escape_markdown(text: str) -> str:
    """Text that renders literally in Markdown: HTML is escaped, markup characters backslashed.

    Examples
    --------
    >>> escape_markdown("<script>alert(1)</script> **gras** # titre")
    '&lt;script&gt;alert\\\\(1\\\\)&lt;/script&gt; \\\\*\\\\*gras\\\\*\\\\* \\\\# titre'
    """
    escaped = html.escape(text, quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def _block(text: str) -> str:
    # Each line is escaped, and a hard line break (backslash) keeps the model's line structure.
    lines = [escape_markdown(line) for line in text.splitlines()] or [""]
    return "\\\n".join(lines)


def history_to_markdown(entries: Sequence[HistoryEntry]) -> str:
    """The history as a Markdown report; prompts and model text are escaped, never raw HTML."""
    labels = {c.id: c.label for c in RUBRIC}
    out = ["# Historique du bac à sable des requêtes", ""]
    for number, entry in enumerate(entries, start=1):
        out += [
            f"## Essai {number} — {escape_markdown(entry.time)}",
            "",
            f"- Modèle : {escape_markdown(entry.backend)} / {escape_markdown(entry.model)}",
        ]
        if entry.settings:
            settings = ", ".join(f"{k} = {v}" for k, v in sorted(entry.settings.items()))
            out.append(f"- Réglages : {escape_markdown(settings)}")
        out += [
            "",
            "**Requête**",
            "",
            _block(entry.prompt),
            "",
            "**Réponse**",
            "",
            _block(entry.response),
            "",
        ]
        if entry.ratings:
            out += ["| Critère | Note |", "|---|---|"]
            for key, value in entry.ratings.items():
                out.append(
                    f"| {escape_markdown(labels.get(key, key))} | {value}/4 ({LEVELS.get(value, '?')}) |"
                )
            out.append("")
        if entry.note:
            out += ["**Commentaire**", "", _block(entry.note), ""]
    return "\n".join(out)
