"""``edukit check`` on a lesson with active HTML: one warning a finding, at its line, the run
does not fail; a wrong ``html_actif`` value is an error."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

import edukit.cli._course  # noqa: F401  (registers the commands)
from edukit.cli._app import app
from edukit.course._active_html import SHOW_AS_CODE

GOOD = Path(__file__).parents[1] / "fixtures" / "courses" / "good"
LESSON = "courses/m2/l03-provenance.md"
runner = CliRunner()


def _course(tmp_path: Path, body: str, front: str = "") -> tuple[Path, int]:
    """A copy of the good course whose lesson ends with ``body``; the line where it starts."""
    root = tmp_path / "repo"
    shutil.copytree(GOOD, root)
    path = root / LESSON
    text = path.read_text(encoding="utf-8")
    if front:
        text = text.replace("---\n", f"---\n{front}\n", 1)
    path.write_text(text + "\n" + body, encoding="utf-8")
    return root, len(text.splitlines()) + 2


def test_check_warns_about_each_piece_of_active_html(tmp_path: Path) -> None:
    root, line = _course(
        tmp_path,
        "<script>window.__pwned = 1</script>\n\n[lien](javascript:go())\n\n`<iframe>` en code\n",
    )
    result = runner.invoke(app, ["check", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{LESSON}:{line}: balise <script> : le site ne l'exécute pas (règles de sécurité du"
        " site) — retirez-la ; pour une activité, utilisez un bloc edukit-quiz, edukit-bias ou"
        f" edukit-playground{SHOW_AS_CODE} (avertissement)",
        f"{LESSON}:{line + 2}: adresse « javascript: » : le site n'exécute pas ce lien —"
        " remplacez-la par une adresse https://… ou par le lien d'une page du cours"
        f"{SHOW_AS_CODE} (avertissement)",
        "✓ aucune erreur, 2 avertissements — 3 leçons, 1 banque, 1 exercice vérifiés",
    ]


def test_check_takes_the_opt_out_and_refuses_a_wrong_value(tmp_path: Path) -> None:
    trusted, _ = _course(tmp_path / "a", "<script>go()</script>\n", "html_actif: autorise")
    result = runner.invoke(app, ["check", "--root", str(trusted)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "✓ aucune erreur, 0 avertissement — 3 leçons, 1 banque, 1 exercice vérifiés"
    ]
    wrong, _ = _course(tmp_path / "b", "Texte.\n", "html_actif: true")
    result = runner.invoke(app, ["check", "--root", str(wrong)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{LESSON}:2: « html_actif: true » n'est pas compris : seule la valeur « autorise »"
        " autorise le HTML actif — écrivez « html_actif: autorise », ou retirez la ligne pour"
        " que le HTML actif soit signalé"
    )
