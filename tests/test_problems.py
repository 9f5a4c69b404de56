"""Problems as text lines and as GitHub Actions annotations (``edukit check --format github``)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from edukit._problems import Problem, Severity, format_github

FIXTURES = Path(__file__).parent / "fixtures" / "courses"


def test_error_and_warning_annotations_sorted_like_the_text() -> None:
    problems = [
        Problem("b.md", 2, "un avertissement", severity=Severity.WARNING),
        Problem("courses/m1/l01.md", 4, "la clé « sumary » est inconnue", "voulez-vous dire ?"),
    ]
    assert format_github(problems).splitlines() == [
        "::error file=courses/m1/l01.md,line=4,title=courses/m1/l01.md%3A4::"
        "la clé « sumary » est inconnue — voulez-vous dire ?",
        "::warning file=b.md,line=2,title=b.md%3A2::un avertissement",
    ]


def test_values_are_escaped_as_the_runner_reads_them() -> None:
    problem = Problem("dir,x/a:b.md", None, "100 % sûr\r\nligne 2: a, b", "%0A reste du texte")
    assert format_github([problem]) == (
        "::error file=dir%2Cx/a%3Ab.md,title=dir%2Cx/a%3Ab.md::"
        "100 %25 sûr%0D%0Aligne 2: a, b — %250A reste du texte"
    )


def test_no_problem_no_line() -> None:
    assert format_github([]) == ""


def test_check_prints_annotations_and_keeps_the_exit_code() -> None:
    from edukit.cli import app

    runner = CliRunner()
    broken = runner.invoke(app, ["check", "--root", str(FIXTURES / "broken"), "--format", "github"])
    assert broken.exit_code == 1
    lines = broken.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == len(lines) - 1  # and the summary line
    assert (
        "::error file=courses/m2/l04-fautes.md,line=4,title=courses/m2/l04-fautes.md%3A4::"
        "la clé « sumary » est inconnue — voulez-vous dire « summary » ?"
    ) in annotations
    assert all(line.startswith(("::error file=", "::warning file=")) for line in annotations)
    good = runner.invoke(app, ["check", "--root", str(FIXTURES / "good"), "--format", "github"])
    assert good.exit_code == 0
    assert not [line for line in good.stdout.splitlines() if line.startswith("::")]
