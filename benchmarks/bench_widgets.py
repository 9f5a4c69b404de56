"""Widget runtime figures: notebook page weight (first and repeat visit) and time to first render.

Builds the widget fixture site (an executed notebook with a probe and a plain slider), serves
it on 127.0.0.1 and loads it in Debian chromium with every other host cut off.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import importlib.util
import os
import statistics
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "widgets"
CHROMIUM = os.environ.get("EDUKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RUNS = 7


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _sitebuild() -> Any:
    spec = importlib.util.spec_from_file_location("edukit_sitebuild", FIXTURES / "sitebuild.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _measure(url: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context()
            page = context.new_page()
            bodies: dict[str, bytes] = {}
            external: list[str] = []

            def route(route: Any) -> None:
                if urlparse(route.request.url).hostname == "127.0.0.1":
                    route.continue_()
                else:
                    external.append(route.request.url)
                    route.abort()

            page.route("**/*", route)
            page.on("response", lambda r: bodies.__setitem__(r.url, r.body()))
            page.goto(url + "probe/", wait_until="networkidle")
            page.wait_for_selector('[data-edukit-widget="probe"] [data-probe="count"]')
            first = sum(_gzip_size(body) for body in bodies.values())
            # Everything under assets/ is versioned (?v=hash or Material's hashed names) and
            # cached; a repeat visit fetches the page itself (and Material's sitemap).
            repeat = sum(
                _gzip_size(body)
                for address, body in bodies.items()
                if "/assets/" not in urlparse(address).path
            )
            html = next(b for a, b in bodies.items() if urlparse(a).path.endswith("/probe/"))
            figures.update(
                first_kb=first / 1024,
                repeat_kb=repeat / 1024,
                html_kb=len(html) / 1024,
                requests=len(bodies),
                external=len(external),
            )

            renders = []
            for _ in range(RUNS):
                page.goto(url + "probe/", wait_until="commit")
                page.wait_for_selector('[data-edukit-widget="probe"] [data-probe="count"]')
                renders.append(
                    page.evaluate(
                        "performance.getEntriesByType('navigation')[0] ? performance.now() : -1"
                    )
                )
            figures["render_ms"] = statistics.median(renders)
            latency = page.evaluate(
                """() => {
                    const button = document.querySelector('[data-probe="increment"]');
                    const count = document.querySelector('[data-probe="count"]');
                    const times = [];
                    for (let i = 0; i < 50; i += 1) {
                        const before = count.textContent;
                        const start = performance.now();
                        button.click();
                        if (count.textContent === before) return -1;
                        times.push(performance.now() - start);
                    }
                    times.sort((a, b) => a - b);
                    return times[25];
                }"""
            )
            figures["click_ms"] = latency
            context.close()
        finally:
            browser.close()
    return figures


def _raw_mkdocs_jupyter_html_kb(notebook: Path, workdir: Path) -> float:
    """The same notebook page as mkdocs-jupyter writes it, before the runtime's rewrite."""
    from mkdocs_jupyter.nbconvert2 import nb2html

    return len(nb2html(str(notebook)).encode()) / 1024


def run() -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="edukit-bench-widgets-") as folder:
        workdir = Path(folder)
        (workdir / "www").mkdir()
        handler = functools.partial(_Quiet, directory=str(workdir / "www"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        url = f"http://127.0.0.1:{server.server_address[1]}/sub/"
        build = _sitebuild()
        notebook = build.execute_notebook(FIXTURES / "probe_notebook.py", workdir / "probe.ipynb")
        build.build_site(workdir, site_url=url, notebook=notebook)
        raw_kb = _raw_mkdocs_jupyter_html_kb(notebook, workdir)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            figures = _measure(url)
        finally:
            server.shutdown()
            server.server_close()
    module = (ROOT / "src/edukit/site/static/host.js").read_bytes()
    return [
        (
            "widgets: notebook page, first load (gzip, all assets)",
            f"{figures['first_kb']:.0f} KB ({figures['requests']:.0f} requests)",
            "≤ 250 KB",
        ),
        (
            "widgets: notebook page, repeat visit (gzip, cached assets excluded)",
            f"{figures['repeat_kb']:.1f} KB",
            "≤ 60 KB",
        ),
        (
            "widgets: notebook page HTML (raw), mkdocs-jupyter alone → after rewrite",
            f"{raw_kb:.0f} KB → {figures['html_kb']:.0f} KB",
            "",
        ),
        ("widgets: static host host.js (gzip)", f"{_gzip_size(module) / 1024:.1f} KB", "a few KB"),
        ("widgets: requests to other hosts", f"{figures['external']:.0f}", "0"),
        (
            f"widgets: navigation → probe rendered (median of {RUNS}, chromium)",
            f"{figures['render_ms']:.0f} ms",
            "",
        ),
        ("widgets: click → probe updated (median of 50)", f"{figures['click_ms']:.2f} ms", ""),
    ]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
