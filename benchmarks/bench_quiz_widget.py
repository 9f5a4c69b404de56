"""Quiz widget figures in Debian chromium: answer → feedback latency and lesson page weight.

Builds a Material site whose lesson page holds a five-question quiz from the real
``exercises/provenance`` bank (as the mkdocs-quiz anchor of DESIGN.md §6: Material, five
questions), serves it on 127.0.0.1 with every other host cut off, and measures:

- the gzip weight of the first load of that page (every response: HTML, Material, host, quiz);
- from the click on "Valider" to the feedback on screen, with ``performance.now()`` before the
  click and a MutationObserver that fires when the feedback appears, over many answers, in
  practice mode, in evaluation mode (salted SHA-256 through Web Crypto) and with the plain-JS
  SHA-256 (pages without ``crypto.subtle``).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
HOOK = ROOT / "tests" / "fixtures" / "widgets" / "hook.py"
BANK = ROOT / "exercises" / "provenance"
CHROMIUM = os.environ.get("EDUKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RUNS = 60
WARMUP = 10
"""Answers submitted first and not counted (the JIT compiles the grading code meanwhile)."""

MKDOCS_YML = """\
site_name: Quiz edukit
site_url: {site_url}
docs_dir: docs
site_dir: {site_dir}
theme:
  name: material
  language: fr
  font: false
  features: [navigation.instant]
hooks:
  - {hook}
markdown_extensions:
  - admonition
  - pymdownx.superfences
"""
LESSON = """\
# D'où viennent les données ?

Une page de leçon avec un quiz de cinq questions.

```edukit-quiz
bank: exercises/provenance
draw: {count: 5, seed: 1}
title: "Quiz : provenance et licences"
```
"""
LATENCY_PAGE = """\
# Mesure

```edukit-quiz
bank: exercises/provenance
draw: {count: 1, tags: [licences], difficulty: 1, seed: 1}
title: "Entraînement"
```

