from pathlib import Path

import pytest

from edukit.quiz import Bank, load_bank

BANKS = Path(__file__).parents[1] / "fixtures" / "banks"
ALL_TYPES = BANKS / "all-types"
OBJECTIVES = {"l01-o1", "l09-o1", "l09-o2", "l10-o1"}


@pytest.fixture(scope="session")
def bank() -> Bank:
    loaded, problems = load_bank(ALL_TYPES, objectives=OBJECTIVES)
    assert problems == []
    assert loaded is not None
    return loaded
