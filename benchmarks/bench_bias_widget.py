"""Bias explorer figures: slider latency in Chromium and the weight of what a page ships.

A Markdown page with an ``edukit-bias`` block (credit scenario, 10,000 rows, 5 groups) is built
with MkDocs Material and served on 127.0.0.1; the browser moves the threshold slider with
``input`` events and times the widget's handler through the end of its DOM updates (then a
forced layout), and separately until the next animation frame.
"""

from __future__ import annotations

import functools
import gzip
import html
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "tests" / "fixtures" / "widgets" / "hook.py"
CHROMIUM = os.environ.get("EDUKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROWS = 10_000
GROUPS = 5
EVENTS = 60
PAGE = f"""# Banc d'essai

```edukit-bias
scenarios: [credit]
n_samples: {ROWS}
n_groups: {GROUPS}
```
"""
MKDOCS_YML = """\
site_name: Banc biais
site_url: {url}
docs_dir: docs
site_dir: {site}
theme: {{name: material, language: fr, font: false}}
hooks: [{hook}]
markdown_extensions: [pymdownx.superfences]
"""
# Runs in the page: one input event per frame; the first figure is the synchronous work of the
# handler (state, table, chart, text alternative, sliders) plus the layout it causes, the second
# includes the wait for the next frame.
MEASURE = """async ([events, mode]) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  if (mode === 'group') {
    const radio = document.querySelector('[data-bias=mode-group]');
    radio.checked = true;
    radio.dispatchEvent(new Event('change', {bubbles: true}));
  }
  const slider = document.querySelector(mode === 'group' ? '[data-bias=slider-0]' : '[data-bias=slider]');
  const table = document.querySelector('[data-bias=table]');
  const handler = [], toFrame = [];
  for (let i = 0; i < events; i += 1) {
    await frame();
    slider.value = String(20 + ((i * 7) % 61));
    const start = performance.now();
    slider.dispatchEvent(new Event('input', {bubbles: true}));
    void table.offsetHeight;
    handler.push(performance.now() - start);
    await frame();
    toFrame.push(performance.now() - start);
  }
  return {handler, toFrame};
}"""


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _build(workdir: Path, url: str) -> Path:
    (workdir / "docs").mkdir()
    (workdir / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    site = workdir / "www"
    config = workdir / "mkdocs.yml"
    config.write_text(MKDOCS_YML.format(url=url, site=site, hook=HOOK), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return site


def _kib(size: int) -> str:
    return f"{size / 1024:.1f} KiB"


def run() -> list[tuple[str, str, str]]:
    from playwright.sync_api import sync_playwright

    setting = f"credit, {ROWS:,} rows, {GROUPS} groups, {EVENTS} input events"
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        (workdir / "www").mkdir()
        handler = functools.partial(_Quiet, directory=str(workdir / "www"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        site = _build(workdir, url)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page()
                page.route(
                    "**/*",
                    lambda route: (
                        route.continue_() if route.request.url.startswith(url) else route.abort()
                    ),
                )
                figures = {}
                for mode in ("global", "group"):
                    page.goto(url)
                    page.wait_for_selector("[data-bias=table] tbody tr", timeout=30_000)
                    figures[mode] = page.evaluate(MEASURE, [EVENTS, mode])
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
        index = (site / "index.html").read_text(encoding="utf-8")
        match = re.search(r'data-edukit-state="([^"]*)"', index)
        state = html.unescape(match.group(1)) if match else "{}"
        payload = json.dumps(
            json.loads(state)["state"]["payload"], separators=(",", ":"), ensure_ascii=False
        ).encode()
        module = (site / "assets" / "edukit" / "widgets" / "bias.js").read_bytes()
        css = (site / "assets" / "edukit" / "widgets" / "bias.css").read_bytes()
        attribute = match.group(0).encode() if match else b""

    rows = [
        (
            f"bias widget: slider input → metrics, table and chart redrawn, p95 ({setting})",
            f"{_p95(figures['global']['handler']):.2f} ms",
            "≤ 16 ms",
        ),
        (
            "bias widget: same, one threshold per group (first group's slider), p95",
            f"{_p95(figures['group']['handler']):.2f} ms",
            "≤ 16 ms",
        ),
        (
            "bias widget: slider input → next animation frame, p95",
            f"{_p95(figures['global']['toFrame']):.1f} ms",
            "",
        ),
        ("bias widget: payload (1 scenario, raw JSON)", _kib(len(payload)), ""),
        ("bias widget: payload (gzip)", _kib(len(gzip.compress(payload))), ""),
        (
            "bias widget: state attribute in the page (HTML-escaped, raw / gzip)",
            f"{_kib(len(attribute))} / {_kib(len(gzip.compress(attribute)))}",
            "",
        ),
        (
            "bias widget: module + stylesheet (raw / gzip)",
            f"{_kib(len(module) + len(css))} / "
            f"{_kib(len(gzip.compress(module)) + len(gzip.compress(css)))}",
            "",
        ),
    ]
    from edukit.widgets._bias import BiasExplorer

    default = json.dumps(BiasExplorer().payload, separators=(",", ":"), ensure_ascii=False)
    data = default.encode()
    rows.append(
        (
            "bias widget: default payload (3 scenarios × 10,000 rows, raw / gzip)",
            f"{_kib(len(data))} / {_kib(len(gzip.compress(data)))}",
            "",
        )
    )
    return rows


if __name__ == "__main__":
    for name, value, goal in run():
        print(f"{name:<95} {value:>22}  {goal}")
