"""The widget base: traits, the root marker, the secret guard, readable problems."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest
import traitlets

from edukit.widgets import EdukitWidget, Probe, SecretInStateError, widget_classes
from edukit.widgets._base import STATIC
from edukit.widgets._bundle import BundleError, bundle_esm

pytestmark = pytest.mark.widget

DUMMY_KEY = "sk-" + "test-0123456789abcdefghijklmnop"  # split: no key-like literal in the sources


def test_probe_traits_and_defaults() -> None:
    probe = Probe()
    assert (probe.count, probe.text, probe.key, probe.lang, probe.error) == (
        0,
        "",
        "probe",
        "fr",
        "",
    )
    state = probe.get_state()
    assert state["_edukit_widget"] == "probe"
    assert {"count", "text", "key", "lang", "course", "error"} <= state.keys()


def test_every_widget_module_marks_its_root_element() -> None:
    classes = widget_classes()
    assert classes["probe"] is Probe
    for name, cls in classes.items():
        esm = str(cls._esm)
        assert esm.rstrip().endswith(
            f"export default __edukit_runtime.defineWidget({name!r}, __edukit_widget);"
        )
        assert "el.dataset.edukitWidget = name" in esm
        assert ".edukit-widget" in str(cls._css)


def test_lang_accepts_fr_and_en_only() -> None:
    assert Probe(lang="en").lang == "en"
    assert Probe(lang="fr-FR").lang == "fr"
    with pytest.raises(traitlets.TraitError, match="lang must be one of fr, en"):
        Probe(lang="de")


def test_unknown_parameter_is_refused_with_the_known_ones() -> None:
    with pytest.raises(TypeError, match=r"unknown parameter 'cuont' — check the spelling.*count"):
        Probe(cuont=1)


def test_a_secret_from_the_environment_cannot_become_a_trait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALBERT_API_KEY", "albert-0f1e2d3c4b5a")
    probe = Probe(text="avant")
    with pytest.raises(SecretInStateError, match="environment variable ALBERT_API_KEY"):
        probe.text = "ma clé est albert-0f1e2d3c4b5a"
    assert probe.text == "avant"
    with pytest.raises(SecretInStateError):
        Probe(text="albert-0f1e2d3c4b5a")


def test_an_api_key_pattern_is_refused_even_from_the_front_end() -> None:
    probe = Probe()
    with pytest.raises(SecretInStateError, match="OpenAI-style API key"):
        probe.text = DUMMY_KEY
    # A front-end update goes through set_state: refused the same way, state unchanged.
    with pytest.raises(SecretInStateError):
        probe.set_state({"text": f"Bearer {DUMMY_KEY}"})
    assert probe.text == ""


def test_short_env_values_do_not_block_ordinary_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USE_TOKEN", "1")
    assert Probe(text="1 2 3").text == "1 2 3"


def test_a_subclass_validator_still_runs_under_the_guard() -> None:
    class Trimmed(Probe):
        @traitlets.validate("text")
        def _strip(self, proposal: traitlets.Bunch) -> str:
            return str(proposal["value"]).strip()

    widget = Trimmed(text="  bonjour  ")
    assert widget.text == "bonjour"
    with pytest.raises(SecretInStateError):
        widget.text = f"  {DUMMY_KEY}  "


def test_a_secret_default_is_caught_when_the_state_is_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MY_SECRET", "default-secret-value")

    class Leaky(EdukitWidget):
        leak = traitlets.Unicode("default-secret-value").tag(sync=True)

    with pytest.raises(SecretInStateError, match=r"Leaky\.leak"):
        Leaky()


def test_problems_show_under_the_widget() -> None:
    probe = Probe()
    with probe.reporting():
        raise ValueError("la banque 'x' est vide")
    assert probe.error == "ValueError: la banque 'x' est vide"
    with probe.reporting():
        pass
    assert probe.error == ""


def test_plain_text_repr_is_a_readable_note() -> None:
    data, _ = Probe()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/plain"].startswith("edukit · probe — ce module interactif")


def test_page_state_drops_plumbing_and_keeps_traits() -> None:
    state = Probe(count=2, text="a").page_state()
    assert state == {
        "state": {"count": 2, "course": "", "error": "", "key": "probe", "lang": "fr", "text": "a"},
        "buffers": [],
    }


def test_the_linked_module_is_valid_javascript_with_no_import() -> None:
    esm = str(Probe._esm)
    assert not any(line.lstrip().startswith("import ") for line in esm.splitlines())
    with tempfile.TemporaryDirectory() as folder:
        module = Path(folder) / "probe.mjs"
        module.write_text(esm, encoding="utf-8")
        out = subprocess.run(
            [
                "node",
                "--input-type=module",
                "-e",
                f"const m = await import({json.dumps(module.as_uri())});"
                "console.log(JSON.stringify(Object.keys(m.default)))",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    assert json.loads(out.stdout) == ["render"]


def test_the_linker_refuses_what_it_cannot_link(tmp_path: Path) -> None:
    bad = tmp_path / "bad.js"
    bad.write_text('import * as x from "./i18n.js";\nexport default {};\n', encoding="utf-8")
    with pytest.raises(BundleError, match=r"bad.js:1: only `import \{ a, b \}"):
        bundle_esm(bad, "bad")
    none = tmp_path / "none.js"
    none.write_text("export const x = 1;\n", encoding="utf-8")
    with pytest.raises(BundleError, match="exactly one `export default`"):
        bundle_esm(none, "none")
    assert (STATIC / "store.js").is_file()
