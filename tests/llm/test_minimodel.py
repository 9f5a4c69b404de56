"""The mini n-gram model: distributions, sampling, export, memorisation, and the JS twin."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from edukit.llm import (
    MiniModel,
    Mulberry32,
    NGramModel,
    detokenize,
    longest_memorised_span,
    tokenize,
)
from edukit.llm._corpus import markdown_to_paragraphs

REPO = Path(__file__).parents[2]
SAMPLER = REPO / "src" / "edukit" / "widgets" / "static" / "minimodel.js"
TOY = ["le chat dort sur le tapis .", "le chat mange .", "le chien dort .", "un chat dort ."]


@pytest.fixture(scope="module")
def course_model() -> NGramModel:
    return NGramModel.from_course(REPO / "courses")


def test_distribution_counts_and_backoff() -> None:
    model = NGramModel.train(TOY, order=3)
    dist = model.distribution(["le", "chat"])
    assert dist.context == ("le", "chat")
    assert dist.top() == [("dort", 0.5), ("mange", 0.5)]
    # unseen pair: backs off to the last word, then to unigrams
    assert model.distribution(["un", "tapis"]).context == ("tapis",)
    assert model.distribution(["zèbre"]).context == ()
    assert abs(sum(model.distribution(["zèbre"]).probabilities) - 1) < 1e-12


def test_temperature_and_top_k() -> None:
    model = NGramModel.train(TOY, order=2)
    base = dict(model.distribution(["le"]).top())
    assert base == {"chat": 0.5, "chien": 0.25, "tapis": 0.25}
    sharp = dict(model.distribution(["le"], temperature=0.5).top())
    assert sharp["chat"] == pytest.approx(4 / 6)
    flat = dict(model.distribution(["le"], temperature=100).top())
    assert max(flat.values()) - min(flat.values()) < 0.01
    assert model.distribution(["le"], top_k=1).top() == [("chat", 1.0)]
    assert model.distribution(["le"], temperature=0).probabilities == [1.0, 0.0, 0.0]


@pytest.mark.slow
def test_seeded_sampling_is_deterministic(course_model: NGramModel) -> None:
    first = course_model.generate("Un modèle de langage", 40, seed=7)
    assert first == course_model.generate("Un modèle de langage", 40, seed=7)
    assert first != course_model.generate("Un modèle de langage", 40, seed=8)
    assert len(first) == 40


@pytest.mark.slow
def test_greedy_generation_memorises_the_course(course_model: NGramModel) -> None:
    found = longest_memorised_span(course_model, "Un modèle de langage", 60)
    assert found.length >= 8
    joined = " ".join(course_model.training_tokens)
    assert " ".join(found.span) in joined
    assert (
        found.span == found.generated[found.generated_start : found.generated_start + found.length]
    )
    assert (
        course_model.training_tokens[found.training_start : found.training_start + found.length]
        == found.span
    )


def test_markdown_is_stripped() -> None:
    text = (
        '---\nid: l01\ntitle: T\n---\n# Titre\n\n!!! falc "En bref"\n    Une *phrase* [lien](https://x.fr).\n\n'
        "```edukit-quiz\nbank: x\n```\n| A | B |\n|---|---|\n| un | deux |\n<span>balise</span> ok\n"
    )
    assert markdown_to_paragraphs(text) == [
        "Titre",
        "En bref",
        "Une phrase lien.",
        "A ; B",
        "un ; deux",
        "balise ok",
    ]


def test_tokenize_and_detokenize_round_trip() -> None:
    text = "L'IA n'est pas magique : elle prédit le mot suivant, aujourd'hui comme hier."
    assert detokenize(tokenize(text)) == text


@pytest.mark.slow
def test_pruned_export_is_small_and_round_trips(course_model: NGramModel) -> None:
    pruned = course_model.pruned()
    raw = pruned.to_json().encode()
    assert len(gzip.compress(raw)) <= 300_000
    again = NGramModel.from_export(json.loads(raw))
    assert again.vocab == pruned.vocab and again.tables == pruned.tables
    assert again.pruning == {"max_vocab": 3000, "min_count": 2, "max_next": 16}
    for level in pruned.tables[1:]:
        for rows in level.values():
            assert len(rows) <= 16 and all(count >= 2 for _, count in rows)
    with pytest.raises(ValueError, match="no training text"):
        longest_memorised_span(again, "Le modèle")


def test_mulberry32_matches_reference_values() -> None:
    rng = Mulberry32(1)
    assert [rng.next_uint32() for _ in range(3)] == [2693262067, 11749833, 2265367787]


def test_minimodel_backend_streams_what_it_completes() -> None:
    backend = MiniModel(NGramModel.train(TOY, order=3))
    messages = [{"role": "user", "content": "le chat"}]
    whole = backend.complete(messages, max_tokens=6, seed=4)  # type: ignore[arg-type]
    pieces = list(backend.stream(messages, max_tokens=6, seed=4))  # type: ignore[arg-type]
    assert "".join(p.text for p in pieces) == whole.text
    assert whole.usage is not None and whole.usage.completion_tokens == 6
    assert pieces[-1].usage == whole.usage


NODE_SCRIPT = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const mm = await import(pathToFileURL(process.argv[2]).href);
const model = mm.loadModel(readFileSync(process.argv[3], "utf8"));
const cases = JSON.parse(readFileSync(process.argv[4], "utf8"));
const out = cases.map((c) => ({
  tokens: mm.tokenize(model, c.prompt),
  dist: mm.distribution(model, c.prompt, { temperature: c.temperature, topK: c.top_k }),
  words: mm.generate(model, c.prompt, 50, { temperature: c.temperature, topK: c.top_k, seed: c.seed }),
}));
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_js_sampler_agrees_with_python(course_model: NGramModel, tmp_path: Path) -> None:
    exported = course_model.pruned()
    model_file = tmp_path / "model.json"
    model_file.write_text(exported.to_json(), encoding="utf-8")
    python_model = NGramModel.from_export(json.loads(model_file.read_text(encoding="utf-8")))
    cases = [
        {"prompt": "L’intelligence artificielle", "temperature": 1.0, "top_k": None, "seed": 1},
        {"prompt": "Le modèle de langage", "temperature": 0.7, "top_k": 10, "seed": 42},
        {"prompt": "Les données personnelles", "temperature": 1.5, "top_k": None, "seed": 2024},
        {"prompt": "zzz inconnu", "temperature": 1.0, "top_k": 3, "seed": 5},
        {"prompt": "La CNIL", "temperature": 0.0, "top_k": None, "seed": 0},
    ]
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases), encoding="utf-8")
    script = tmp_path / "run.mjs"
    script.write_text(NODE_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        ["node", str(script), str(SAMPLER), str(model_file), str(cases_file)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    js = json.loads(result.stdout)
    for case, theirs in zip(cases, js, strict=True):
        assert theirs["tokens"] == tokenize(case["prompt"])
        mine = python_model.distribution(
            case["prompt"], temperature=case["temperature"], top_k=case["top_k"]
        )
        assert theirs["dist"]["words"] == mine.words
        assert list(theirs["dist"]["context"]) == list(mine.context)
        assert theirs["dist"]["probabilities"] == pytest.approx(
            mine.probabilities, rel=1e-12, abs=1e-15
        )
        words = python_model.generate(
            case["prompt"],
            50,
            temperature=case["temperature"],
            top_k=case["top_k"],
            seed=case["seed"],
        )
        assert theirs["words"] == words
