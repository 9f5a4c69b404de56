"""``edukit report``: a mixed folder gives a full report, the bad files named with their reason."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edukit.cli._app import app
from edukit.cli._report import REPORT_NAME  # importing it registers `edukit report`
from edukit.progress import pdf_unavailable_reason, seal

FIXTURES = Path(__file__).parents[1] / "fixtures" / "progress"
COURSE = FIXTURES / "course"
runner = CliRunner()
PDF_MISSING = pdf_unavailable_reason()


def mixed_folder(root: Path) -> dict[str, str]:
    """The three learners' files and one of each bad kind; returns bad file → expected words."""
    folder = root / "remis"
    shutil.copytree(FIXTURES / "files", folder)
    alice = json.loads((FIXTURES / "files" / "alice.json").read_text(encoding="utf-8"))
    tampered = json.loads(json.dumps(alice))
    tampered["entries"][0]["value"]["items"][1]["score"] = 1
    bad = {
        "tronque.json": ((FIXTURES / "files" / "alice.json").read_bytes()[:300], "tronqué"),
        "triche.json": (json.dumps(tampered).encode(), "changé depuis son export"),
        "autre-cours.json": (
            json.dumps(seal({**alice, "course": "autre"})).encode(),
            "concerne le cours « autre »",
        ),
        "futur.json": (json.dumps(seal({**alice, "version": 7})).encode(), "version 7"),
        "photo.json": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "UTF-8"),
    }
    for name, (content, _) in bad.items():
        (folder / name).write_bytes(content)
    with (folder / "enorme.json").open("wb") as stream:
        stream.truncate(64 * 1024 * 1024)
    (folder / "notes.txt").write_text("not read: only *.json in folders", encoding="utf-8")
    (folder / ".cache").mkdir()
    (folder / ".cache" / "hidden.json").write_text("{", encoding="utf-8")
    expected = {name: words for name, (_, words) in bad.items()}
    expected["enorme.json"] = "dépasse 8 Mo"
    return expected


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_mixed_folder(tmp_path: Path) -> None:
    expected = mixed_folder(tmp_path)
    before = digests(tmp_path / "remis")
    out = tmp_path / "sortie"
    result = runner.invoke(
        app,
        ["report", str(tmp_path / "remis"), "-o", str(out), "--course-root", str(COURSE)],
    )
    assert result.exit_code == 0, result.output
    assert digests(tmp_path / "remis") == before, "input files are never modified"
    for name, words in expected.items():
        line = next(line for line in result.stderr.splitlines() if f"{name}:" in line)
        assert words in line, line
    assert "hidden.json" not in result.stderr
    assert "✓ 3 personne(s), 4 fichier(s) lu(s), 6 écarté(s)" in result.stderr

    table = list(
        csv.DictReader(
            io.StringIO((out / f"{REPORT_NAME}.csv").read_bytes().decode("utf-8-sig")),
            delimiter=";",
        )
    )
    learners = {row["Personne"] for row in table}
    assert learners == {"Alice", "bruno", "<script>alert(1)</script>"}
    assert len(table) == 3 * 3
    bruno = {row["Objectif"]: row for row in table if row["Personne"] == "bruno"}
    assert bruno["l02-o1"]["Positionnement : points"] == "1"
    assert bruno["l02-o1"]["Fichiers"] == "bruno-jour1.json, bruno-jour3.json"

    html = (out / f"{REPORT_NAME}.html").read_text(encoding="utf-8")
    assert "Fichiers écartés (6)" in html
    assert "triche.json" in html and "<script>alert" not in html
    if PDF_MISSING is None:
        assert (out / f"{REPORT_NAME}.pdf").read_bytes().startswith(b"%PDF-")
    leftovers = [path.name for path in out.rglob(".*.tmp")]
    assert leftovers == []


def test_attestations_per_learner(tmp_path: Path) -> None:
    fields = tmp_path / "attestation.yml"
    fields.write_text(
        'organisation: "Association Numérique pour tous"\n'
        'declaration_number: "11 75 12345 75"\n'
        'trainer: "Camille Martin"\n'
        "start: 2025-06-02\nend: 2025-06-02\nplace: Villeneuve\nduration: 2h\n"
        "learners:\n  Alice: Alice Martin\n",
        encoding="utf-8",
    )
    out = tmp_path / "sortie"
    args = ["report", str(FIXTURES / "files"), "-o", str(out), "--course-root", str(COURSE)]
    result = runner.invoke(app, [*args, "--attestation-fields", str(fields), "--no-pdf"])
    assert result.exit_code == 0, result.output
    pages = sorted(path.name for path in (out / "attestations").iterdir())
    assert pages == [
        "attestation-alice-martin.html",
        "attestation-bruno.html",
        "attestation-script-alert-1-script.html",
    ]
    alice = (out / "attestations" / "attestation-alice-martin.html").read_text(encoding="utf-8")
    assert "<strong>Alice Martin</strong>" in alice and "le 2 juin 2025" in alice
    assert "2 heures" in alice
    assert not list(out.rglob("*.pdf"))


@pytest.mark.slow
@pytest.mark.skipif(PDF_MISSING is not None, reason=f"WeasyPrint unavailable: {PDF_MISSING}")
def test_attestation_pdfs(tmp_path: Path) -> None:
    fields = tmp_path / "attestation.yml"
    fields.write_text(
        'organisation: O\ndeclaration_number: "11751234575"\ntrainer: T\n'
        "start: 2025-06-02\nend: 2025-06-04\nplace: P\nduration: 21h\n",
        encoding="utf-8",
    )
    out = tmp_path / "sortie"
    args = ["report", str(FIXTURES / "files" / "alice.json"), "-o", str(out)]
    result = runner.invoke(
        app, [*args, "--course-root", str(COURSE), "--attestation-fields", str(fields)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "attestations" / "attestation-alice.pdf").read_bytes().startswith(b"%PDF-")


def test_bad_attestation_fields_stop_before_writing(tmp_path: Path) -> None:
    fields = tmp_path / "attestation.yml"
    fields.write_text("organisation: O\nlieu: P\n", encoding="utf-8")
    out = tmp_path / "sortie"
    result = runner.invoke(
        app,
        [
            "report",
            str(FIXTURES / "files"),
            "-o",
            str(out),
            "--course-root",
            str(COURSE),
            "--attestation-fields",
            str(fields),
        ],
    )
    assert result.exit_code == 1
    assert f"{fields.as_posix()}:2: the key 'lieu' is unknown" in result.stderr
    assert not out.exists()


def test_nothing_usable_exits_1(tmp_path: Path) -> None:
    (tmp_path / "vide.json").write_text("", encoding="utf-8")
    result = runner.invoke(
        app,
        ["report", str(tmp_path), str(tmp_path / "absent"), "-o", str(tmp_path / "out")],
        env={},
    )
    assert result.exit_code == 1
    assert "vide.json: le fichier est vide" in result.stderr
    assert "absent: le fichier ou le dossier n'existe pas" in result.stderr
    assert "nothing was written" in result.stderr


def test_broken_course_root_is_reported(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(FIXTURES / "files"), "--course-root", str(tmp_path)])
    assert result.exit_code == 1
    assert "courses/course.yml: the file does not exist" in result.stderr
