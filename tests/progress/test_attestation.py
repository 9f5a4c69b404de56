"""The trainer's attestation fields: read from YAML, every mistake given as path:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from edukit._problems import ProblemError
from edukit.progress import load_attestation_fields

from .conftest import attestation_yaml

GOOD = attestation_yaml({"Monique": "Monique Durand"})


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "attestation.yml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(ProblemError) as caught:
        load_attestation_fields(path)
    return [str(problem).replace(f"{path.as_posix()}:", "") for problem in caught.value.problems]


def test_good_fields_load(tmp_path: Path) -> None:
    fields = load_attestation_fields(write(tmp_path, GOOD))
    assert fields.start == dt.date(2025, 6, 2) and fields.minutes == 21 * 60
    assert fields.name_of("Monique") == "Monique Durand"
    assert fields.name_of("Alice") == "Alice"


def test_missing_and_unknown_keys_name_their_line(tmp_path: Path) -> None:
    text = GOOD.replace('trainer: "Camille Martin"\n', "").replace("place:", "lieu:")
    found = problems(tmp_path, text)
    assert "1: the key 'trainer' is missing — add the trainer's name" in found
    assert any(line.startswith("5: the key 'lieu' is unknown") for line in found)
    assert "1: the key 'place' is missing — add where the training took place" in found


def test_bad_values_name_their_line(tmp_path: Path) -> None:
    text = GOOD.replace("duration: 21h", "duration: trois jours").replace(
        "end: 2025-06-04", "end: 2025-05-30"
    )
    assert problems(tmp_path, text) == [
        "5: the last day is before the first day — swap the dates",
        "7: the duration 'trois jours' cannot be read — the duration, e.g. 21h",
    ]
    bad_number = problems(tmp_path, GOOD.replace('"11 75 12345 75"', '"NDA-12"'))
    assert bad_number[0].startswith("2: 'declaration_number'")


def test_broken_yaml_and_impossible_dates(tmp_path: Path) -> None:
    assert problems(tmp_path, GOOD.replace("start: 2025-06-02", "start: 2025-02-30"))[0].startswith(
        "4: la valeur « 2025-02-30 » ne peut pas être lue"
    )
    assert problems(tmp_path, "- a list\n") == [
        "1: the attestation fields must be a mapping of keys to values — "
        "start with 'organisation: …'"
    ]
