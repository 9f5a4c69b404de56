"""``edukit build``, ``edukit serve`` and ``edukit notebooks``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import edukit.cli._build  # noqa: F401  (registers the commands until cli/__init__ imports it)
from edukit._problems import ProblemError
from edukit.cli._app import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
runner = CliRunner()


def test_notebooks_writes_learner_notebooks(
    tmp_path: Path, copy_course: Callable[..., Path]
) -> None:
    root = copy_course(FIXTURES / "courses" / "good", tmp_path / "repo")
    result = runner.invoke(app, ["notebooks", "--root", str(root), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "1 notebook écrit" in result.output
    nb = json.loads((tmp_path / "out" / "provenance.ipynb").read_text(encoding="utf-8"))
    assert nb["cells"][0]["cell_type"] == "markdown"


def test_build_stops_on_course_errors_before_executing_anything(
    tmp_path: Path, copy_course: Callable[..., Path]
) -> None:
    root = copy_course(FIXTURES / "courses" / "broken", tmp_path / "repo")
    result = runner.invoke(app, ["build", "--root", str(root)])
    assert isinstance(result.exception, ProblemError)  # main() prints them, one a line
    shown = [str(problem) for problem in result.exception.problems]
    assert (
        "courses/m2/l04-fautes.md:4: la clé « sumary » est inconnue — voulez-vous dire « summary » ?"
        in shown
    )
    assert all("(avertissement)" not in line for line in shown)
    assert not (root / "build").exists() and not (root / "site").exists()


def test_serve_without_a_built_site_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--no-build", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "lancez `edukit build`" in result.output


@pytest.mark.site
def test_build_executes_notebooks_then_builds_the_site(
    tmp_path: Path, copy_course: Callable[..., Path]
) -> None:
    root = copy_course(
        FIXTURES / "courses" / "good",
        tmp_path / "repo",
        extra_notebooks=[FIXTURES / "notebooks" / "notebooks" / "tableau.py"],
    )
    result = runner.invoke(app, ["build", "--root", str(root), "--trainer"])
    assert result.exit_code == 0, result.output
    assert "2 notebooks prêts (0 depuis le cache)" in result.output
    assert (root / "site" / "notebooks" / "tableau" / "index.html").is_file()
    lesson = (root / "site" / "m1-decouvrir" / "l01-accueil" / "index.html").read_text("utf-8")
    assert "admonition formateur" in lesson and "trainer-view.css" not in lesson
    again = runner.invoke(app, ["build", "--root", str(root)])
    assert again.exit_code == 0, again.output
    assert "2 notebooks prêts (2 depuis le cache)" in again.output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.site
def test_serve_serves_the_built_site(tmp_path: Path) -> None:
    (tmp_path / "site" / "plan").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text("<h1>Accueil</h1>", encoding="utf-8")
    (tmp_path / "site" / "plan" / "index.html").write_text("<h1>Plan</h1>", encoding="utf-8")
    port = free_port()
    code = "import edukit.cli._build; from edukit.cli import main; main()"
    command = [sys.executable, "-c", code, "serve", "--no-build", "--root", str(tmp_path)]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        body = ""
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/plan/", timeout=2) as page:
                    body = page.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert body == "<h1>Plan</h1>"
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in out.decode()
