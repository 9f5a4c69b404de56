"""Reading progress files: the good ones load, each bad kind is refused with its French reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from edukit.progress import (
    MAX_BYTES,
    ProgressError,
    Refusal,
    RubricGrade,
    canonical_json,
    fingerprint,
    parse_progress,
    read_progress,
    seal,
)

from .conftest import FILES, FIXTURES

ALICE = FILES / "alice.json"
DAVID_V1 = FIXTURES / "v1" / "progression-david.json"
COURSE = "cours-essai"


def alice() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ALICE.read_text(encoding="utf-8"))
    return data


def refusal(tmp_path: Path, content: bytes, *, course: str | None = COURSE) -> ProgressError:
    target = tmp_path / "progression.json"
    target.write_bytes(content)
    with pytest.raises(ProgressError) as caught:
        read_progress(target, course=course)
    error = caught.value
    assert str(error).startswith(f"{target.as_posix()}: "), "the message names the file"
    return error


def test_a_sealed_file_loads_with_its_entries() -> None:
    loaded = read_progress(ALICE, course=COURSE)
    progress = loaded.progress
    assert loaded.verified and loaded.migrated_from is None
    assert (progress.learner, progress.course, progress.version) == ("Alice", COURSE, 2)
    assert [entry.key for entry in progress.quizzes()] == [
        "quiz:l01-positionnement",
        "quiz:l02-finale",
    ]
    positioning = progress.quizzes()[0].value
    assert positioning.purpose == "positionnement"
    assert [item.score for item in positioning.items] == [1, 0, 0.5, 0]
    assert {entry.key: entry.value.completed is not None for entry in progress.lessons()} == {
        "lesson:l01-accueil": True,
        "lesson:l02-donnees": True,
    }


def test_a_written_file_reads_back_identical(tmp_path: Path) -> None:
    progress = read_progress(ALICE).progress
    target = tmp_path / "copie.json"
    target.write_text(json.dumps(progress.to_json_data()), encoding="utf-8")
    again = read_progress(target).progress
    assert again.model_dump(exclude={"integrity"}) == progress.model_dump(exclude={"integrity"})
    assert again.to_json_data() == progress.to_json_data()


def test_version_1_from_the_browser_is_migrated_and_marked_unverified() -> None:
    loaded = read_progress(DAVID_V1, course=COURSE)
    assert loaded.migrated_from == 1 and not loaded.verified
    assert loaded.progress.learner == "progression-david"
    assert loaded.progress.version == 2
    assert loaded.progress.quizzes()[0].value.items[0].id == "usages-ia"
    other = [entry for entry in loaded.progress.entries if entry.key == "probe:demo"]
    assert other[0].value == "texte libre"


def test_store_js_export_shape_is_accepted() -> None:
    """Exactly what ``store.js`` ``exportProgress()`` writes today (version 1)."""
    exported = {
        "schema": "edukit-progress",
        "version": 1,
        "course": "edukit",
        "exported": "2025-06-02T10:00:00.123Z",
        "entries": [
            {"key": "probe:a", "value": "x", "updated": "2025-06-02T10:00:00.000Z"},
            {"key": "probe:b", "value": None, "updated": None},
        ],
    }
    loaded = parse_progress(json.dumps(exported).encode(), "edukit-progression.json")
    assert [entry.key for entry in loaded.progress.entries] == ["probe:a", "probe:b"]


def test_changed_score_is_refused_as_tampered(tmp_path: Path) -> None:
    data = alice()
    data["entries"][0]["value"]["items"][1]["score"] = 1
    error = refusal(tmp_path, json.dumps(data).encode())
    assert error.refusal is Refusal.TAMPERED
    assert "changé depuis son export (empreinte SHA-256 différente)" in error.reason


def test_removed_seal_is_refused_as_tampered(tmp_path: Path) -> None:
    data = alice()
    del data["integrity"]
    error = refusal(tmp_path, json.dumps(data).encode())
    assert error.refusal is Refusal.TAMPERED
    assert "l'empreinte du fichier" in error.reason


def test_reformatting_keeps_the_seal(tmp_path: Path) -> None:
    data = alice()
    compact = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    target = tmp_path / "compact.json"
    target.write_bytes(b"\xef\xbb\xbf" + compact)  # with a BOM, as some editors save
    assert read_progress(target, course=COURSE).progress.learner == "Alice"


def test_truncated_file_is_refused(tmp_path: Path) -> None:
    content = ALICE.read_bytes()
    error = refusal(tmp_path, content[: len(content) // 2])
    assert error.refusal is Refusal.NOT_JSON
    assert "tronqué" in error.reason


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "vide"),
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b'{"schema": "edukit-progress", "version": 2,, }', "illisible ligne 1"),
        (b'{"a": 1, "a": 2}', "apparaît deux fois"),
        (b'{"schema": "edukit-progress", "version": NaN}', "non standard"),
        (b"[" * 5000 + b"]" * 5000, ""),
    ],
)
def test_invalid_json_is_refused(tmp_path: Path, content: bytes, words: str) -> None:
    error = refusal(tmp_path, content)
    assert error.refusal in (Refusal.NOT_JSON, Refusal.INVALID, Refusal.NOT_PROGRESS)
    assert words in error.reason


def test_other_json_is_not_a_progress_file(tmp_path: Path) -> None:
    error = refusal(tmp_path, b'{"name": "package.json"}')
    assert error.refusal is Refusal.NOT_PROGRESS


def test_other_course_is_refused(tmp_path: Path) -> None:
    data = seal({**alice(), "course": "autre-cours"})
    error = refusal(tmp_path, json.dumps(data).encode())
    assert error.refusal is Refusal.COURSE
    assert error.reason == (
        "ce fichier concerne le cours « autre-cours », pas le cours « cours-essai »"
    )


@pytest.mark.parametrize(
    ("version", "words"),
    [
        (4, "plus récente"),
        (0, "inconnue"),
        ("2", "inconnue"),
        (True, "inconnue"),
        (None, "inconnue"),
    ],
)
def test_other_versions_are_refused(tmp_path: Path, version: object, words: str) -> None:
    data = seal({**alice(), "version": version})
    error = refusal(tmp_path, json.dumps(data).encode())
    assert error.refusal is Refusal.VERSION
    assert words in error.reason


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    target = tmp_path / "enorme.json"
    with target.open("wb") as stream:  # sparse: 2 GiB on paper, nothing on disk
        stream.truncate(2 * 1024**3)
    with pytest.raises(ProgressError) as caught:
        read_progress(target)
    assert caught.value.refusal is Refusal.TOO_LARGE
    assert "8 Mo" in caught.value.reason


def test_size_cap_also_holds_for_bytes() -> None:
    with pytest.raises(ProgressError) as caught:
        parse_progress(b" " * (MAX_BYTES + 1), "p.json")
    assert caught.value.refusal is Refusal.TOO_LARGE


def test_content_errors_name_the_field_in_french(tmp_path: Path) -> None:
    data = alice()
    data["entries"][0]["value"]["items"][0]["score"] = 2
    error = refusal(tmp_path, json.dumps(seal(data)).encode())
    assert error.refusal is Refusal.INVALID
    assert error.reason == (
        "le contenu est invalide : le champ « entries[1].value.items[1].score » est trop grand"
    )


def test_date_without_time_zone_is_invalid(tmp_path: Path) -> None:
    data = alice()
    data["exported"] = "2025-06-02T16:00:00"
    error = refusal(tmp_path, json.dumps(seal(data)).encode())
    assert "fuseau horaire" in error.reason


def test_duplicate_entry_keys_are_invalid(tmp_path: Path) -> None:
    data = alice()
    data["entries"].append(data["entries"][-1])
    error = refusal(tmp_path, json.dumps(seal(data)).encode())
    assert "apparaît deux fois" in error.reason


def test_folder_and_missing_file_are_refused(tmp_path: Path) -> None:
    for path in (tmp_path, tmp_path / "absent.json"):
        with pytest.raises(ProgressError) as caught:
            read_progress(path)
        assert caught.value.refusal is Refusal.UNREADABLE


def test_seal_matches_the_browser_canonical_form() -> None:
    """The browser computes the seal over the same text (RFC 8785 / JSON.stringify)."""
    assert canonical_json({"é": 1.0, "a": [0.5, 1e-7, 1e21, "\u2028"]}) == (
        '{"a":[0.5,1e-7,1e+21,"\u2028"],"é":1}'
    )


def test_version_3_with_source_and_rubrics_round_trips(tmp_path: Path) -> None:
    """Version 3 adds « source » and « rubrics »; a file with neither is written as version 2."""
    loaded = parse_progress(json.dumps(alice()).encode(), "alice.json")
    assert loaded.progress.source == "site" and loaded.progress.rubrics == []
    assert loaded.progress.to_json_data()["version"] == 2
    assert "rubrics" not in loaded.progress.to_json_data()
    grade = RubricGrade(
        rubric="l06-requete",
        criteria={"role-contexte": 2, "donnees-separees": 1},
        grader="Mme Leroy",
        graded="2025-06-04T17:00:00Z",  # type: ignore[arg-type]
    )
    graded = loaded.progress.model_copy(update={"rubrics": [grade], "source": "papier"})
    data = graded.to_json_data()
    assert data["version"] == 3 and data["source"] == "papier"
    again = parse_progress(json.dumps(data).encode(), "alice.json")
    assert again.verified
    assert again.progress.rubrics == [grade]
    data["rubrics"][0]["criteria"]["role-contexte"] = 3
    error = refusal(tmp_path, json.dumps(data).encode())
    assert error.refusal is Refusal.TAMPERED


def test_rubric_graded_twice_in_one_file_is_refused(tmp_path: Path) -> None:
    grade = {
        "rubric": "l06-requete",
        "criteria": {"role": 1},
        "grader": "A",
        "graded": "2025-06-04T17:00:00Z",
    }
    data = seal({**alice(), "version": 3, "rubrics": [grade, grade]})
    error = refusal(tmp_path, json.dumps(data).encode())
    assert error.refusal is Refusal.INVALID
    assert "la grille « l06-requete » est notée deux fois" in error.reason


def test_old_name_seal_is_the_fingerprint() -> None:
    """« sceau » became « empreinte »: the former function name still works, same digest."""
    assert seal is fingerprint
    assert fingerprint({"a": 1})["integrity"] == seal({"a": 1})["integrity"]
