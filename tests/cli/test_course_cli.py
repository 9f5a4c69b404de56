"""``edukit check``, ``edukit plan`` and ``edukit new lesson`` through Typer's runner."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import edukit.cli._course  # noqa: F401  (registers the commands)
from edukit.cli._app import app

FIXTURES = Path(__file__).parents[1] / "fixtures" / "courses"
runner = CliRunner()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(FIXTURES / "good", copy)
    return copy


def test_check_clean_course_exits_0() -> None:
    result = runner.invoke(app, ["check", "--root", str(FIXTURES / "good")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "✓ aucune erreur, 0 avertissement — 3 leçons, 1 banque, 1 exercice vérifiés"
    )


def test_check_broken_course_lists_errors_then_warnings_and_exits_1() -> None:
    result = runner.invoke(app, ["check", "--root", str(FIXTURES / "broken")])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    assert lines[-1] == "✗ 27 erreurs, 7 avertissements — 2 leçons, 1 banque, 1 exercice vérifiés"
    assert lines[0].startswith("courses/course.yml:17: l'identifiant de leçon « l01-bon »")
    flags = ["(avertissement)" in line for line in lines[:-1]]
    assert flags == sorted(flags)  # every warning after every error
    assert "Traceback" not in result.output


def test_check_warnings_alone_do_not_fail(root: Path) -> None:
    (root / "courses/m2/l09-brouillon.md").write_text("brouillon", encoding="utf-8")
    result = runner.invoke(app, ["check", "--root", str(root)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "courses/m2/l09-brouillon.md:1: ce fichier de leçon n'est pas listé dans "
        "courses/course.yml — ajoutez « l09-brouillon » aux leçons d'un module, ou supprimez le "
        "fichier (avertissement)",
        "✓ aucune erreur, 1 avertissement — 3 leçons, 1 banque, 1 exercice vérifiés",
    ]


def test_check_without_a_course(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "courses/course.yml: le fichier n'existe pas — lancez edukit depuis la racine du dépôt, "
        "ou passez --root"
    )


def test_plan_writes_markdown_and_csv(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["plan", "--root", str(root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "plan.md" in result.output and "plan.csv" in result.output
    markdown = (out / "plan.md").read_text(encoding="utf-8")
    assert "## Jour 1" in markdown and "| 10:40 | 10:55 |  |  | *Pause* |" in markdown
    rows = list(csv.reader(io.StringIO((out / "plan.csv").read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["Jour", "Début", "Fin"] and len(rows) == 10


def test_plan_default_folder(root: Path) -> None:
    result = runner.invoke(app, ["plan", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / "build/plan/plan.md").is_file() and (root / "build/plan/plan.csv").is_file()


def test_plan_without_a_course(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "aucun plan écrit" in result.output
    assert not (tmp_path / "build").exists()


def test_new_lesson_then_check(root: Path) -> None:
    result = runner.invoke(
        app, ["new", "lesson", "m2-donnees", "Les licences libres", "--minutes", "20", "--root", str(root)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "✓ courses/m2/l04-licences-libres.md écrit, et « l04-licences-libres » ajouté au "
        "module « m2-donnees » dans courses/course.yml.",
        "Le plan totalise maintenant 200 min (3h20) pour une formation de 180 min (3h) : "
        "20 min de trop. Ajustez les minutes des activités, puis lancez edukit check.",
    ]
    check = runner.invoke(app, ["check", "--root", str(root)])
    assert check.exit_code == 1
    errors = [line for line in check.output.splitlines()[:-1] if "(avertissement)" not in line]
    assert errors == [
        "courses/course.yml:5: les leçons totalisent 200 min (3h20) mais le cours dure 180 min "
        "(3h) : 20 min de trop — retirez 20 min d'activités, ou changez « duration »"
    ]


def test_new_lesson_unknown_module(root: Path) -> None:
    result = runner.invoke(app, ["new", "lesson", "m9", "Titre", "--root", str(root)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "courses/course.yml:17: il n'y a pas de module « m9 » — modules connus : m1-decouvrir, "
        "m2-donnees"
    )


def test_new_lesson_refuses_zero_minutes(root: Path) -> None:
    result = runner.invoke(
        app, ["new", "lesson", "m2-donnees", "Titre", "--minutes", "0", "--root", str(root)]
    )
    assert result.exit_code == 2
    assert not list((root / "courses/m2").glob("l04-*.md"))
