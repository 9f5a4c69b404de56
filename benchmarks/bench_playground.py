"""Prompt playground figures in Debian chromium: mini-model words per second and time to first token.

A page with one playground mount (the real course's model, as a lesson block would ship it) is
served on 127.0.0.1 with the static host; every other host is cut off.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("EDUKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RUNS = 7
WORDS = 200


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _page(folder: Path) -> int:
    from edukit.site._assets import host_assets
    from edukit.site._mount import widget_version
    from edukit.widgets._bundle import STATIC
    from edukit.widgets._playground import PromptPlayground

    widget = PromptPlayground(courses=ROOT / "courses", words=WORDS)
    state = json.dumps(widget.page_state(), ensure_ascii=False)
    assets = folder / "assets" / "edukit"
    (assets / "widgets").mkdir(parents=True)
    for name, text in host_assets().items():
        (assets / name).write_text(text, encoding="utf-8")
    (assets / "widgets" / "playground.js").write_text(str(widget._esm), encoding="utf-8")
    (assets / "widgets" / "playground.css").write_text(str(widget._css), encoding="utf-8")
    (assets / "minimodel.js").write_text(
        (STATIC / "minimodel.js").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "index.html").write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="assets/edukit/edukit.css">'
        '<script type="module" src="assets/edukit/host.js"></script></head><body>'
        f'<div data-edukit-mount="playground" data-edukit-version="{widget_version("playground")}"'
        f' data-edukit-state="{html.escape(state, quote=True)}"></div></body></html>',
        encoding="utf-8",
    )
    return len(state.encode())


def run() -> list[tuple[str, str, str]]:
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        size = _page(folder)
        rows.append(
            (
                "Playground: train + prune + page state (Python)",
                f"{time.perf_counter() - started:.2f} s",
                "",
            )
        )
        rows.append(("Playground: page state size", f"{size / 1024:.0f} KB", "< 400 KB"))
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        renders: list[float] = []
        first_tokens: list[float] = []
        ui_rates: list[float] = []
        sampler_rates: list[float] = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for _ in range(RUNS):
                    context = browser.new_context(reduced_motion="reduce")
                    page = context.new_page()
                    page.route(
                        "**/*",
                        lambda route: (
                            route.continue_()
                            if urlparse(route.request.url).hostname == "127.0.0.1"
                            else route.abort()
                        ),
                    )
                    page.goto(url)
                    page.wait_for_selector("[data-playground=next-one]")
                    renders.append(page.evaluate("performance.now()"))
                    # Time to first token: click → the next word and its distribution are shown.
                    first_tokens.append(
                        page.evaluate(
                            """() => { const b = document.querySelector('[data-playground=next-one]');
                            const t = performance.now(); b.click(); return performance.now() - t; }"""
                        )
                    )
                    ui_rates.append(
                        page.evaluate(
                            """n => { const b = document.querySelector('[data-playground=next-many]');
                            const out = document.querySelector('[data-playground=next-text]');
                            document.querySelector('[data-playground=next-reset]').click();
                            const t = performance.now(); b.click(); const ms = performance.now() - t;
                            return out.textContent.length > 30 ? n / (ms / 1000) : 0; }""",
                            WORDS,
                        )
                    )
                    sampler_rates.append(
                        page.evaluate(
                            """async (n) => {
                            const mm = await import('./assets/edukit/minimodel.js');
                            const el = document.querySelector('[data-edukit-mount]');
                            const state = JSON.parse(el.dataset.edukitState || '{}');
                            const model = mm.loadModel(state.state.model_export);
                            mm.generate(model, 'Le modèle', 50, {seed: 1});
                            const t = performance.now();
                            const words = mm.generate(model, 'Le modèle', n, {seed: 1});
                            return words.length / ((performance.now() - t) / 1000); }""",
                            2000,
                        )
                    )
                    context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    rows += [
        (
            "Playground: navigation start to controls ready (median)",
            f"{statistics.median(renders):.0f} ms",
            "",
        ),
        (
            "Playground: time to first token, mini model (median)",
            f"{statistics.median(first_tokens):.1f} ms",
            "< 100 ms",
        ),
        (
            f"Playground: mini model in the UI, {WORDS} words at once (median)",
            f"{statistics.median(ui_rates):.0f} words/s",
            "",
        ),
        (
            "Playground: mini-model sampler in Chromium (median)",
            f"{statistics.median(sampler_rates):.0f} words/s",
            "> 1000 words/s",
        ),
    ]
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
