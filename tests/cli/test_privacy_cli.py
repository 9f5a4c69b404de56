"""``edukit privacy scan``: table or JSON, exit 1 when personal data is found."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import edukit.cli._privacy  # noqa: F401  (registers the command until cli/__init__ imports it)
from edukit.cli._app import app

runner = CliRunner()
TEXT = "Bonjour, née le 14/02/1988, tél. 06 23 45 67 89, IBAN FR76 3000 6000 0112 3456 7890 189."


def test_scan_file_prints_a_table_and_exits_1(tmp_path: Path) -> None:
    source = tmp_path / "prompt.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["privacy", "scan", str(source)])
    assert result.exit_code == 1
    for expected in (
        "DATE DE NAISSANCE",
        "TÉLÉPHONE",
        "IBAN",
        "06 23 45 67 89",
        "Données personnelles trouvées : 3",
    ):
        assert expected in result.output


def test_scan_stdin_as_json() -> None:
    result = runner.invoke(app, ["privacy", "scan", "-", "--json"], input=TEXT)
    assert result.exit_code == 1
    spans = json.loads(result.output)
    assert [(s["type"], s["text"]) for s in spans] == [
        ("BIRTH_DATE", "14/02/1988"),
        ("PHONE", "06 23 45 67 89"),
        ("IBAN", "FR76 3000 6000 0112 3456 7890 189"),
    ]
    assert TEXT[spans[0]["start"] : spans[0]["end"]] == "14/02/1988"


def test_clean_text_exits_0() -> None:
    result = runner.invoke(app, ["privacy", "scan", "-"], input="Rédige un courriel poli.")
    assert result.exit_code == 0
    assert "Aucune donnée personnelle" in result.output
    as_json = runner.invoke(app, ["privacy", "scan", "-", "--json"], input="Rien.")
    assert as_json.exit_code == 0 and json.loads(as_json.output) == []


def test_bad_input_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["privacy", "scan", str(tmp_path / "absent.txt")])
    assert missing.exit_code == 2
    assert "ce fichier n'existe pas" in missing.output and "Traceback" not in missing.output
    binary = tmp_path / "image.bin"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    result = runner.invoke(app, ["privacy", "scan", str(binary)])
    assert result.exit_code == 2 and "n'est pas du texte UTF-8" in result.output
    folder = runner.invoke(app, ["privacy", "scan", str(tmp_path)])
    assert folder.exit_code == 2 and "c'est un dossier" in folder.output
