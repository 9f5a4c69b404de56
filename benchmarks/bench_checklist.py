"""Prompt checklist: precision and recall per element on the labelled corpus, and its speed.

The corpus (tests/fixtures/prompts/corpus.jsonl, labelled by docs/prompt-checklist-guide.md) has
a ``dev`` split, used to write the rules, and a ``heldout`` split, written and committed before
the analyser and never used to tune it. Timings: Python's ``analyse_prompt``, and the JavaScript
``analysePrompt`` in Debian chromium on the payload the widget ships (served on 127.0.0.1, every
other host cut off). Per-prompt times are measured in batches, as ``performance.now()`` is coarse.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "prompts" / "corpus.jsonl"
CHROMIUM = os.environ.get("EDUKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BATCH = 20
"""Each prompt is analysed this many times in a row; the mean is its time."""
ROUNDS = 5


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def _quality(rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    from edukit.llm._checklist import ELEMENTS, measure

    out: list[tuple[str, str, str]] = []
    for split in ("dev", "heldout"):
        labelled = [(r["text"], r["elements"]) for r in rows if r["split"] == split]
        scores = measure(labelled)
        for element in ELEMENTS:
            s = scores[element.id]
            out.append(
                (
                    f"Checklist {split} ({len(labelled)}): {element.id} precision / recall",
                    f"{s['precision']:.2f} / {s['recall']:.2f}",
                    "≥ 0.90 / ≥ 0.90",
                )
            )
        macro = statistics.mean(s["f1"] for s in scores.values())
        out.append((f"Checklist {split}: macro F1", f"{macro:.3f}", ""))
    return out


def _python_times(texts: list[str]) -> list[float]:
    from edukit.llm import analyse_prompt

    times = []
    for text in texts:
        started = time.perf_counter()
        for _ in range(BATCH):
            analyse_prompt(text)
        times.append((time.perf_counter() - started) / BATCH * 1000)
    return times


def _browser_times(texts: list[str], checks: list[dict[str, Any]]) -> tuple[float, list[float]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        static = ROOT / "src" / "edukit" / "widgets" / "static"
        for name in ("playground.js", "a11y.js", "i18n.js", "minimodel.js", "pii.js"):
            shutil.copy(static / name, folder / name)
        shutil.copytree(static / "playground", folder / "playground")  # the entry's modules
        (folder / "data.json").write_text(
            json.dumps({"checks": checks, "texts": texts}, ensure_ascii=False), encoding="utf-8"
        )
        (folder / "index.html").write_text(
            '<!doctype html><html lang="fr"><head><meta charset="utf-8"></head><body></body></html>',
            encoding="utf-8",
        )
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page()
                page.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if urlparse(route.request.url).hostname == "127.0.0.1"
                        else route.abort()
                    ),
                )
                page.goto(url)
                first, times = page.evaluate(
                    """async ([batch, rounds]) => {
                    const { analysePrompt } = await import('./playground.js');
                    const { checks, texts } = await (await fetch('./data.json')).json();
                    let t = performance.now();
                    analysePrompt(checks, texts[0]);
                    const first = performance.now() - t;
                    const times = [];
                    for (let round = 0; round < rounds; round++) {
                      for (const text of texts) {
                        t = performance.now();
                        for (let i = 0; i < batch; i++) analysePrompt(checks, text);
                        times.push((performance.now() - t) / batch);
                      }
                    }
                    return [first, times];
                    }""",
                    [BATCH, ROUNDS],
                )
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return first, times


def run() -> list[tuple[str, str, str]]:
    from edukit.llm import checklist_payload

    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    texts = [r["text"] for r in rows]
    out = _quality(rows)
    python = _python_times(texts)
    out.append(("Checklist: one prompt in Python (p95)", f"{_p95(python):.2f} ms", ""))
    checks = checklist_payload()
    size = len(json.dumps(checks, ensure_ascii=False, separators=(",", ":")).encode())
    out.append(("Checklist: rules shipped to the browser (JSON)", f"{size / 1024:.1f} KB", ""))
    first, browser = _browser_times(texts, checks)
    out += [
        ("Checklist: first prompt in Chromium (compiles the rules)", f"{first:.1f} ms", ""),
        ("Checklist: one prompt in Chromium (p95)", f"{_p95(browser):.3f} ms", "≤ 1 ms"),
        ("Checklist: one prompt in Chromium (median)", f"{statistics.median(browser):.3f} ms", ""),
    ]
    return out


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
