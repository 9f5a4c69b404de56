"""The French prompt checklist, the comparison, the rubric and the history export."""

from __future__ import annotations

import json

import pytest

from edukit.llm import (
    CHECKS,
    HistoryEntry,
    analyse_prompt,
    compare_prompts,
    history_to_json,
    history_to_markdown,
    rubric_payload,
    validate_ratings,
)

FULL = '''Tu es conseillère dans une mairie. Nous préparons la rentrée scolaire.
Rédige un courriel de 10 lignes maximum pour des parents, ton poli et simple, sans jargon.
Par exemple : « Madame, Monsieur, la cantine ouvre le… ».
Voici la note à résumer :
"""
La cantine ouvrira le 2 septembre. Inscriptions en ligne.
"""'''


def test_a_complete_prompt_ticks_every_point() -> None:
    checklist = analyse_prompt(FULL)
    missing = [item.id for item in checklist.items if not item.found]
    assert missing == []
    assert checklist.score == len(CHECKS) == 8


def test_a_bare_prompt_gets_comments_and_suggestions() -> None:
    checklist = analyse_prompt("la cantine")
    assert checklist.score == 0
    for item in checklist.items:
        assert item.comment and item.suggestion
        assert item.evidence == []
    assert checklist.get("role").suggestion.startswith("Commencez par « Tu es")


@pytest.mark.parametrize(
    ("check", "prompt"),
    [
        ("role", "En tant que juriste, explique le RGPD."),
        ("context", "Je travaille dans une petite boulangerie."),
        ("task", "Pouvez-vous corriger ce texte ?"),
        ("format", "Réponds sous forme de tableau."),
        ("examples", "Voici un modèle à suivre."),
        ("constraints", "N'invente pas de chiffres."),
        ("separated_data", "Traduis le texte entre balises.\n<texte>Hello</texte>"),
        ("audience", "Explique-le pour des personnes âgées."),
    ],
)
def test_each_point_is_detected_alone(check: str, prompt: str) -> None:
    item = analyse_prompt(prompt).get(check)
    assert item.found, check
    assert (
        item.evidence
        and prompt[item.evidence[0]["start"] : item.evidence[0]["end"]] == item.evidence[0]["text"]
    )


def test_data_without_delimiters_is_not_separated() -> None:
    assert (
        not analyse_prompt("Résume ce texte : la cantine ouvrira le 2 septembre.")
        .get("separated_data")
        .found
    )


def test_compare_two_to_four_variants() -> None:
    result = compare_prompts(["Résume.", FULL, "Tu es juriste. Résume."])
    assert [v["score"] for v in result["variants"]] == [1, 8, 2]
    assert result["best"] == [1]
    role = next(d for d in result["differences"] if d["id"] == "role")
    assert role["present_in"] == [1, 2] and role["absent_from"] == [0]
    with pytest.raises(ValueError):
        compare_prompts(["seul"])
    with pytest.raises(ValueError):
        compare_prompts(["a"] * 5)


def test_rubric_and_ratings() -> None:
    rubric = rubric_payload()
    assert len(rubric) >= 5
    assert rubric[0]["levels"] == {
        "1": "Insuffisant",
        "2": "À améliorer",
        "3": "Satisfaisant",
        "4": "Très satisfaisant",
    }
    assert validate_ratings({"exactitude": 4, "clarte": 1}) == {"exactitude": 4, "clarte": 1}
    for bad in ({"exactitude": 0}, {"exactitude": True}, {"inconnu": 2}):
        with pytest.raises(ValueError):
            validate_ratings(bad)  # type: ignore[arg-type]


def test_history_export_escapes_model_text() -> None:
    entry = HistoryEntry(
        time="2025-03-01 10:00",
        backend="mini",
        model="mini-modele",
        prompt="Résume *ceci*",
        response="<img src=x onerror=alert(1)>\n# Pas un titre\n- pas une liste [lien](javascript:x)",
        settings={"temperature": 0.7},
        ratings={"clarte": 3},
    )
    markdown = history_to_markdown([entry])
    assert "<img" not in markdown and "&lt;img src=x onerror=alert\\(1\\)&gt;" in markdown
    assert "\n# Pas" not in markdown and "\\# Pas un titre" in markdown
    assert "\\[lien\\]\\(javascript:x\\)" in markdown
    assert "| Clarté | 3/4 (Satisfaisant) |" in markdown
    data = json.loads(history_to_json([entry]))
    assert data["entries"][0]["response"] == entry.response
    assert data["format"] == "edukit-playground-history"
