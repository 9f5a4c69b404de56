"""Figures of ``edukit classroom``: p95 sync latency and p95 proxy overhead, 30 learners.

The server runs in its own process on 127.0.0.1 (as in a room), with the project's fake
OpenAI-compatible backend (``tests/fake_openai.py``) and the simulated learners of the load
test (``tests/classroom/simulation.py``): each works through a compressed day of 24 events,
syncing after each with a browser-like queue. The proxy overhead is the paired difference
between one whole chat call through the room and the same call straight to the backend.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
LEARNERS = 30
EVENTS = 24
THINK = 0.25
CALLS = 60


def _load(name: str, path: Path) -> ModuleType:
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _site(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(
        '<!doctype html><html lang="fr"><head><title>x</title></head><body></body></html>',
        encoding="utf-8",
    )
    return folder


def run() -> Iterator[tuple[str, str, str]]:
    fakes = _load("edukit_tests_fake_openai", ROOT / "tests" / "fake_openai.py")
    sim = _load("edukit_classroom_simulation", ROOT / "tests" / "classroom" / "simulation.py")
    with fakes.serve() as state, tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        port = sim.free_port()
        base = f"http://127.0.0.1:{port}"
        process = sim.start_server(
            _site(work / "site"), work / "donnees", port, state.url, fakes.SECRET, work / "log"
        )
        try:
            import httpx

            with httpx.Client(timeout=5) as client:
                learners = [sim.join(client, base, f"Personne {n}") for n in range(LEARNERS)]
            stop_at = time.monotonic() + 60
            threads = [
                threading.Thread(target=sim.run_learner, args=(lr, base, EVENTS, stop_at, THINK))
                for lr in learners
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            overhead = sim.proxy_overhead(base, state.url, fakes.SECRET, learners[0].token, CALLS)
        finally:
            sim.stop(process)
    latencies = [s for learner in learners for s in learner.sync_seconds]
    load = os.getloadavg()[0]
    yield (
        f"classroom: p95 sync latency, {LEARNERS} learners "
        f"({len(latencies)} syncs, {len(latencies) / elapsed:.0f}/s, load avg {load:.1f})",
        f"{sim.percentile(latencies, 0.95) * 1000:.1f} ms",
        "≤ 50 ms",
    )
    yield (
        "classroom: median sync latency (same run)",
        f"{sim.percentile(latencies, 0.5) * 1000:.1f} ms",
        "",
    )
    yield (
        f"classroom: p95 proxy overhead ({len(overhead)} paired chat calls)",
        f"{sim.percentile(overhead, 0.95) * 1000:.1f} ms",
        "≤ 5 ms",
    )
    yield (
        "classroom: median proxy overhead (same calls)",
        f"{sim.percentile(overhead, 0.5) * 1000:.1f} ms",
        "",
    )
