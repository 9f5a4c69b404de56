"""Simulated learners for the load and fault tests and ``benchmarks/bench_classroom.py``.

Each learner works like the browser's queue (``classroom.js``): every event is a record put in
a local queue; the queue is sent to ``/api/sync``; a record leaves the queue only once the
server acknowledged it, else it is sent again with a short backoff. The server runs in its own
process (``python -m edukit.cli classroom``) on 127.0.0.1, so that a test can SIGKILL it.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]
CODE = "K7M-Q2X"
KEY_ENV = "EDUKIT_CLASSROOM_TEST_KEY"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    site: Path, data: Path, port: int, backend_url: str, key: str, log: Path
) -> subprocess.Popen[bytes]:
    """``edukit classroom`` in a child process; returns once ``/api/salle`` answers."""
    env = {**os.environ, KEY_ENV: key, "EDUKIT_LANG": "fr"}
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "edukit.cli", "classroom",
                "--host", "127.0.0.1", "--port", str(port),
                "--site-dir", str(site), "--donnees", str(data), "--course-root", str(REPO),
                "--code", CODE, "--url-modele", backend_url, "--nom-modele", "ok",
                "--cle-env", KEY_ENV, "--requetes-par-minute", "600", "--no-live",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=data.parent,
        )  # fmt: skip
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the classroom server stopped: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/salle", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the classroom server did not answer within 40 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class Learner:
    """One simulated learner: a queue of records, the acknowledged ones, latencies."""

    pseudo: str
    token: str = ""
    queue: dict[str, dict[str, Any]] = field(default_factory=dict)
    acked: dict[str, dict[str, Any]] = field(default_factory=dict)
    sync_seconds: list[float] = field(default_factory=list)
    failures: int = 0

    def event(self, index: int, day_start: float) -> None:
        """The ``index``-th event of a training day: lesson time, quiz answers, completion."""
        lesson = f"l{index // 6 + 1:02d}-lecon"
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(day_start + index * 60))
        when = f"{stamp}.{index:03d}Z"
        kind = index % 6
        if kind < 4:
            key = f"quiz:{lesson}"
            items = dict(
                self.queue.get(key, self.acked.get(key, {"value": {}}))["value"].get("items", {})
            )
            items[f"q{kind}"] = {
                "answer": kind, "score": 1, "tries": 1, "done": True,
                "objectives": [f"{lesson}-o1"], "answered": when,
            }  # fmt: skip
            value: Any = {"version": 1, "mode": "evaluation", "items": items, "seconds": 60 * kind}
        else:
            key = f"lesson:{lesson}"
            value = {"completed": when if kind == 5 else None, "seconds": 60 * kind}
        self.queue[key] = {"key": key, "updated": when, "value": value}

    def flush(self, client: httpx.Client, base: str, page: str) -> bool:
        """Send the queue once; True when it is empty afterwards."""
        if not self.queue:
            return True
        sent = {key: dict(record) for key, record in self.queue.items()}
        started = time.perf_counter()
        try:
            response = client.post(
                f"{base}/api/sync",
                json={"records": list(sent.values()), "page": page},
                headers={"Authorization": f"Bearer {self.token}"},
            )
        except httpx.HTTPError:
            self.failures += 1
            return False
        if response.status_code != 200:
            self.failures += 1
            return False
        self.sync_seconds.append(time.perf_counter() - started)
        for key in response.json()["ack"]:
            record = sent[key]
            self.acked[key] = record
            if self.queue.get(key) == record:  # unchanged since sent: it may leave the queue
                del self.queue[key]
        return not self.queue


def join(client: httpx.Client, base: str, pseudo: str) -> Learner:
    response = client.post(f"{base}/api/rejoindre", json={"code": CODE, "pseudo": pseudo})
    response.raise_for_status()
    return Learner(pseudo, token=response.json()["jeton"])


def run_learner(
    learner: Learner,
    base: str,
    events: int,
    stop_at: float,
    think: float = 0.0,
) -> None:
    """Work through ``events`` events, syncing after each, then until the queue is empty.

    ``think`` is the mean pause between two events (a day compressed into seconds: the
    learners do not all click at the same instant).
    """
    day = time.time() - 86_400
    pace = random.Random(learner.pseudo)
    with httpx.Client(timeout=5) as client:
        for index in range(events):
            learner.event(index, day)
            learner.flush(client, base, f"/lecons/{index // 6}/")
            if think:
                time.sleep(pace.uniform(0, 2 * think))
        delay = 0.05
        while time.monotonic() < stop_at and not learner.flush(client, base, "/fin/"):
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def server_records(base: str, learner: Learner) -> dict[str, dict[str, Any]]:
    response = httpx.get(
        f"{base}/api/mes-donnees", headers={"Authorization": f"Bearer {learner.token}"}, timeout=5
    )
    response.raise_for_status()
    return {record["key"]: record for record in response.json()["records"]}


def proxy_overhead(base: str, backend_url: str, key: str, token: str, calls: int) -> list[float]:
    """Paired timings of one whole chat call through the room and straight to the backend."""
    body = {"messages": [{"role": "user", "content": "Donne un exemple de consigne claire."}]}
    overhead = []
    with httpx.Client(timeout=10) as client:
        for _ in range(calls):
            started = time.perf_counter()
            direct = client.post(
                f"{backend_url}/chat/completions",
                json={**body, "model": "ok"},
                headers={"Authorization": f"Bearer {key}"},
            )
            middle = time.perf_counter()
            proxied = client.post(
                f"{base}/v1/chat/completions",
                json=body,
                headers={"Authorization": f"Bearer {token}"},
            )
            ended = time.perf_counter()
            if direct.status_code == 200 and proxied.status_code == 200:
                overhead.append((ended - middle) - (middle - started))
    return overhead
