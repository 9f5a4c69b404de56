"""Prompt analysis for learners: a French checklist, side-by-side comparison, a rating rubric
and the history export.

Every checklist point is found by plain patterns listed in :data:`CHECKS`, so a trainer can
explain why a point is ticked or not: no model is involved.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypedDict

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
    "escape_markdown",
    "history_to_json",
    "history_to_markdown",
    "rubric_payload",
    "validate_ratings",
]


@dataclass(frozen=True, slots=True)
class Check:
    """One point of the checklist and the patterns that detect it (case-insensitive)."""

    id: str
    label: str
    patterns: tuple[str, ...]
    found_fr: str
    missing_fr: str
    suggestion_fr: str


_V = r"(?:z|s)?\b"  # imperative: « rédige », « rédigez », « rédiges » is tolerated

CHECKS: tuple[Check, ...] = (
    Check(
        "role",
        "Rôle",
        (
            r"\b(?:tu es|vous êtes|tu joues|vous jouez|agis|agissez|joue le rôle|jouez le rôle)\b",
            r"\ben tant qu[e']\s*\w+",
            r"\bmets?-toi (?:dans la peau|à la place)\b|\bmettez-vous (?:dans la peau|à la place)\b",
            r"\bimagine que tu es\b|\bimaginez que vous êtes\b",
        ),
        "La requête donne un rôle à l'assistant.",
        "Aucun rôle n'est donné à l'assistant.",
        "Commencez par « Tu es… » ou « En tant que… » (par exemple « Tu es agent d'accueil d'une mairie »).",
    ),
    Check(
        "context",
        "Contexte",
        (
            r"\bcontexte\b",
            r"\b(?:je|nous) (?:suis|sommes|travaille|travaillons|prépare|préparons|dois|devons|gère|gérons|organise|organisons)\b",
            r"\bdans le cadre d[e']",
            r"\b(?:mon|ma|mes|notre|nos) (?:entreprise|service|mairie|association|équipe|commune|structure|client|boutique|collectivité|agence)s?\b",
            r"\b(?:situation|objectif|parce que|afin de|car)\b",
        ),
        "La requête décrit la situation ou l'objectif.",
        "La situation n'est pas décrite : l'assistant devra deviner.",
        "Ajoutez une ou deux phrases de contexte : qui vous êtes, pour quoi faire, ce qui s'est passé.",
    ),
    Check(
        "task",
        "Tâche",
        (
            r"\b(?:rédige|écri[st]|écrive|résume|tradui[st]|explique|propose|liste|compare|corrige|analyse|génère|fai[st]|donne|classe|reformule|simplifie|prépare|calcule|vérifie|relis|suggère|trouve|crée|identifie|présente|aide)"
            + _V,
            r"\b(?:peux-tu|pouvez-vous|pourrais-tu|pourriez-vous|je voudrais|j'aimerais|aide-moi|aidez-moi)\b",
        ),
        "La tâche est formulée par un verbe d'action.",
        "On ne voit pas clairement ce qui est demandé.",
        "Formulez la demande avec un verbe d'action : « Rédige… », « Résume… », « Compare… ».",
    ),
    Check(
        "format",
        "Format de sortie",
        (
            r"\b(?:format|tableau|liste à puces|puces|paragraphes?|json|markdown|titre|sous-titres?|plan|colonnes?|sous forme d[e'])\b",
            r"\b(?:en|de|maximum|max\.?|moins de|au plus) \d+ (?:mots|lignes|phrases|points|caractères|paragraphes|étapes|idées)\b",
            r"\b(?:un|une) (?:courriel|e-mail|mail|lettre|affiche|note|liste|fiche|message|sms)\b",
        ),
        "La forme attendue de la réponse est précisée.",
        "La forme de la réponse n'est pas précisée.",
        "Dites la forme attendue : « en 5 points », « un tableau à deux colonnes », « un courriel de 10 lignes ».",
    ),
    Check(
        "examples",
        "Exemples",
        (
            r"\b(?:par exemple|exemples?|ex\s?:|comme ceci|sur ce modèle|voici un modèle|dans ce style|à la manière de)\b",
        ),
        "La requête montre un exemple de ce qui est attendu.",
        "Aucun exemple n'est donné.",
        "Donnez un court exemple de réponse attendue (« Par exemple : … »), l'assistant imitera sa forme.",
    ),
    Check(
        "constraints",
        "Contraintes",
        (
            r"\b(?:ne\s|n')(?:\w+\s+)?(?:pas|jamais|rien|aucune?|plus)\b",
            r"\b(?:évite|évitez|sans|uniquement|seulement|obligatoirement|impérativement|respecte|respectez)\b",
            r"\b(?:registre|vouvoie|vouvoiement|tutoie|factuel)\b",
            r"\bton (?:\w+ )?(?:poli|neutre|simple|chaleureux|formel|professionnel|amical|bienveillant|courtois)\b",
            r"\b(?:au moins|au plus|maximum|minimum|pas plus de)\b",
            r"\b(?:doit|doivent|il faut)\b",
        ),
        "La requête fixe des contraintes (ton, limites, interdits).",
        "Aucune contrainte n'est posée (ton, longueur, ce qu'il faut éviter).",
        "Précisez le ton et les limites : « ton poli et simple, pas de jargon, ne pas inventer de chiffres ».",
    ),
    Check(
        "separated_data",
        "Données séparées des consignes",
        (
            r'"""|```|~~~|\'\'\'',
            r"<(?P<tag>[a-zA-Zà-ü_]+)>.*?</(?P=tag)>",
            r"^\s*(?:-{3,}|#{3,}|={3,}|\*{3,})\s*$",
            r"^\s*(?:texte|document|données|courriel|message|article|avis)\s*:\s*$",
        ),
        "Le texte à traiter est bien séparé des consignes.",
        "Si la requête contient un texte à traiter, il n'est pas séparé des consignes.",
        'Encadrez le texte à traiter, par exemple entre """ et """ ou entre <texte> et </texte>.',
    ),
    Check(
        "audience",
        "Public visé",
        (
            r"\b(?:pour|à destination d[e'u]s?|destiné[es]* à|adressé[es]* à) (?:des |les |un |une |nos |mes |de )?(?:usagers|usagères|habitants|habitantes|clients|clientes|élèves|enfants|adolescents|seniors|personnes âgées|débutants|collègues|agents|élus|lecteurs|lectrices|grand public|public|famille|parents|jeunes|salariés|bénévoles|patients|citoyens)\b",
            r"\b(?:public visé|public cible|lecteurs?|lectrices?|niveau (?:débutant|simple|cm2|collège)|grand public|facile à lire|falc|non[- ]spécialistes?)\b",
        ),
        "Le public de la réponse est indiqué.",
        "On ne sait pas pour qui est la réponse.",
        "Indiquez le public : « pour des habitants peu à l'aise avec le numérique », « pour mes collègues ».",
    ),
)

_COMPILED = {
    check.id: [re.compile(p, re.IGNORECASE | re.MULTILINE | re.DOTALL) for p in check.patterns]
    for check in CHECKS
}


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


class ChecklistDict(TypedDict):
    score: int
    total: int
    words: int
    items: list[CheckResultDict]


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
        )


def analyse_prompt(prompt: str) -> Checklist:
    """Check a prompt against the eight points of the French checklist.

    Examples
    --------
    >>> checklist = analyse_prompt("Tu es agent d'accueil. Rédige un courriel de 5 lignes pour des usagers.")
    >>> [item.id for item in checklist.items if item.found]
    ['role', 'task', 'format', 'audience']
    >>> checklist.get("examples").suggestion[:30]
    'Donnez un court exemple de rép'
    """
    items: list[CheckResult] = []
    for check in CHECKS:
        evidence: list[EvidenceDict] = []
        for pattern in _COMPILED[check.id]:
            for match in pattern.finditer(prompt):
                evidence.append(
                    EvidenceDict(start=match.start(), end=match.end(), text=match.group(0)[:80])
                )
        evidence.sort(key=lambda e: e["start"])
        found = bool(evidence)
        items.append(
            CheckResult(
                id=check.id,
                label=check.label,
                found=found,
                comment=check.found_fr if found else check.missing_fr,
                suggestion="" if found else check.suggestion_fr,
                evidence=evidence[:5],
            )
        )
    return Checklist(prompt, items)


class DifferenceDict(TypedDict):
    id: str
    label: str
    present_in: list[int]
    absent_from: list[int]


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
            differences.append(
                DifferenceDict(
                    id=check.id, label=check.label, present_in=present, absent_from=absent
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
