"""The Markdown widget blocks the site knows: one module per block, one explicit table.

A block module ``<name>.py`` holds ``BLOCK = Block(name=..., build=..., inputs=...)``: it reads
the block's YAML through the widget's spec, builds the widget's state once and returns it.
:data:`BLOCKS` lists every one; nothing registers itself on import.
"""

from collections.abc import Mapping
from types import MappingProxyType

from edukit.site.blocks import bias, playground, probe, quiz
from edukit.site.blocks._base import (
    Block,
    BlockBuilder,
    BlockContext,
    BlockError,
    BlockInputs,
    shown_path,
)


def _table(*blocks: Block) -> Mapping[str, Block]:
    names = [block.name for block in blocks]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"two blocks are named {', '.join(duplicates)}")
    return MappingProxyType({block.name: block for block in blocks})


BLOCKS: Mapping[str, Block] = _table(quiz.BLOCK, bias.BLOCK, playground.BLOCK, probe.BLOCK)
"""Every widget block of the site, by name (the fence is ```` ```edukit-<name> ````)."""

__all__ = [
    "BLOCKS",
    "Block",
    "BlockBuilder",
    "BlockContext",
    "BlockError",
    "BlockInputs",
    "shown_path",
]
