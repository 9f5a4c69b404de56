"""BiasSpec: the bias explorer's options checked once, French messages, one per mistake, at the
line of the key they concern."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from edukit.fairness import BIAS_OPTION_KEYS, BiasSpec, bias_spec, bias_spec_problems

LINES = {("scenarios",): 11, ("n_samples",): 12, ("seed",): 13, ("sead",): 14}


def line_of(loc: tuple[str | int, ...]) -> tuple[Path, int | None]:
    return Path("courses/m1/l01.md"), LINES.get(loc[:1], 10)


def problems(options: dict[str, object]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        BiasSpec.model_validate(options)
    return [str(problem) for problem in bias_spec_problems(caught.value, line_of)]


def test_defaults_and_dataset_ids() -> None:
    spec = BiasSpec()
    assert spec.scenarios == ["recrutement", "logement", "credit"]
    assert (spec.n_samples, spec.n_groups, spec.seed, spec.model) == (10_000, None, 0, "logistic")
    assert BiasSpec(scenarios=["credit"], include_adult=True).dataset_ids == ["credit", "adult"]
    assert set(BIAS_OPTION_KEYS) == set(BiasSpec.model_fields)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            {"scenarios": ["loyer"]},
            "courses/m1/l01.md:11: le scénario « loyer » est inconnu — choisissez parmi "
            "recrutement, logement, credit",
        ),
        (
            {"n_samples": "1000"},
            "courses/m1/l01.md:12: « n_samples » doit être un nombre entier entre 200 et "
            "100 000, pas '1000' — par exemple n_samples: 10000",
        ),
        (
            {"seed": True},
            "courses/m1/l01.md:13: « seed » doit être un nombre entier positif ou nul, pas True"
            " — par exemple seed: 0",
        ),
        (
            {"sead": 3},
            "courses/m1/l01.md:14: la clé « sead » est inconnue — voulez-vous dire « seed » ?",
        ),
        (
            {"scenarios": ["recrutement"], "n_groups": 3},
            "courses/m1/l01.md:10: n_groups: 3 est impossible pour le scénario « recrutement »"
            " (2 à 2 groupes) — retirez n_groups, ou gardez les scénarios qui permettent 3 groupes",
        ),
    ],
)
def test_each_mistake_is_one_french_message_at_its_line(
    options: dict[str, object], expected: str
) -> None:
    assert problems(options) == [expected]


def test_view_options_are_checked_against_the_data() -> None:
    assert problems({"scenarios": ["credit"], "scenario": "adult"}) == [
        "courses/m1/l01.md:10: le scénario de départ « adult » ne fait pas partie des jeux "
        "explorés (credit) — choisissez l'un d'eux, ou ajoutez-le à « scenarios »"
    ]
    assert BiasSpec(scenarios=["credit"], include_adult=True, scenario="adult").scenario == "adult"
    with pytest.raises(ValueError, match=r"« threshold » doit être un nombre entre 0 et 1"):
        bias_spec({"threshold": 2})
    with pytest.raises(ValueError, match=r"« remove_protected » doit valoir true ou false"):
        bias_spec({"remove_protected": "oui"})
