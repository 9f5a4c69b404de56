"""The ``edukit-bias`` block: a bias explorer on a lesson page (keys: :class:`~edukit.fairness.BiasSpec`)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from edukit._problems import ProblemError
from edukit.fairness import BiasSpec, bias_spec_problems
from edukit.site.blocks._base import Block, BlockContext

__all__ = ["BLOCK"]


def build(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
    """The explorer's state: the options checked (``path:line`` per mistake), the models
    trained once."""
    from edukit.widgets import BiasExplorer

    options = {key: value for key, value in data.items() if key not in ("lang", "course")}
    try:
        spec = BiasSpec.model_validate(options)
    except ValidationError as error:
        raise ProblemError(bias_spec_problems(error, context.line_of)) from None
    widget = BiasExplorer(
        lang=str(data.get("lang", context.lang)),
        course=str(data.get("course", "")),
        **spec.model_dump(),
    )
    return "bias", widget.page_state()["state"]


def inputs(data: dict[str, Any], context: BlockContext) -> list[Any] | None:
    """Nothing besides its YAML: the scenarios are generated from the options and the Adult
    data ships in :mod:`edukit.fairness`, both covered by edukit's source fingerprint."""
    return []


BLOCK = Block(name="bias", build=build, inputs=inputs)