```edukit-quiz
bank: exercises/provenance
draw: {count: 1, tags: [licences], difficulty: 1, seed: 1}
mode: evaluation
attempts: 1000
title: "Évaluation"
```
"""
# Answer the single-choice question wrongly (so that "Réessayer" comes back), submit, and time
# the click until the feedback is shown; then "Réessayer" and again.
LATENCY_JS = """async ({title, runs, warmup}) => {
  const quiz = [...document.querySelectorAll('.edukit-quiz')]
    .find(q => q.querySelector('.edukit-quiz__title').textContent === title);
  const question = quiz.querySelector('fieldset');
  const submit = question.querySelector('[data-quiz=submit]');
  const retry = question.querySelector('[data-quiz=retry]');
  const feedback = question.querySelector('[data-quiz=feedback]');
  const times = [];
  for (let run = 0; run < warmup + runs; run += 1) {
    if (!retry.hidden) retry.click();
    const inputs = [...question.querySelectorAll('input')];
    inputs[run % inputs.length].checked = true;
    const shown = new Promise(resolve => {
      const observer = new MutationObserver(() => {
        if (!feedback.hidden && feedback.querySelector('[data-quiz=status]')) {
          const end = performance.now();
          observer.disconnect();
          resolve(end);
        }
      });
      observer.observe(feedback, {attributes: true, childList: true, subtree: true});
    });
    const start = performance.now();
    submit.click();
    const end = await shown;
    if (feedback.querySelector('[data-quiz=status]').textContent.includes('Bonne')) {
      // A right answer locks the question in practice: the reset button starts it over.
      quiz.querySelector('[data-quiz=reset]').click();
    }
    if (run >= warmup) times.push(end - start);
  }
  return times;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _keep_body(bodies: dict[str, bytes], response: Any) -> None:
    if 300 <= response.status < 400:
        return  # a redirect has no body
    bodies[response.url] = response.body()


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _build(workdir: Path, site_url: str) -> None:
    shutil.copytree(BANK, workdir / "exercises" / "provenance")
    docs = workdir / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(LESSON, encoding="utf-8")
    (docs / "mesure.md").write_text(LATENCY_PAGE, encoding="utf-8")
    (workdir / "mkdocs.yml").write_text(
        MKDOCS_YML.format(site_url=site_url, site_dir=workdir / "www" / "sub", hook=HOOK),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.yml"],
        capture_output=True,
        text=True,
        check=False,
        cwd=workdir,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed: {result.stderr.strip()}")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _open(browser: Any, external: list[str], *, web_crypto: bool = True) -> tuple[Any, Any]:
    context = browser.new_context()
    if not web_crypto:
        context.add_init_script(
            "Object.defineProperty(Crypto.prototype, 'subtle', {get: () => undefined})"
        )
    page = context.new_page()

    def route(route: Any) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return context, page


def _measure(url: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, Any] = {}
    external: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context, page = _open(browser, external)
            bodies: dict[str, bytes] = {}
            page.on("response", lambda r: _keep_body(bodies, r))
            page.goto(url, wait_until="networkidle")
            page.wait_for_selector(".edukit-quiz fieldset")
            figures["questions"] = page.locator(".edukit-quiz fieldset").count()
            figures["first_kb"] = sum(_gzip_size(body) for body in bodies.values()) / 1024
            figures["requests"] = len(bodies)
            figures["material_kb"] = (
                sum(
                    _gzip_size(body)
                    for address, body in bodies.items()
                    if "/assets/" in address and "/assets/edukit/" not in address
                )
                / 1024
            )
            figures["edukit_kb"] = (
                sum(
                    _gzip_size(body)
                    for address, body in bodies.items()
                    if "/assets/edukit/" in address
                )
                / 1024
            )
            figures["quiz_kb"] = (
                sum(
                    _gzip_size(body)
                    for address, body in bodies.items()
                    if "/widgets/quiz." in address
                )
                / 1024
            )
            context.close()
            for label, title, web_crypto in (
                ("practice", "Entraînement", True),
                ("evaluation", "Évaluation", True),
                ("evaluation_fallback", "Évaluation", False),
            ):
                context, page = _open(browser, external, web_crypto=web_crypto)
                page.goto(url + "mesure/")
                page.wait_for_function(
                    "() => document.querySelectorAll('.edukit-quiz fieldset').length === 2"
                )
                times = page.evaluate(LATENCY_JS, {"title": title, "runs": RUNS, "warmup": WARMUP})
                figures[label] = (statistics.median(times), _percentile(times, 0.95))
                context.close()
        finally:
            browser.close()
    figures["external"] = len(external)
    return figures


def run() -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="edukit-bench-quiz-") as folder:
        workdir = Path(folder)
        (workdir / "www").mkdir()
        handler = functools.partial(_Quiet, directory=str(workdir / "www"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        url = f"http://127.0.0.1:{server.server_address[1]}/sub/"
        _build(workdir, url)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            figures = _measure(url)
        finally:
            server.shutdown()
            server.server_close()
    rows = [
        (
            f"quiz: lesson page with a {figures['questions']}-question quiz, first load (gzip)",
            f"{figures['first_kb']:.0f} KB ({figures['requests']} requests)",
            "≤ 70 KB (mkdocs-quiz: 80 KB)",
        ),
        (
            "quiz: … of which Material (CSS, JS, search worker, favicon) / edukit (host, quiz)",
            f"{figures['material_kb']:.0f} KB / {figures['edukit_kb']:.0f} KB",
            "",
        ),
        ("quiz: quiz.js + quiz.css (gzip)", f"{figures['quiz_kb']:.1f} KB", ""),
        ("quiz: requests to other hosts", str(figures["external"]), "0"),
    ]
    for label, name in (
        ("practice", "practice"),
        ("evaluation", "evaluation, Web Crypto SHA-256"),
        ("evaluation_fallback", "evaluation, plain-JS SHA-256"),
    ):
        median, p95 = figures[label]
        rows.append(
            (
                f"quiz: submit → feedback shown, {name} (p50 / p95 of {RUNS} after {WARMUP})",
                f"{median:.2f} / {p95:.2f} ms",
                "p95 ≤ 2 ms (mkdocs-quiz: 2–4 ms)",
            )
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
