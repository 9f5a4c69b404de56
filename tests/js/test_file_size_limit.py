"""One limit for a progress file's size: the browser's import (store-file.js) and edukit.progress.

A file the trainer's tools read must not be refused by the learner's browser, nor the reverse:
a test reads the JS constant from its source and compares it with the Python one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from edukit.progress import MAX_BYTES

STORE_FILE = Path(__file__).resolve().parents[2] / "src/edukit/widgets/static/store-file.js"
_CONSTANT = re.compile(r"^export const MAX_FILE_BYTES = (?P<value>[^;]+);$", re.M)


def _integer(node: ast.expr) -> int:
    """The value of an expression made only of integer literals, `*` and `+`."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _integer(node.left) * _integer(node.right)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _integer(node.left) + _integer(node.right)
    raise AssertionError(f"MAX_FILE_BYTES is not a plain integer expression: {ast.unparse(node)}")


def js_max_file_bytes(source: str) -> int:
    """MAX_FILE_BYTES as store-file.js declares it (JS `5_000_000` reads as Python does)."""
    found = _CONSTANT.findall(source)
    assert len(found) == 1, "store-file.js declares MAX_FILE_BYTES exactly once"
    return _integer(ast.parse(found[0], mode="eval").body)


def test_the_browser_and_edukit_progress_accept_the_same_largest_file() -> None:
    assert js_max_file_bytes(STORE_FILE.read_text(encoding="utf-8")) == MAX_BYTES == 8 * 1024 * 1024


def test_the_constant_reader_sees_the_old_five_megabyte_cap_as_different() -> None:
    old = "export const MAX_FILE_BYTES = 5_000_000;\n"
    assert js_max_file_bytes(old) == 5_000_000 != MAX_BYTES
