"""The Markdown widget blocks the site knows: one module per block, one explicit table."""

from edukit.site.blocks._base import (
    Block,
    BlockBuilder,
    BlockContext,
    BlockError,
    BlockInputs,
    shown_path,
)

__all__ = [
    "Block",
    "BlockBuilder",
    "BlockContext",
    "BlockError",
    "BlockInputs",
    "shown_path",
]
