"""Whatever bytes a learner hands over, reading gives a progress file or the documented refusal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edukit.progress import LoadedProgress, ProgressError, Refusal, parse_progress

pytestmark = pytest.mark.slow  # over 0.5 s: out of the fast unit layer

ALICE = (Path(__file__).parents[1] / "fixtures" / "progress" / "files" / "alice.json").read_bytes()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def outcome(data: bytes) -> None:
    try:
        result = parse_progress(data, "cle-usb/progression.json", course="cours-essai")
    except ProgressError as error:
        assert isinstance(error.refusal, Refusal)
        assert error.reason and str(error).startswith("cle-usb/progression.json: ")
    else:
        assert isinstance(result, LoadedProgress)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    outcome(data)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(ALICE)), st.binary(max_size=40))
def test_any_corruption_of_a_real_file(cut: int, noise: bytes) -> None:
    outcome(ALICE[:cut] + noise + ALICE[cut + len(noise) :])


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_json_document(value: object) -> None:
    outcome(json.dumps(value).encode())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["learner", "exported", "entries", "course", "integrity"]), json_values)
def test_any_value_in_a_field(field: str, value: object) -> None:
    data = json.loads(ALICE)
    data[field] = value
    outcome(json.dumps(data).encode())
