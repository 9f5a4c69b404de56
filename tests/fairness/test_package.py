"""The package's public surface and its wording."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

import edukit.fairness

PACKAGE = Path(edukit.fairness.__file__).parent
# fairlearn's wording guide: we assess and mitigate; a model or a dataset is never « unbiased ».
FORBIDDEN = re.compile(r"de-?bias|unbiased|bias-free|d[ée]biais", re.IGNORECASE)


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name for name in vars(edukit.fairness) if not name.startswith("_") and name != "annotations"
    }
    assert set(edukit.fairness.__all__) == public


@pytest.mark.slow
def test_wording_assess_and_mitigate_never_debias() -> None:
    checked = 0
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")
        assert not FORBIDDEN.search(text), f"{path.relative_to(PACKAGE)}: {FORBIDDEN.search(text)}"
        checked += 1
    assert checked >= 10  # the modules, the data and its licence file
    assert FORBIDDEN.search("a Debiased model") and FORBIDDEN.search("données débiaisées")
