"""The playground's logic in edukit.llm: its spec (French messages, ``path:line``, the text file
kept inside the course), its payload, the mini model trained once, and the impact figures that
neither keep a failure for the whole process nor hide edukit's own bugs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from edukit.llm import (
    PLAYGROUND_OPTIONS,
    PlaygroundOptionError,
    PlaygroundOptions,
    PlaygroundSpec,
    TrainedModel,
    _impact,
    _training,
    call_impact,
    check_option,
    contained_text_file,
    course_training_corpus,
    impact_references,
    playground_payload,
    playground_problems,
    preset,
    trained_model,
)

TEXT = (
    "Un modèle de langage prédit le mot suivant, encore et encore.\n\n"
    "Un modèle de langage prédit le mot suivant, puis recommence.\n"
)


LINES = {(key,): 11 + index for index, key in enumerate(PlaygroundSpec.model_fields)}
"""Each known key on its own line after a fence at line 10 (in field order)."""


def _lines(loc: tuple[str | int, ...]) -> tuple[Path, int | None]:
    """As a block's ``line_of``: the line of the key, else the fence's."""
    return Path("courses/m1/l01.md"), LINES.get(loc[:1], 10)


def _problems(data: dict[str, Any], root: Path | None = None) -> list[str]:
    context = {"root": root} if root is not None else None
    with pytest.raises(ValidationError) as caught:
        PlaygroundSpec.model_validate(data, context=context)
    return [str(problem) for problem in playground_problems(caught.value, _lines)]


def test_each_refused_option_is_one_french_message_at_its_line() -> None:
    assert _problems({"mode": "chat", "variants": 5}) == [
        "courses/m1/l01.md:11: « mode » ne peut pas valoir 'chat' — valeurs possibles : "
        "mot-suivant, requetes",
        "courses/m1/l01.md:12: « variants » doit valoir 2, 3 ou 4, pas 5 — on compare de 2 à 4 "
        "requêtes côte à côte",
    ]
    assert _problems({"temperature": "chaud"}) == [
        "courses/m1/l01.md:15: « temperature » doit être un nombre, pas 'chaud' — écrivez par "
        "exemple « temperature: 0.7 »"
    ]
    (endpoint,) = _problems({"endpoint": {"base_url": "http://127.0.0.1/v1", "api_key": "x"}})
    assert "jamais de clé" in endpoint and endpoint.startswith("courses/m1/l01.md:20:")


def test_unknown_keys_are_one_message_at_the_block_line() -> None:
    (problem,) = _problems({"modes": "requetes", "titel": "x"})
    assert problem.startswith(
        "courses/m1/l01.md:10: clé(s) inconnue(s) dans le bloc « edukit-playground » : modes, "
        "titel (unknown key(s) modes, titel in the 'edukit-playground' block) — clés possibles : "
        "mode, variants"
    )


def test_the_widget_options_are_the_spec_fields() -> None:
    fields = set(PlaygroundSpec.model_fields) - {"text_file"}
    assert set(PLAYGROUND_OPTIONS) == fields == set(PlaygroundOptions.__annotations__)
    assert check_option("words", 200) == 200
    with pytest.raises(PlaygroundOptionError, match="entre 1 et 200") as caught:
        check_option("words", 0)
    assert caught.value.bilingual.endswith("(words must be between 1 and 200, not 0)")
    with pytest.raises(PlaygroundOptionError, match="nombre entier"):
        check_option("seed", True)


@pytest.mark.parametrize(
    "name", ["../secret.txt", "../../../../../../etc/hostname", "/etc/hostname", "lien.txt"]
)
def test_a_text_file_outside_the_course_is_refused(tmp_path: Path, name: str) -> None:
    root = tmp_path / "cours"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("Mot de passe du serveur.\n", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", root / "lien.txt")
    (problem,) = _problems({"text_file": name}, root)
    assert problem.startswith(
        "courses/m1/l01.md:21: « text_file » doit désigner un fichier du dépôt du cours"
    )
    with pytest.raises(PlaygroundOptionError):
        contained_text_file(root, name)


def test_a_text_file_inside_the_course_is_taken(tmp_path: Path) -> None:
    (tmp_path / "textes").mkdir()
    (tmp_path / "textes" / "menu.txt").write_text(TEXT, encoding="utf-8")
    spec = PlaygroundSpec.model_validate(
        {"text_file": "textes/menu.txt"}, context={"root": tmp_path}
    )
    assert contained_text_file(tmp_path, spec.text_file) == (tmp_path / "textes" / "menu.txt")
    (missing,) = _problems({"text_file": "textes/absent.txt"}, tmp_path)
    assert "le fichier texte « textes/absent.txt » est introuvable" in missing


def test_the_payload_holds_the_options_and_the_model() -> None:
    model = TrainedModel({"format": "edukit-ngram"}, {"source": "x"}, [])
    payload = playground_payload(PlaygroundSpec(mode="requetes", variants=3), model)
    assert payload["prompts"] == ["", "", ""] and payload["mode"] == "requetes"
    assert "text_file" not in payload
    assert {"model_export", "model_info", "memorisation", "checks", "rubric", "impacts"} <= set(
        payload
    )
    given = playground_payload(PlaygroundSpec(prompts=["Résume."]), model)
    assert given["prompts"] == ["Résume."]


def test_the_mini_model_is_trained_once_per_corpus(
    tmp_path: Path, training_calls: list[int]
) -> None:
    (tmp_path / "a.md").write_text(TEXT, encoding="utf-8")
    calls = training_calls
    _training._MODELS.clear()
    first = trained_model(course_training_corpus(tmp_path, "cours"), code_version="v1")
    again = trained_model(course_training_corpus(tmp_path, "cours"), code_version="v1")
    assert calls == [2] and first == again and first.export is not again.export
    trained_model(course_training_corpus(tmp_path, "cours"), code_version="v2")
    assert calls == [2, 2]  # other code, another model


def test_impact_references_are_computed_again_after_a_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = _impact.estimate_impact_open
    failing = {"left": 1}

    def flaky(*args: Any, **kwargs: Any) -> Any:
        if failing["left"]:
            failing["left"] -= 1
            raise ImportError("ecologits is being installed")
        return real(*args, **kwargs)

    monkeypatch.setattr(_impact, "_REFERENCE_ROWS", [])
    monkeypatch.setattr(_impact, "estimate_impact_open", flaky)
    assert impact_references() == []
    rows = impact_references()
    assert [row["id"] for row in rows] == ["open-1b", "open-8b", "open-70b", "mistral-small"]
    assert all(row["energy_wh_per_token"][0] > 0 for row in rows)


def test_an_unexpected_error_in_the_impact_figures_is_not_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug in edukit's figures")

    monkeypatch.setattr(_impact, "_REFERENCE_ROWS", [])
    monkeypatch.setattr(_impact, "estimate_impact_open", broken)
    with pytest.raises(RuntimeError, match="a bug in edukit's figures"):
        impact_references()


def test_a_hosted_model_ecologits_does_not_know_gets_a_reference() -> None:
    impact = call_impact(preset("mistral", model="pas-un-vrai-modele"), 100)
    assert impact is not None and impact["label"].endswith("(référence)")
    known = call_impact(preset("openai", model="gpt-4o-mini"), 100)
    assert known is not None and known["label"] == "OpenAI · gpt-4o-mini"
