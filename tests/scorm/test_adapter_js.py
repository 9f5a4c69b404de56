"""Runs the adapter's node tests: ``adapter.test.mjs`` (codec, 4096 cap, score and status
rules, session time, API discovery, a session against a fake SCORM 1.2 API) and
``moodle.test.mjs`` (scorm-again's SCORM 1.2 runtime: unreadable suspend_data, two packages at
once, Moodle's mastery override, re-entry)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_adapter_node_suite() -> None:
    result = subprocess.run(
        ["node", "--test", str(HERE / "adapter.test.mjs"), str(HERE / "moodle.test.mjs")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 18" in result.stdout
