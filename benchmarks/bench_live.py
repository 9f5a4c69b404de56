"""Live preview figures: save → page updated in Chromium on a warm ``edukit serve --live``.

A copy of the repository is served by ``edukit serve --live`` (a subprocess, on 127.0.0.1);
Chromium shows a lesson page, then a sentence is added to the lesson (or a question's feedback
is changed in the bank its quiz reads) and the clock runs until the page Chromium shows — after
MkDocs's live reload — holds the new sentence (for the bank, until the server has rebuilt the
page and told the browser to reload: the edited question may not be among those drawn). Each edit is measured three times; the median is
shown. The background refresh (notebooks and mini model) is left to finish between edits.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks.bench_build import _copy_repository

CHROMIUM = os.environ.get("EDUKIT_CHROMIUM", "/usr/bin/chromium")
EDUKIT = "import edukit.cli._build; from edukit.cli import main; main()"
LESSON = "courses/m2-comprendre/l02-ia-definitions.md"
PAGE = "m2-comprendre/l02-ia-definitions/"
ROUNDS = 3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_up(url: str, server: subprocess.Popen[str], seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"edukit serve --live stopped ({server.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer in {seconds:.0f} s")


def _settle(log: Path, seconds: float = 120) -> None:
    """Wait for the background refresh to say « à jour » and the server to be quiet."""
    deadline = time.monotonic() + seconds
    size = -1
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        if len(text) == size and text.rstrip().endswith(("à jour", "browsers")):
            return
        size = len(text)
        time.sleep(1.5)


def _bank_of_quiz(root: Path) -> tuple[Path, str] | None:
    """A bank file the lesson's quiz reads and one feedback line of it to change."""
    lesson = (root / LESSON).read_text(encoding="utf-8")
    match = re.search(r"bank:\s*['\"]?([\w./-]+)", lesson)
    if not match:
        return None
    bank = root / match.group(1)
    files = sorted(bank.glob("*.yml")) if bank.is_dir() else [bank]
    for path in files:
        found = re.search(r"^\s*feedback:\s*(['\"]?)(.{12,}?)\1\s*$", path.read_text("utf-8"), re.M)
        if found:
            return path, found.group(2)
    return None


def _measure(page: Any, url: str, edit: Any, mark: str) -> float:
    page.goto(url, wait_until="load")
    started = time.perf_counter()
    edit()
    page.wait_for_function(
        "mark => document.body && document.body.innerText.includes(mark)", arg=mark, timeout=120_000
    )
    return time.perf_counter() - started


def run() -> list[tuple[str, str, str]]:
    if not Path(CHROMIUM).exists():
        return [("live preview", f"skipped: {CHROMIUM} is missing", "")]
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="edukit-live-") as tmp:
        root = Path(tmp) / "repo"
        _copy_repository(root)
        port = _free_port()
        log = Path(tmp) / "serve.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "COLUMNS": "200"}
        with log.open("w", encoding="utf-8") as out:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    EDUKIT,
                    "serve",
                    "--live",
                    "--root",
                    str(root),
                    "--port",
                    str(port),
                ],
                cwd=root,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
            )
        url = f"http://127.0.0.1:{port}/{PAGE}"
        try:
            started = time.perf_counter()
            _wait_up(url, server)
            rows.append(
                (
                    "serve --live: first build (notebooks cached or not)",
                    f"{time.perf_counter() - started:.1f} s",
                    "",
                )
            )
            _settle(log)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page()
                lesson_times = []
                for round_ in range(ROUNDS):
                    mark = f"Phrase témoin {round_} {time.time():.0f}."

                    def add_sentence(mark: str = mark) -> None:
                        with (root / LESSON).open("a", encoding="utf-8") as handle:
                            handle.write(f"\n{mark}\n")

                    lesson_times.append(_measure(page, url, add_sentence, mark))
                    _settle(log)
                rows.append(
                    (
                        "serve --live: lesson edit → page updated in Chromium (median)",
                        f"{statistics.median(lesson_times):.2f} s",
                        "≤ 2 s",
                    )
                )
                bank = _bank_of_quiz(root)
                if bank is None:
                    rows.append(("serve --live: bank edit", "no quiz bank found in l02", ""))
                else:
                    path, feedback = bank
                    bank_times = []
                    for round_ in range(ROUNDS):
                        mark = f"Retour témoin {round_} {time.time():.0f}"
                        text = path.read_text(encoding="utf-8")

                        def change(text: str = text, mark: str = mark) -> None:
                            path.write_text(
                                text.replace(feedback, f"{feedback} {mark}", 1), "utf-8"
                            )

                        page.goto(url, wait_until="load")
                        offset = len(log.read_text(encoding="utf-8", errors="replace"))
                        started = time.perf_counter()
                        change()
                        # the server says it reloads the browsers once the page is rebuilt
                        deadline = time.monotonic() + 120
                        while (
                            "Reloading browsers"
                            not in log.read_text(encoding="utf-8", errors="replace")[offset:]
                        ):
                            if time.monotonic() > deadline:
                                raise TimeoutError("the bank edit never reached the page")
                            time.sleep(0.05)
                        page.wait_for_load_state("load")
                        bank_times.append(time.perf_counter() - started)
                        _settle(log)
                    rows.append(
                        (
                            f"serve --live: bank edit ({path.name}) → page updated (median)",
                            f"{statistics.median(bank_times):.2f} s",
                            "≤ 2 s",
                        )
                    )
                browser.close()
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    return rows
