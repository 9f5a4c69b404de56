"""The personal-data guard on a labelled French set, and its validators."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from edukit.llm import (
    PersonNameDetector,
    PIIExtraMissing,
    anonymise,
    find_personal_data,
    iban_is_valid,
    luhn_is_valid,
    nir_is_valid,
    scan_payload,
)
from edukit.llm._pii import LABELS

FIXTURE = Path(__file__).parents[1] / "fixtures" / "llm" / "pii_fr.jsonl"


def load_set() -> list[dict[str, object]]:
    return [
        json.loads(line)
        for line in FIXTURE.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def per_type_scores() -> dict[str, tuple[float, float, int]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for item in load_set():
        text = str(item["text"])
        expected = {(s["type"], s["start"], s["end"]) for s in item["spans"]}  # type: ignore[attr-defined]
        found = {(s.type, s.start, s.end) for s in find_personal_data(text)}
        for kind, *_ in found & expected:
            tp[kind] += 1
        for kind, *_ in found - expected:
            fp[kind] += 1
        for kind, *_ in expected - found:
            fn[kind] += 1
    scores = {}
    for kind in set(tp) | set(fp) | set(fn):
        precision = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 0.0
        recall = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 0.0
        scores[kind] = (precision, recall, tp[kind] + fn[kind])
    return scores


def test_the_set_is_labelled_and_large_enough() -> None:
    items = load_set()
    assert len(items) >= 60
    negatives = [i for i in items if not i["spans"]]
    assert len(negatives) >= 20
    for item in items:
        for span in item["spans"]:  # type: ignore[attr-defined]
            assert str(item["text"])[span["start"] : span["end"]] == span["text"]
            assert span["type"] in LABELS


def test_recall_and_precision_per_type() -> None:
    scores = per_type_scores()
    assert set(scores) >= {"EMAIL", "PHONE", "NIR", "IBAN", "CARD", "BIRTH_DATE", "ADDRESS"}
    for kind, (precision, recall, support) in scores.items():
        assert support >= 4, kind
        assert recall >= 0.95, f"{kind}: recall {recall:.2f}"
        assert precision >= 0.9, f"{kind}: precision {precision:.2f}"


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("2 69 05 49 588 157 80", True),
        ("269054958815780", True),
        ("2 69 05 49 588 157 79", False),
        ("1 85 08 2A 004 123 34", True),
        ("1 85 08 2B 004 123 88", True),
        ("1 85 08 2B 004 123 34", False),  # the 2A key does not fit 2B
        ("5 85 08 75 004 123 34", False),  # sex digit
    ],
)
def test_nir_key(number: str, valid: bool) -> None:
    assert nir_is_valid(number) is valid


def test_iban_and_luhn() -> None:
    assert iban_is_valid("GB82 WEST 1234 5698 7654 32")
    assert not iban_is_valid("GB82 WEST 1234 5698 7654 33")
    assert not iban_is_valid("FR76 3000 6000 0112 3456 7890 18")  # wrong length for FR
    assert luhn_is_valid("378282246310005") and not luhn_is_valid("378282246310006")


def test_anonymised_text_keeps_the_rest() -> None:
    text = "Je suis née le 14/02/1988, tél. 06 23 45 67 89, écrivez à nadia.b@free.fr."
    assert (
        anonymise(text)
        == "Je suis née le [DATE DE NAISSANCE], tél. [TÉLÉPHONE], écrivez à [EMAIL]."
    )
    assert anonymise("Rien à signaler.") == "Rien à signaler."


def test_overlap_prefers_the_validated_type() -> None:
    # a NIR also looks like a long number; it must be reported once, as a NIR
    spans = find_personal_data("NIR 2 69 05 49 588 157 80")
    assert [(s.type, s.text) for s in spans] == [("NIR", "2 69 05 49 588 157 80")]


def test_scan_payload_offsets_for_javascript() -> None:
    payload = scan_payload("🙂🙂 Mail : a.b@c.fr")
    span = payload["spans"][0]
    assert (span["start"], span["end"]) == (10, 18)
    assert (span["start_utf16"], span["end_utf16"]) == (12, 20)
    assert payload["counts"] == {"EMAIL": 1}
    assert payload["anonymised"] == "🙂🙂 Mail : [EMAIL]"


def test_types_filter() -> None:
    text = "Tél. 06 23 45 67 89, mail a@b.fr"
    assert [s.type for s in find_personal_data(text, types=["EMAIL"])] == ["EMAIL"]


def test_person_names_extra_is_absent_safe() -> None:
    try:
        import presidio_analyzer  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        with pytest.raises(PIIExtraMissing) as caught:
            PersonNameDetector().find("Marie Curie habite à Paris.")
        assert "edukit[pii]" in caught.value.message_fr
    else:
        pytest.skip("presidio is installed here; the absent-extra path cannot be checked")
