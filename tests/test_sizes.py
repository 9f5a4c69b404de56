"""No source file over 600 lines and no function over 80 (issue 15, docs/STYLE.md).

A long file or function is one that holds several responsibilities; the limits are the point
where a reader stops being able to hold it in mind. Python is measured with ``ast`` (a
function's span includes its nested closures), JavaScript with acorn (``tests/js/
function_lengths.mjs``; a classic script's top-level IIFE is its module scope and is not
counted). Files generated or vendored would go in ``EXEMPT``.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # node and a walk of every source: out of the fast unit layer

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "edukit"
MAX_FILE = 600
MAX_FUNCTION = 80

# Files generated or vendored are exempt; there are none in src/ today.
EXEMPT: frozenset[str] = frozenset()


def _sources(suffix: str) -> list[Path]:
    return sorted(p for p in SRC.rglob(f"*{suffix}") if str(p.relative_to(ROOT)) not in EXEMPT)


@cache
def _sizes() -> dict[str, int]:
    sizes: dict[str, int] = {}
    for path in _sources(".py") + _sources(".js"):
        rel = str(path.relative_to(ROOT))
        sizes[rel] = len(path.read_text(encoding="utf-8").splitlines())
    return sizes


@cache
def _python_functions() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in _sources(".py"):
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                key = f"{rel}::{node.name}"
                found[key] = max(found.get(key, 0), node.end_lineno - node.lineno + 1)
    return found


@cache
def _js_functions() -> dict[str, int]:
    node = shutil.which("node")
    if node is None:  # pragma: no cover - make test installs node (Makefile)
        pytest.fail("node is needed to measure JavaScript functions (Debian package nodejs)")
    files = [str(p) for p in _sources(".js")]
    out = subprocess.run(
        [node, str(ROOT / "tests" / "js" / "function_lengths.mjs"), *files],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found: dict[str, int] = {}
    for entry in json.loads(out):
        rel = str(Path(entry["file"]).resolve().relative_to(ROOT))
        key = f"{rel}::{entry['name']}"
        found[key] = max(found.get(key, 0), int(entry["lines"]))
    return found


def _check(measured: dict[str, int], limit: int, what: str) -> list[str]:
    errors = []
    for key, size in sorted(measured.items()):
        if size > limit:
            errors.append(f"{key}: {size} lines, over {limit} ({what})")
    return errors


def test_no_file_over_600_lines() -> None:
    assert _check(_sizes(), MAX_FILE, "split it by responsibility") == []


def test_no_function_over_80_lines() -> None:
    functions = {**_python_functions(), **_js_functions()}
    assert _check(functions, MAX_FUNCTION, "extract named helpers") == []
