"""The site side: Markdown blocks become mount points; bad blocks fail with path:line."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from edukit.site import _widgets
from edukit.site._widgets import WidgetRuntime
from edukit.site.blocks import BLOCKS, Block, BlockContext

from ..hook_site import mkdocs_build, write_hook_site

pytestmark = pytest.mark.widget

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "widgets"


def _build(tmp_path: Path, page: str) -> subprocess.CompletedProcess[str]:
    return mkdocs_build(write_hook_site(tmp_path, {"index.md": page}))


def _mount_state(page: str) -> dict[str, Any]:
    match = re.search(r'data-edukit-state="([^"]*)"', page)
    assert match
    state: dict[str, Any] = json.loads(html.unescape(match.group(1)))
    return state


def test_a_probe_block_becomes_a_mount_point(tmp_path: Path) -> None:
    result = _build(tmp_path, (FIXTURES / "probe_page.md").read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'data-edukit-mount="probe"' in page
    assert _mount_state(page)["state"] == {
        "count": 5,
        "course": "",
        "error": "",
        "key": "page-probe",
        "lang": "fr",
        "text": "depuis le Markdown",
    }
    assert "edukit-block" not in page
    assert '<script type="module" src="assets/edukit/host.js?v=' in page
    assets = tmp_path / "site" / "assets" / "edukit"
    # the host with every module it imports linked in; the store, which the classroom imports
    assert sorted(p.name for p in assets.iterdir()) == [
        "edukit.css",
        "host.js",
        "store.js",
        "widgets",
    ]
    assert (
        (assets / "widgets" / "probe.js")
        .read_text(encoding="utf-8")
        .startswith("// edukit widget 'probe'")
    )
    host = (assets / "host.js").read_text(encoding="utf-8")
    assert "// --- i18n.js" in host and 'from "./' not in host


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("count: [1\n", r"docs/index\.md:6: YAML cassé"),
        (
            "cuont: 1\n",
            r"docs/index\.md:5: le bloc « edukit-probe » n'est pas valide "
            r"\(the 'edukit-probe' block is not valid\): .*unknown parameter 'cuont'",
        ),
        (
            "- 1\n- 2\n",
            r"docs/index\.md:5: le bloc « edukit-probe » doit contenir des clés YAML .*"
            r"\(the 'edukit-probe' block must hold YAML keys",
        ),
        (
            "text: sk-" + "abcdefghijklmnopqrstuvwxyz0123\n",
            r"docs/index\.md:5: .*OpenAI-style API key",
        ),
    ],
)
def test_a_bad_block_fails_the_build_at_its_line(tmp_path: Path, block: str, message: str) -> None:
    result = _build(tmp_path, f"# Titre\n\nTexte.\n\n```edukit-probe\n{block}```\n")
    assert result.returncode != 0
    assert re.search(message, result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_block_name_lists_the_known_ones(tmp_path: Path) -> None:
    result = _build(tmp_path, "# T\n\n!!! note\n\n    ```edukit-nope\n    a: 1\n    ```\n")
    assert result.returncode != 0
    match = re.search(
        r"docs/index\.md:5: le bloc « edukit-nope » est inconnu — blocs possibles : (.+?) \(",
        result.stderr,
    )
    assert match, result.stderr
    listed = match.group(1).split(", ")
    assert {"edukit-probe", "edukit-quiz"} <= set(listed)
    assert listed == sorted(listed)


def test_a_block_in_the_table_plugs_a_builder_in() -> None:
    seen: list[BlockContext] = []

    def build(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
        seen.append(context)
        return "probe", {"count": data["n"] * 2, "text": context.lang, "key": "k", "lang": "fr"}

    runtime = WidgetRuntime({**BLOCKS, "double-test": Block("double-test", build)})
    fences = {fence["name"] for fence in runtime.custom_fences()}
    assert {"edukit-probe", "edukit-double-test"} <= fences
    placeholder = _widgets.fence_format("n: 4\n", "edukit-double-test", "edukit-block", {}, None)

    class File:
        abs_src_path = None
        src_path = "lecon.md"

    class Page:
        file = File()
        markdown = "# T\n\n```edukit-double-test\nn: 4\n```\n"

    config = {"theme": {"language": "en"}, "config_file_path": "/repo/mkdocs.yml"}
    out = runtime.on_page_content(placeholder, page=Page(), config=config, files=None)
    assert _mount_state(out)["state"]["count"] == 8
    assert seen[0].lang == "en" and seen[0].line == 3 and seen[0].root == Path("/repo")
    assert "edukit-double-test" not in {f["name"] for f in WidgetRuntime().custom_fences()}
    with pytest.raises(ValueError, match="lowercase words"):
        Block("Bad Name", build)


def test_fence_validator_accepts_edukit_fences_only() -> None:
    assert _widgets.fence_validator("edukit-probe", {}, {}, {}, None)
    assert not _widgets.fence_validator("python", {}, {}, {}, None)
    assert not _widgets.fence_validator("edukit-probe", {"title": "x"}, {}, {}, None)


def test_sitebuild_helper_is_importable() -> None:
    spec = importlib.util.spec_from_file_location("sb", FIXTURES / "sitebuild.py")
    assert spec and spec.loader
