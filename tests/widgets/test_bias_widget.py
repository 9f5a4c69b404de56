"""The bias explorer widget: one synced payload of counts, bounded size, clear option errors,
and the ``edukit-bias`` Markdown block."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from edukit._problems import ProblemError
from edukit.fairness import DERIVED_KEYS, bias_payload, explorer_payload, make_scenario
from edukit.site.blocks import BLOCKS, BlockContext
from edukit.site.blocks import bias as bias_module
from edukit.widgets import BiasExplorer, widget_classes

bias_block = bias_module.build

pytestmark = pytest.mark.widget


@pytest.fixture(scope="module")
def small() -> BiasExplorer:
    return BiasExplorer(scenarios=["recrutement", "logement"], n_samples=2_000, seed=3)


def test_the_widget_is_registered_with_its_module_and_block() -> None:
    assert widget_classes()["bias"] is BiasExplorer
    esm = str(BiasExplorer._esm)
    assert esm.rstrip().endswith("defineWidget('bias', __edukit_widget);")
    assert ".edukit-bias__bar" in str(BiasExplorer._css)
    assert BLOCKS["bias"] is bias_module.BLOCK and BLOCKS["bias"].build is bias_block


def test_payload_holds_counts_not_derived_curves(small: BiasExplorer) -> None:
    payload = small.payload
    assert [d["id"] for d in payload["datasets"]] == ["recrutement", "logement"]
    assert small.dataset_ids == ["recrutement", "logement"]
    full = bias_payload(
        datasets=[
            make_scenario("recrutement", n_samples=2_000, seed=3),
            make_scenario("logement", n_samples=2_000, seed=3),
        ],
        seed=3,
    )
    for shipped, reference in zip(payload["datasets"], full["datasets"], strict=True):
        assert shipped["summary"] == reference["summary"]
        for variant, ref in zip(shipped["variants"], reference["variants"], strict=True):
            assert not set(DERIVED_KEYS) & variant.keys()
            assert variant["tp"] == ref["tp"] and variant["fp"] == ref["fp"]
            assert variant["impossibility"] == ref["impossibility"]
            # The curves the JS recomputes are indeed derivable from what is shipped.
            tp, fp = np.array(variant["tp"]), np.array(variant["fp"])
            sizes = np.array(variant["sizes"])[:, None]
            np.testing.assert_allclose(
                (tp + fp) / sizes, ref["by_group"]["selection_rate"], atol=0.5e-4 + 1e-12
            )
    assert [v["include_protected"] for v in payload["datasets"][0]["variants"]] == [True, False]
    state = small.get_state()
    assert state["payload"] == payload and state["_edukit_widget"] == "bias"


def test_payload_size_is_bounded_for_the_default_explorer() -> None:
    explorer = BiasExplorer()
    text = json.dumps(explorer.page_state(), separators=(",", ":"), ensure_ascii=False).encode()
    full = json.dumps(bias_payload(), separators=(",", ":"), ensure_ascii=False).encode()
    assert len(text) < 48 * 1024, len(text)
    assert len(gzip.compress(text)) < 16 * 1024
    assert len(text) < len(full) / 3


def test_data_options_recompute_the_payload_and_view_options_do_not(small: BiasExplorer) -> None:
    explorer = BiasExplorer(scenarios=["credit"], n_samples=1_000, n_groups=2)
    first = explorer.payload
    explorer.threshold = 0.3
    explorer.remove_protected = True
    assert explorer.payload is first
    explorer.n_groups = 4
    assert len(explorer.payload["datasets"][0]["groups"]) == 4
    explorer.n_groups = 9  # impossible: shown under the widget, payload kept
    assert (
        "n_groups: 9 est impossible pour le scénario « credit » (2 à 5 groupes)" in explorer.error
    )
    assert len(explorer.payload["datasets"][0]["groups"]) == 4


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"scenarios": ["loyer"]},
            "le scénario « loyer » est inconnu — choisissez parmi recrutement, logement, credit",
        ),
        ({"scenarios": ["credit", "credit"]}, "le scénario « credit » est listé deux fois"),
        ({"scenarios": []}, "« scenarios » est vide et include_adult vaut false"),
        (
            {"n_samples": 50},
            "« n_samples » doit être un nombre entier entre 200 et 100 000, pas 50",
        ),
        (
            {"n_groups": 3},
            "n_groups: 3 est impossible pour le scénario « recrutement » (2 à 2 groupes)",
        ),
        ({"seed": -1}, "« seed » doit être un nombre entier positif ou nul, pas -1"),
        ({"model": "forest"}, "« model » doit valoir logistic ou tree, pas 'forest'"),
        (
            {"scenarios": ["credit"], "scenario": "logement"},
            "le scénario de départ « logement » ne fait pas partie des jeux explorés (credit)",
        ),
    ],
)
def test_bad_options_fail_with_a_clear_message(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        BiasExplorer(n_samples=options.pop("n_samples", 500), **options)


def test_unknown_parameter_and_bad_threshold_are_refused() -> None:
    with pytest.raises(TypeError, match=r"unknown parameter 'treshold' — check the spelling"):
        BiasExplorer(treshold=0.4)  # type: ignore[call-arg]
    with pytest.raises(
        Exception, match=r"« threshold » doit être un nombre entre 0 et 1, pas 1\.5"
    ):
        BiasExplorer(scenarios=["credit"], n_samples=500, threshold=1.5)


def test_explorer_payload_can_include_adult() -> None:
    payload = explorer_payload(scenarios=[], include_adult=True)
    (adult,) = payload["datasets"]
    assert adult["id"] == "adult" and adult["groups"] == ["Femme", "Homme"]
    assert "CC BY 4.0" in adult["source"] or "Adult" in adult["source"]


def _context(tmp_path: Path) -> BlockContext:
    return BlockContext(root=tmp_path, page=None, lang="en", path=tmp_path / "lecon.md", line=12)


def test_the_markdown_block_builds_the_widget_state(tmp_path: Path) -> None:
    name, state = bias_block(
        {"scenarios": ["credit"], "n_samples": 800, "seed": 5, "threshold": 0.4},
        _context(tmp_path),
    )
    assert name == "bias"
    assert state["lang"] == "en" and state["threshold"] == 0.4
    assert [d["id"] for d in state["payload"]["datasets"]] == ["credit"]
    assert "_esm" not in state


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"scenarios": ["loyer"]},
            "lecon.md:12: le scénario « loyer » est inconnu — choisissez parmi recrutement",
        ),
        ({"sead": 3}, "lecon.md:12: la clé « sead » est inconnue — voulez-vous dire « seed » ?"),
    ],
)
def test_a_bad_block_is_a_problem_at_its_line(
    tmp_path: Path, data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ProblemError) as caught:
        bias_block({"n_samples": 500, **data}, _context(tmp_path))
    assert message in str(caught.value)


def test_a_bad_block_key_is_reported_at_its_own_line(tmp_path: Path) -> None:
    context = BlockContext(
        root=tmp_path,
        page=None,
        lang="fr",
        path=tmp_path / "lecon.md",
        line=12,
        lines={("scenarios",): 13, ("n_samples",): 14},
    )
    with pytest.raises(ProblemError) as caught:
        bias_block({"scenarios": ["credit"], "n_samples": 50}, context)
    assert str(caught.value).splitlines() == [
        "lecon.md:14: « n_samples » doit être un nombre entier entre 200 et 100 000, pas 50"
        " — par exemple n_samples: 10000"
    ]
