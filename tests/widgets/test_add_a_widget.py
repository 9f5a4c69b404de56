"""The « add a widget » walkthrough of docs/DESIGN.md §3, followed step by step.

``tests/fixtures/add_a_widget/`` holds a tiny widget, « tally », written the way the walkthrough
says: a spec and a payload (logic), an ES module, a thin widget class, a block, and the table
entry. The test checks each step's promise: the spec's rules apply however the widget is made,
unknown options are refused, an author's mistake is one ``path:line`` message, and a built page
shows the widget working in Chromium with no kernel.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from ..hook_site import mkdocs_build, write_hook_site

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "fixtures" / "add_a_widget"

pytestmark = pytest.mark.site


def _run_in_subprocess(code: str) -> subprocess.CompletedProcess[str]:
    """Widget classes register themselves globally: the example runs in its own interpreter."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=HERE,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(HERE)},
        check=False,
    )


def test_step_1_the_spec_holds_the_rules() -> None:
    sys.path.insert(0, str(HERE))
    try:
        from tally_spec import TallySpec, tally_payload
    finally:
        sys.path.remove(str(HERE))
    assert tally_payload(TallySpec(label="Essais", start=2)) == {"count": 2}
    for bad in (
        {"label": ""},
        {"label": "<b>x</b>"},
        {"label": "x", "step": 0},
        {"label": "x", "y": 1},
    ):
        with pytest.raises(ValidationError):
            TallySpec.model_validate(bad)


def test_step_3_the_widget_is_thin_typed_and_strict() -> None:
    result = _run_in_subprocess(
        "from tally_widget import Tally\n"
        "t = Tally(label='Essais', start=3, step=2)\n"
        "state = t.page_state()['state']\n"
        "print(state['count'], state['step'], t.get_state()['_edukit_widget'])\n"
        "try:\n"
        "    Tally(label='x', colour='red')\n"
        "except TypeError as error:\n"
        "    print('refused:', error)\n"
        "try:\n"
        "    Tally(label='x', step=99)\n"
        "except ValueError as error:\n"
        "    print('invalid:', type(error).__name__)\n"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "3 2 tally"
    assert lines[1].startswith("refused:") and "colour" in lines[1] and "label" in lines[1]
    assert lines[2] == "invalid: ValidationError"


def _build(tmp_path: Path, markdown: str) -> subprocess.CompletedProcess[str]:
    config = write_hook_site(
        tmp_path,
        {"index.md": markdown},
        hook=HERE / "hook.py",
        site_name="Tally",
        site_url="http://127.0.0.1/",
        nav=[{"Page": "index.md"}],
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EDUKIT_BLOCK_CACHE": "0"}
    return mkdocs_build(config, env=env)


def test_step_4_an_authors_mistake_is_one_message_at_its_line(tmp_path: Path) -> None:
    result = _build(tmp_path, "# Page\n\n```edukit-tally\nlabel: Essais\nstep: 40\n```\n")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "docs/index.md:5" in output or "index.md:5" in output, output
    assert output.count("index.md:") == 1, output
    assert "Traceback" not in output


@pytest.fixture
def served(tmp_path: Path, static_server: Callable[..., Any]) -> str:
    result = _build(
        tmp_path,
        "# Page\n\nTexte.\n\n```edukit-tally\nlabel: Essais du jour\nstart: 4\nstep: 3\n```\n",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return str(static_server(tmp_path / "site").url)


@pytest.mark.browser
def test_step_5_the_built_page_runs_the_widget_without_a_kernel(served: str, chromium: Any) -> None:
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(served)
    add = page.locator("[data-tally=add]")
    add.wait_for(timeout=15_000)
    assert page.locator("[data-tally=count]").inner_text() == "4"
    assert add.inner_text() == "+ 3"
    add.click()
    page.wait_for_function(
        "document.querySelector('[data-tally=count]').textContent === '7'", timeout=5_000
    )
    assert errors == []
    page.close()
