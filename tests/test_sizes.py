"""No source file over 600 lines and no function over 80 (issue 15, docs/STYLE.md).

A long file or function is one that holds several responsibilities; the limits are the point
where a reader stops being able to hold it in mind. Python is measured with ``ast`` (a
function's span includes its nested closures), JavaScript with acorn (``tests/js/
function_lengths.mjs``; a classic script's top-level IIFE is its module scope and is not
counted). ``PENDING`` lists the offenders that predate the rule, with the size they may not
exceed: the list only shrinks, and a fixed entry that stays listed fails too.
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

# Offenders that predate the rule: path (or "path::function") -> the size it may not exceed.
PENDING: dict[str, int] = {
    "src/edukit/cli/_classroom_app.py": 1120,
    "src/edukit/cli/_export.py": 767,
    "src/edukit/course/_load.py": 644,
    "src/edukit/llm/_checklist.py": 872,
    "src/edukit/progress/_render.py": 689,
    "src/edukit/quiz/_loader.py": 796,
    "src/edukit/quiz/_paper.py": 833,
    "src/edukit/site/_scorm.py": 715,
    "src/edukit/site/_widgets.py": 768,
    "src/edukit/widgets/_playground.py": 872,
    "src/edukit/widgets/_quiz.py": 797,
    "src/edukit/classroom/static/classroom.js": 985,
    "src/edukit/site/static/scorm.js": 877,
    "src/edukit/widgets/static/bias.js": 952,
    "src/edukit/widgets/static/playground.js": 1824,
    "src/edukit/widgets/static/quiz.js": 1072,
    "src/edukit/widgets/static/store.js": 729,
    "src/edukit/build/_notebooks.py::execute_notebooks": 121,
    "src/edukit/cli/_classroom.py::classroom": 265,
    "src/edukit/cli/_classroom_app.py::create_app": 324,
    "src/edukit/cli/_classroom_app.py::_dashboard_body": 118,
    "src/edukit/cli/_classroom_app.py::chat": 90,
    "src/edukit/cli/_export.py::export_scorm": 84,
    "src/edukit/cli/_export.py::export_moodle_bundle": 99,
    "src/edukit/cli/_export.py::bundle_readme": 95,
    "src/edukit/cli/_print.py::print_course": 98,
    "src/edukit/cli/_print.py::print_command": 82,
    "src/edukit/cli/_report.py::report": 197,
    "src/edukit/cli/_report.py::grade_command": 97,
    "src/edukit/course/_competences.py::load_competences": 182,
    "src/edukit/course/_load.py::load": 117,
    "src/edukit/course/plan.py::build_variant_plan": 85,
    "src/edukit/fairness/_generator.py::make_scenario": 81,
    "src/edukit/llm/_checklist.py::segment": 129,
    "src/edukit/progress/_render.py::_learner_section": 106,
    "src/edukit/progress/_render.py::report_html": 92,
    "src/edukit/progress/_render.py::attestation_html": 86,
    "src/edukit/progress/_rubrics.py::_load_one": 113,
    "src/edukit/progress/_summary.py::learner_report": 92,
    "src/edukit/quiz/_forms.py::form_problems": 92,
    "src/edukit/quiz/_paper.py::read_paper_csv": 107,
    "src/edukit/site/_scorm.py::finish_site": 88,
    "src/edukit/site/plugin.py::on_files": 89,
    "src/edukit/widgets/_quiz.py::quiz_block": 117,
    "src/edukit/classroom/static/classroom.js::createSync": 240,
    "src/edukit/classroom/static/classroom.js::showJoin": 110,
    "src/edukit/classroom/static/classroom.js::startPage": 290,
    "src/edukit/site/static/progress.js::progressPanel": 173,
    "src/edukit/widgets/static/bias.js::(anonymous)": 604,
    "src/edukit/widgets/static/playground.js::segmentPrompt": 112,
    "src/edukit/widgets/static/playground.js::buildNextWord": 237,
    "src/edukit/widgets/static/playground.js::buildPrompts": 540,
    "src/edukit/widgets/static/playground.js::(anonymous)": 849,
    "src/edukit/widgets/static/quiz.js::controlsFor": 186,
    "src/edukit/widgets/static/quiz.js::build": 314,
    "src/edukit/widgets/static/quiz.js::(anonymous)": 354,
    "src/edukit/widgets/static/store.js::openStore": 215,
    "src/edukit/widgets/static/store.js::validateProgress": 85,
}


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
        allowed = PENDING.get(key, limit)
        if size > allowed:
            errors.append(f"{key}: {size} lines, over {allowed} ({what})")
    return errors


def test_no_file_over_600_lines() -> None:
    assert _check(_sizes(), MAX_FILE, "split it by responsibility") == []


def test_no_function_over_80_lines() -> None:
    functions = {**_python_functions(), **_js_functions()}
    assert _check(functions, MAX_FUNCTION, "extract named helpers") == []


def test_pending_list_only_shrinks() -> None:
    measured = {**_sizes(), **_python_functions(), **_js_functions()}
    stale = [
        key
        for key in PENDING
        if measured.get(key, 0) <= (MAX_FUNCTION if "::" in key else MAX_FILE)
    ]
    assert stale == [], f"fixed or gone, remove from PENDING: {stale}"
