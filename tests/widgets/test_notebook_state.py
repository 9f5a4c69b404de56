"""A notebook executed with its widget state saved holds no secret, and renders on the site."""

from __future__ import annotations

import html as html_module
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from edukit.site._widgets import rewrite_notebook_html
from edukit.widgets._secrets import find_secret

pytestmark = pytest.mark.widget

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "widgets"


def _sitebuild() -> Any:
    spec = importlib.util.spec_from_file_location("edukit_sitebuild", FIXTURES / "sitebuild.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nb")
    return _sitebuild().execute_notebook(FIXTURES / "probe_notebook.py", folder / "probe.ipynb")


def test_saved_widget_state_holds_no_secret(
    executed: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    notebook = nbformat.read(executed, as_version=4)
    models = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    probes = [m for m in models.values() if m["state"].get("_edukit_widget") == "probe"]
    assert len(probes) == 1 and probes[0]["state"]["count"] == 3
    assert find_secret(models) is None


def test_a_kernel_refuses_a_secret_trait_and_the_saved_state_stays_clean(tmp_path: Path) -> None:
    source = tmp_path / "leak.py"
    source.write_text(
        "# %%\n"
        "import os\n"
        "from edukit.widgets import Probe, SecretInStateError\n"
        "os.environ['DEMO_API_KEY'] = 'demo-key-5f4e3d2c1b'\n"
        "probe = Probe()\n"
        "try:\n"
        "    probe.text = os.environ['DEMO_API_KEY']\n"
        "except SecretInStateError as error:\n"
        "    print('refused:', error)\n"
        "probe\n",
        encoding="utf-8",
    )
    path = _sitebuild().execute_notebook(source, tmp_path / "leak.ipynb")
    text = path.read_text(encoding="utf-8")
    assert "refused: Probe.text refused" in text
    assert "demo-key-5f4e3d2c1b" not in text.replace("'demo-key-5f4e3d2c1b'\\n", "")


def test_rewrite_turns_views_into_mounts_and_notes(executed: Path) -> None:
    from nbconvert import HTMLExporter

    notebook = nbformat.read(executed, as_version=4)
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    out = rewrite_notebook_html(html, "fr")
    assert "application/vnd.jupyter.widget" not in out
    assert 'data-edukit-mount="probe"' in out
    assert out.count("Ce contrôle nécessite Jupyter") == 1
    assert "unpkg.com" not in out and "require.js" not in out
    assert "<style" not in out
    english = rewrite_notebook_html(html, "en")
    assert "This control needs Jupyter" in english


def test_rewrite_keeps_state_as_inert_attribute_data() -> None:
    html = (
        '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "m"}</script>'
        '<script type="application/vnd.jupyter.widget-state+json">'
        + json.dumps(
            {
                "state": {
                    "m": {
                        "model_name": "AnyModel",
                        "state": {
                            "_edukit_widget": "probe",
                            "_esm": "export default {}",
                            "count": 1,
                            "text": '</div><script>alert("x")</script>',
                        },
                    }
                }
            }
        ).replace("</", "<\\/")  # as nbconvert's escape_html_script does
        + "</script>"
    )
    out = rewrite_notebook_html(html)
    assert "<script" not in out
    assert "_esm" not in out
    assert "&lt;/div&gt;&lt;script&gt;alert(" in out
    carried = re.search(r'data-edukit-state="([^"]*)"', out)
    assert carried is not None
    assert json.loads(html_module.unescape(carried.group(1)))["state"] == {
        "count": 1,
        "text": '</div><script>alert("x")</script>',
    }
