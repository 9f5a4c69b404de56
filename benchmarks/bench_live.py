"""Live preview figures: save → page updated in Chromium on a warm ``edukit serve --live``.

A copy of the repository is served by ``edukit serve --live`` (a subprocess, on 127.0.0.1);
Chromium shows a lesson page, then a sentence is added to the lesson (or a question's feedback
is changed in the bank its quiz reads) and the clock runs until the page Chromium shows — after
MkDocs's live reload — holds the new sentence (for the bank, until the server has rebuilt the
page and told the browser to reload: the edited question may not be among those drawn). Each
edit is measured three times; the median is shown. Between edits the server is left to finish
its background refresh (notebooks and mini model): the preview's ``status.json`` — what the
page's « à jour » note reads — says ``ready``; that time is shown too."""

from __future__ import annotations

import json
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
STATUS = "assets/edukit-live/status.json"
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


def _status(base: str) -> str:
    """The live preview's state, as the page's note reads it (``running``, ``ready``…)."""
    try:
        with urllib.request.urlopen(base + STATUS, timeout=2) as response:
            return str(json.loads(response.read()).get("state", ""))
    except (OSError, ValueError):
        return ""


def _settle(base: str, seconds: float = 300) -> float:
    """Wait until the server and its background refresh are done (« Aperçu à jour » twice in a
    row, a second apart); return the seconds waited."""
    started = time.monotonic()
    ready = 0
    while time.monotonic() < started + seconds:
        ready = ready + 1 if _status(base) == "ready" else 0
        if ready >= 2:
            return time.monotonic() - started
        time.sleep(1)
    raise TimeoutError(f"the live preview was still updating after {seconds:.0f} s")


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


def _lesson_edits(page: Any, root: Path, base: str) -> list[tuple[str, str, str]]:
    """A sentence added to the lesson, until Chromium shows it; then the background refresh
    (the notebooks that read the lessons, the mini model) until the note says « à jour »."""
    seconds: list[float] = []
    background: list[float] = []
    for round_ in range(ROUNDS):
        mark = f"Phrase témoin {round_} {time.time():.0f}."

        def add_sentence(mark: str = mark) -> None:
            with (root / LESSON).open("a", encoding="utf-8") as handle:
                handle.write(f"\n{mark}\n")

        seconds.append(_measure(page, base + PAGE, add_sentence, mark))
        background.append(seconds[-1] + _settle(base))
    return [
        (
            "serve --live: lesson edit → page updated in Chromium (median)",
            f"{statistics.median(seconds):.2f} s",
            "≤ 2 s",
        ),
        (
            "serve --live: lesson edit → notebooks and mini model refreshed (median)",
            f"{statistics.median(background):.1f} s",
            "",
        ),
    ]


def _bank_edits(page: Any, root: Path, base: str, log: Path) -> list[tuple[str, str, str]]:
    """A feedback changed in the bank the lesson's quiz reads, until the server has rebuilt the
    page and Chromium has loaded it again (the edited question may not be among those drawn)."""
    bank = _bank_of_quiz(root)
    if bank is None:
        return [("serve --live: bank edit", "no quiz bank found in l02", "")]
    path, feedback = bank
    seconds: list[float] = []
    for round_ in range(ROUNDS):
        mark = f"Retour témoin {round_} {time.time():.0f}"
        text = path.read_text(encoding="utf-8")
        page.goto(base + PAGE, wait_until="load")
        offset = len(log.read_text(encoding="utf-8", errors="replace"))
        started = time.perf_counter()
        path.write_text(text.replace(feedback, f"{feedback} {mark}", 1), "utf-8")
        deadline = time.monotonic() + 120
        while (
            "Reloading browsers" not in log.read_text(encoding="utf-8", errors="replace")[offset:]
        ):
            if time.monotonic() > deadline:
                raise TimeoutError("the bank edit never reached the page")
            time.sleep(0.05)
        page.wait_for_load_state("load")
        seconds.append(time.perf_counter() - started)
        _settle(base)
    return [
        (
            f"serve --live: bank edit ({path.name}) → page updated (median)",
            f"{statistics.median(seconds):.2f} s",
            "≤ 2 s",
        )
    ]


def _start(root: Path, log: Path, port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "COLUMNS": "200"}
    command = [sys.executable, "-c", EDUKIT, "serve", "--live", "--root", str(root)]
    with log.open("w", encoding="utf-8") as out:
        return subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )


def run() -> list[tuple[str, str, str]]:
    if not Path(CHROMIUM).exists():
        return [("live preview", f"skipped: {CHROMIUM} is missing", "")]
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="edukit-live-") as tmp:
        root = Path(tmp) / "repo"
        _copy_repository(root)
        log = Path(tmp) / "serve.log"
        port = _free_port()
        base = f"http://127.0.0.1:{port}/"
        started = time.perf_counter()
        server = _start(root, log, port)
        try:
            _wait_up(base + PAGE, server)
            first = time.perf_counter() - started
            rows.append(("serve --live: first build (notebooks executed)", f"{first:.1f} s", ""))
            _settle(base)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page()
                rows += _lesson_edits(page, root, base)
                rows += _bank_edits(page, root, base, log)
                browser.close()
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    return rows
