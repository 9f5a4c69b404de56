"""Page weights of the real course in Chromium, as ``tests/site/test_page_weights.py`` measures
them: a copy of the repository built as learners get it, served with gzip like a static host,
every page loaded with an empty cache then again (bytes on the wire, headers included).

Prints the heaviest first load, the quiz lesson (l02), the quiz-and-playground lesson (l06),
the heaviest repeat visit, and what the quiz lesson's first load is made of, request by request.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("EDUKIT_CHROMIUM", "/usr/bin/chromium")
QUIZ_LESSON = "m2-comprendre/l02-ia-definitions/"
PLAYGROUND_LESSON = "m3-requetes/l06-art-requete/"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _kb(size: int) -> str:
    return f"{size / 1000:.1f} KB"


def _short(url: str, base: str) -> str:
    return url.removeprefix(base).split("?")[0] or "(the page)"


def run() -> list[tuple[str, str, str]]:
    from playwright.sync_api import sync_playwright

    conftest = _load("edukit_bench_conftest", ROOT / "tests" / "conftest.py")
    weights = _load("edukit_bench_weights", ROOT / "tests" / "site" / "test_page_weights.py")
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="edukit-weights-") as tmp:
        root = conftest._copy_repository(Path(tmp) / "repo")
        site = conftest._build_site(root, strict=False)
        pages = weights._pages(site)
        with sync_playwright() as playwright, weights.gzip_server(site) as url:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=conftest.CHROMIUM_ARGS
            )
            try:
                measured: dict[str, Any] = {
                    path: weights.page_weight(browser, url + path) for path in pages
                }
            finally:
                browser.close()
    first = max(measured, key=lambda path: measured[path].first)
    again = max(measured, key=lambda path: measured[path].repeat)
    budget = weights.FIRST_LOAD_BUDGET
    rows.append(
        (
            f"pages: heaviest first load ({first}, {len(pages)} pages)",
            _kb(measured[first].first),
            f"≤ {_kb(budget)} gzip",
        )
    )
    for label, path, goal in (
        ("quiz lesson (l02)", QUIZ_LESSON, "≤ 70.0 KB gzip"),
        ("quiz and playground lesson (l06)", PLAYGROUND_LESSON, f"≤ {_kb(budget)} gzip"),
    ):
        if path in measured:
            weight = measured[path]
            rows.append(
                (
                    f"pages: {label}, first load ({weight.requests} requests)",
                    _kb(weight.first),
                    goal,
                )
            )
    rows.append(
        (
            f"pages: heaviest repeat visit ({again})",
            _kb(measured[again].repeat),
            f"≤ {_kb(weights.REPEAT_BUDGET)}",
        )
    )
    if QUIZ_LESSON in measured:
        resources = measured[QUIZ_LESSON].resources
        for resource, size in sorted(resources.items(), key=lambda item: -item[1]):
            if size >= 100:
                rows.append((f"  l02 first load: {_short(resource, url)}", _kb(size), ""))
    return rows
