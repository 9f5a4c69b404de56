"""The French prompt checklist (measured on the labelled corpus), the comparison, the rubric and
the history export.

The corpus ``tests/fixtures/prompts/corpus.jsonl`` is labelled by docs/prompt-checklist-guide.md.
Its ``heldout`` split was written and committed before the analyser and is never used to tune
it; the quality bar below is asserted on it.

``python tests/llm/test_prompt.py`` rewrites ``tests/fixtures/prompts/verdicts.json``, the shared
fixture that ``tests/js/playground.test.mjs`` replays in JavaScript.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

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
from edukit.llm._checklist import measure

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "prompts" / "corpus.jsonl"
VERDICTS = CORPUS.with_name("verdicts.json")
ELEMENT_IDS = [check.id for check in CHECKS]
BAR = 0.90


def load_corpus() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]


FULL = '''Tu es conseillère dans une mairie. Nous préparons la rentrée scolaire.
Rédige un courriel de 10 lignes maximum pour des parents, ton poli et simple, sans jargon.
Par exemple : « Madame, Monsieur, la cantine ouvre le 2 septembre, inscrivez vos enfants. ».
Voici la note à résumer :
"""
La cantine ouvrira le 2 septembre. Inscriptions en ligne.
"""'''


def test_a_complete_prompt_ticks_every_point() -> None:
    checklist = analyse_prompt(FULL)
    missing = [item.id for item in checklist.items if not item.found]
    assert missing == []
    assert checklist.score == len(CHECKS) == 8
    assert [m["use"] for m in checklist.material] == ["example", "data"]


def test_a_bare_prompt_gets_comments_and_suggestions() -> None:
    checklist = analyse_prompt("la cantine")
    assert checklist.score == 0
    for item in checklist.items:
        assert item.comment and item.suggestion
        assert item.evidence == []
    assert checklist.get("role").suggestion.startswith("Commencez par « Tu es")


@pytest.mark.parametrize(
    ("check", "prompt", "words"),
    [
        ("role", "En tant que juriste, explique le RGPD.", "En tant que juriste, explique"),
        ("role", "Tu aides une petite association à écrire.", "Tu aides une"),
        ("context", "Je tiens un garage à Rodez. Aide-moi.", "Je tiens"),
        ("context", "Mon employé m'a envoyé sa démission. Que faire ?", "Mon employé m'a envoyé"),
        ("task", "Pouvez-vous corriger ce texte ?", "Pouvez-vous"),
        ("task", "C'est quoi ce courrier ?", "C'est quoi ce courrier ?"),
        ("format", "Réponds sous forme de tableau.", "sous forme de tableau"),
        ("format", "Réponds en deux phrases.", "deux phrases"),
        ("format", "Prépare 4 rappels par SMS.", "4 rappels"),
        ("examples", "Écris l'annonce sur le modèle de celle de l'an dernier.", "sur le modèle de"),
        ("examples", "Inspire-toi de ce message : « Merci à tous, à très vite ! »", "Inspire-toi"),
        ("constraints", "N'invente pas de chiffres.", "N'invente pas"),
        ("constraints", "Réponds à ce client, poli mais ferme.", "poli"),
        ("separated_data", "Traduis le texte entre balises.\n<texte>Hello</texte>", "<texte>"),
        (
            "separated_data",
            "Résume ce message :\nLa cantine ferme le 12 juillet.",
            "Résume ce message :",
        ),
        ("audience", "Explique-le pour des personnes âgées.", "pour des personnes âgées"),
        ("audience", "Public : les habitants. Rédige l'annonce.", "Public :"),
        ("audience", "Écris un avis destiné aux parents d'élèves.", "destiné aux parents"),
        ("audience", "Écris une lettre pour ma grand-mère.", "pour ma grand-mère"),
        ("audience", "Rédige une note à l'attention des élus.", "à l'attention des élus"),
    ],
)
def test_each_point_is_detected_with_the_words_that_decide_it(
    check: str, prompt: str, words: str
) -> None:
    item = analyse_prompt(prompt).get(check)
    assert item.found, check
    texts = [e["text"] for e in item.evidence]
    assert any(text.startswith(words) or words.startswith(text) for text in texts), texts
    for evidence in item.evidence:
        assert prompt[evidence["start"] : evidence["end"]].startswith(evidence["text"])


@pytest.mark.parametrize(
    ("check", "prompt"),
    [
        ("role", "Résume ce message : « Bonjour, tu es bénévole ? On compte sur toi samedi. »"),
        ("role", "tu es sûr ? refais le calcul"),
        ("examples", 'Résume ce texte.\n"""\nVenez par exemple le mardi.\n"""'),
        ("examples", "Donne-moi un exemple de slogan pour une fromagerie."),
        ("constraints", "Résume :\n« Réunion jeudi. Ne venez pas sans votre badge, merci. »"),
        ("constraints", "Mon patron ne répond pas et je ne sais pas quoi faire. Aide-moi."),
        ("format", "Ma fille voudrait un tableau de Monet. Trouve des idées de vitrine."),
        ("task", "Parle-moi de la fête des voisins."),
        ("audience", "Rédige un message pour annoncer le nouveau lieu."),
        ("audience", "Fais notre demande de subvention à la région."),
        ("separated_data", "Résume ce texte : la cantine ouvrira le 2 septembre."),
        ("separated_data", "Écris un article sur la fête des voisins."),
    ],
)
def test_look_alike_words_do_not_tick_a_point(check: str, prompt: str) -> None:
    item = analyse_prompt(prompt).get(check)
    assert not item.found, item.evidence


def test_the_material_is_set_apart_and_a_short_quote_is_a_mention() -> None:
    checklist = analyse_prompt(
        "Propose 4 phrases pour la rubrique « Compétences ».\nTexte :\nJe suis motivé."
    )
    assert [(m["kind"], m["use"], m["separated"]) for m in checklist.material] == [
        ("quote", "mention", False),
        ("lines", "data", True),
    ]
    assert not checklist.get("context").found  # « Je suis motivé » is material


def test_offsets_count_code_points_like_javascript_must() -> None:
    prompt = "Tu es juriste 😀. Résume :\n« 😀 Vous êtes invités samedi à la grande fête. »"
    item = analyse_prompt(prompt).get("task")
    assert [(e["start"], e["text"]) for e in item.evidence] == [(17, "Résume")]
    assert prompt[17:23] == "Résume"


def test_compare_two_to_four_variants_with_one_sentence_per_difference() -> None:
    result = compare_prompts(["Résume.", FULL, "Tu es juriste. Résume."])
    assert [v["score"] for v in result["variants"]] == [1, 8, 2]
    assert result["best"] == [1]
    role = next(d for d in result["differences"] if d["id"] == "role")
    assert role["present_in"] == [1, 2] and role["absent_from"] == [0]
    assert role["sentence"] == (
        "Rôle : les requêtes B et C donnent un rôle à l'assistant "
        "(« Tu es conseillère »), pas la requête A."
    )
    for difference in result["differences"]:
        assert difference["sentence"].count(".") >= 1 and "\n" not in difference["sentence"]
    with pytest.raises(ValueError):
        compare_prompts(["seul"])
    with pytest.raises(ValueError):
        compare_prompts(["a"] * 5)


# -- the labelled corpus ------------------------------------------------------------------------


def test_the_corpus_follows_its_brief() -> None:
    rows = load_corpus()
    assert len(rows) >= 250
    assert len({r["id"] for r in rows}) == len(rows)
    splits = Counter(r["split"] for r in rows)
    assert set(splits) == {"dev", "heldout"}
    assert 0.25 <= splits["heldout"] / len(rows) <= 0.40
    assert set(Counter(r["author"] for r in rows)) == {
        "agent",
        "commerce",
        "association",
        "jeune",
        "senior",
    }
    styles = Counter(r["style"] for r in rows)
    assert set(styles) == {"soigne", "sms"} and styles["sms"] >= 30
    assert 0.28 <= sum(r["hard_negative"] for r in rows) / len(rows) <= 0.40
    for row in rows:
        assert row["elements"] == [e for e in ELEMENT_IDS if e in row["elements"]], row["id"]
    for split in ("dev", "heldout"):
        for element in ELEMENT_IDS:
            positives = sum(element in r["elements"] for r in rows if r["split"] == split)
            assert positives >= 10, (split, element)


def _scores(split: str) -> dict[str, Any]:
    rows = [r for r in load_corpus() if r["split"] == split]
    return dict(measure([(r["text"], r["elements"]) for r in rows]))


@pytest.mark.parametrize("split", ["heldout", "dev"])
def test_precision_and_recall_reach_the_bar_for_every_element(split: str) -> None:
    scores = _scores(split)
    low = {
        element: (round(s["precision"], 3), round(s["recall"], 3))
        for element, s in scores.items()
        if s["precision"] < BAR or s["recall"] < BAR
    }
    assert low == {}, f"{split}: elements under {BAR} (precision, recall): {low}"


def test_evidence_is_taken_from_the_instructions_only() -> None:
    for row in load_corpus():
        checklist = analyse_prompt(row["text"])
        material = [(m["start"], m["end"]) for m in checklist.material]
        for item in checklist.items:
            assert item.found == bool(item.evidence)
            for evidence in item.evidence:
                start, end = evidence["start"], evidence["end"]
                assert row["text"][start:end].startswith(evidence["text"]), row["id"]
                # A sentence may hold a quotation, but no evidence begins or ends in material.
                if item.id not in ("separated_data", "examples"):
                    assert not any(a <= start < b or a < end <= b for a, b in material), (
                        row["id"],
                        item.id,
                        evidence,
                    )


# -- the fixture shared with JavaScript -----------------------------------------------------------


def verdicts_fixture() -> dict[str, Any]:
    """The checklist payload and Python's verdicts on every corpus prompt and a few edge cases."""
    from edukit.llm import checklist_payload

    extra = [
        "",
        "   ",
        "😀😀 Tu es là ? écris un sms 📱 pour ma mamie : « 🎂 Joyeux anniversaire, on t'aime fort ! »",
        "Résume :\r\nLe texte\r\n\r\nRédige ensuite un courriel.",
        '"""non fermé\nTu es bénévole ?',
        "<avis>Tu es nul</avis><avis>encore</avis> « un » « deux trois quatre cinq six sept »",
        "Texte :\n\n\nFin.",
        "---\nTu es bénévole\n---\nRésume ce qui précède en 2 phrases.",
    ]
    cases = [(row["id"], row["text"]) for row in load_corpus()]
    cases += [(f"extra-{i}", text) for i, text in enumerate(extra)]
    verdicts = []
    for case_id, text in cases:
        checklist = analyse_prompt(text).to_dict()
        verdicts.append(
            {
                "id": case_id,
                "text": text,
                "items": [[i["id"], i["found"], i["evidence"]] for i in checklist["items"]],
                "material": checklist["material"],
            }
        )
    return {"checks": checklist_payload(), "verdicts": verdicts}


def _fixture_text() -> str:
    return json.dumps(verdicts_fixture(), ensure_ascii=False, separators=(",", ":")) + "\n"


def test_the_shared_javascript_fixture_is_current() -> None:
    assert VERDICTS.read_text(encoding="utf-8") == _fixture_text(), (
        "tests/fixtures/prompts/verdicts.json is out of date: run "
        "`.venv/bin/python tests/llm/test_prompt.py` and commit it"
    )


# -- rubric and history -------------------------------------------------------------------------


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


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    VERDICTS.write_text(_fixture_text(), encoding="utf-8")
    print(f"wrote {VERDICTS.relative_to(ROOT)}")
