"""The same widget module in a real JupyterLab: open a notebook with a Probe, run it, click."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.jupyterlab

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "widgets"


@pytest.fixture(scope="module")
def probe(lab: Any) -> str:
    """The probe notebook in a folder of its own on the shared JupyterLab; its path there."""
    folder = lab.folder("probe")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jupytext",
            "--to",
            "ipynb",
            "--set-kernel",
            "python3",
            "-o",
            str(folder / "probe.ipynb"),
            str(FIXTURES / "probe_notebook.py"),
        ],
        check=True,
        capture_output=True,
    )
    return "probe/probe.ipynb"


def test_probe_renders_and_reacts_in_jupyterlab(lab: Any, probe: str, chromium: Any) -> None:
    context = chromium.new_context()
    try:
        page: Any = context.new_page()
        lab.open(page, probe)
        lab.run_all(page)
        widget = page.locator('[data-edukit-widget="probe"]')
        widget.locator('[data-probe="count"]').wait_for(timeout=60_000)
        assert widget.locator('[data-probe="count"]').inner_text() == "Compteur : 3 clics"
        assert widget.locator('[data-probe="echo"]').inner_text() == ("Écho : <b>pas du HTML</b>")
        widget.locator('[data-probe="increment"]').click()
        assert widget.locator('[data-probe="count"]').inner_text() == "Compteur : 4 clics"
        # The stylesheet linked by the base reached the page (same CSS as the site).
        border = page.evaluate(
            "() => getComputedStyle(document.querySelector("
            "'[data-edukit-widget=probe] .edukit-button')).borderTopStyle"
        )
        assert border == "solid"
        # The ordinary ipywidgets slider renders here, where a kernel exists.
        page.locator(".widget-slider").first.wait_for(timeout=30_000)
    finally:
        context.close()
