"""``edukit classroom`` options that end before the server starts: purge, missing site, help."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from edukit.classroom import DB_NAME, Room, Store
from edukit.cli import app

pytestmark = pytest.mark.classroom
runner = CliRunner()
FRENCH = {"EDUKIT_LANG": "fr"}


def test_purge_deletes_the_room_data(tmp_path: Path) -> None:
    data = tmp_path / "donnees"
    room = Room(Store(data), "cours")
    room.join({"code": room.code, "pseudo": "Ana"}, "a")
    room.store.close()
    result = runner.invoke(
        app, ["classroom", "--donnees", str(data), "--purge", "--oui"], env=FRENCH
    )
    assert result.exit_code == 0, result.output
    assert "effacées" in result.output
    assert not (data / DB_NAME).exists()


def test_purge_asks_first(tmp_path: Path) -> None:
    data = tmp_path / "donnees"
    Store(data).close()
    result = runner.invoke(
        app, ["classroom", "--donnees", str(data), "--purge"], input="n\n", env=FRENCH
    )
    assert result.exit_code == 1
    assert (data / DB_NAME).exists()


def test_a_missing_site_is_explained(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["classroom", "--site-dir", str(tmp_path / "rien"), "--donnees", str(tmp_path / "d")],
        env=FRENCH,
    )
    assert result.exit_code == 1
    assert "edukit build" in result.output and "Traceback" not in result.output


def test_a_bad_model_is_explained(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html></html>", encoding="utf-8")
    result = runner.invoke(
        app,
        ["classroom", "--site-dir", str(tmp_path / "site"), "--modele", "bard:x"],
        env={**FRENCH, "COLUMNS": "200"},
    )
    assert result.exit_code == 2
    assert "fournisseur:modèle" in result.output


def test_model_sizes_are_read_from_names() -> None:
    from edukit.cli._classroom import _parameters, parse_model

    assert parse_model("ollama:llama3.2:3b") == ("ollama", "llama3.2:3b")
    assert _parameters("llama3.2:3b") == 3.0 and _parameters("mistral-7B-instruct") == 7.0
    assert _parameters("gpt-4o-mini") is None
