"""The Adult dataset ships with edukit, with its attribution, and loads without network."""

from __future__ import annotations

import socket
from importlib import resources

import pytest

from edukit.fairness import fit_scores, load_adult, sweep
from edukit.fairness._adult import (
    ADULT_FILE,
    ADULT_LICENSE_FILE,
    UNKNOWN_PROTECTED,
    adult_license_text,
)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the Adult loader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
def test_loads_offline_with_the_expected_shape() -> None:
    adult = load_adult()
    assert adult.frame.shape == (45_222, 15)
    assert adult.frame["split"].value_counts().to_dict() == {"train": 30_162, "test": 15_060}
    assert adult.groups == ("Femme", "Homme")
    assert adult.frame["sex"].value_counts().to_dict() == {"Homme": 30_527, "Femme": 14_695}
    assert adult.y.mean() == pytest.approx(11_208 / 45_222)
    assert adult.frame.notna().all().all()
    full = load_adult(protected="race", drop_missing=False)
    assert full.frame.shape == (48_842, 15)
    assert full.groups[0] == "Blanche" and len(full.groups) == 5
    assert full.frame["race"].notna().all()
    assert set(full.labels) == set(full.frame.columns)


def test_roles() -> None:
    by_sex = load_adult()
    assert by_sex.proxies == ("relationship", "marital_status")
    assert "sex" not in by_sex.features and "race" not in by_sex.features
    by_race = load_adult(protected="race")
    assert by_race.proxies == ("native_country",)
    assert "relationship" in by_race.features
    assert by_sex.proxy_association() > 0.5  # « Husband » / « Wife » gives the sex away
    with pytest.raises(ValueError) as caught:
        load_adult(protected="age")  # type: ignore[arg-type]
    assert str(caught.value) == UNKNOWN_PROTECTED.format(value="age")


def test_data_and_attribution_ship_in_the_package() -> None:
    data = resources.files("edukit.fairness") / "data"
    assert (data / ADULT_FILE).is_file()
    size = len((data / ADULT_FILE).read_bytes())
    assert size < 1_000_000
    notice = adult_license_text()
    assert notice == (data / ADULT_LICENSE_FILE).read_text("utf-8")
    for needed in (
        "Becker",
        "Kohavi",
        "1996",
        "UCI Machine Learning Repository",
        "10.24432/C5XW20",
        "CC BY 4.0",
    ):
        assert needed in notice
    assert "Becker" in load_adult().source


@pytest.mark.slow
def test_a_model_on_adult_is_assessable() -> None:
    adult = load_adult()
    scores = fit_scores(adult, include_protected=False, seed=0)
    result = sweep(scores.y_true, scores.scores, scores.groups, group_labels=scores.group_labels)
    overall_accuracy = result.overall["accuracy"][50]
    assert overall_accuracy > 0.8
    # without the sex column, women are still selected far less often than men
    assert result.disparities["demographic_parity_difference"][50] > 0.1
