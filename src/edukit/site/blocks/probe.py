"""The ``edukit-probe`` block: the test widget on a page (keys: ``count``, ``text``, ``key``)."""

from __future__ import annotations

from typing import Any

import traitlets

from edukit._problems import ProblemError
from edukit.site.blocks._base import Block, BlockContext

__all__ = ["BLOCK"]


def build(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
    """The probe's state; a wrong key or value is the author's mistake, at the block's line."""
    from edukit.widgets import Probe

    try:
        probe = Probe(**{"lang": context.lang, **data})
    except (TypeError, traitlets.TraitError) as error:
        problem = context.problem(
            f"le bloc « edukit-probe » n'est pas valide (the 'edukit-probe' block is not valid): "
            f"{error}"
        )
        raise ProblemError([problem]) from None
    return "probe", probe.page_state()["state"]


BLOCK = Block(name="probe", build=build)
