"""Load and fault tests: 30 simulated learners through a day against ``edukit classroom``
running in its own process on 127.0.0.1, then the same with a SIGKILL in the middle.

Figures are printed (p95 sync latency, proxy overhead), never asserted: ``make bench`` reports
them. What is asserted is correctness: no acknowledged record lost, every queued one arrives.
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import SECRET, make_site
from .simulation import (
    Learner,
    free_port,
    join,
    percentile,
    proxy_overhead,
    run_learner,
    server_records,
    start_server,
    stop,
)

pytestmark = [pytest.mark.classroom, pytest.mark.slow, pytest.mark.timeout(120)]

LEARNERS = 30
EVENTS = 24  # four lessons: three answers, time, completion…
THINK = 0.1  # mean seconds between two events of one learner


def _check_nothing_lost(base: str, learners: list[Learner]) -> None:
    for learner in learners:
        assert learner.queue == {}, f"{learner.pseudo}: records never acknowledged"
        held = server_records(base, learner)
        for key, record in learner.acked.items():
            assert key in held, f"{learner.pseudo}: acknowledged record {key} lost"
            if key.startswith("quiz:"):
                items = record["value"]["items"]
                assert set(items) <= set(held[key]["value"]["items"]), key
            else:
                assert (held[key]["updated"] or "") >= (record["updated"] or ""), key


def _day(base: str, learners: list[Learner], kill: Any = None) -> float:
    stop_at = time.monotonic() + 50
    threads = [
        threading.Thread(target=run_learner, args=(learner, base, EVENTS, stop_at, THINK))
        for learner in learners
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if kill is not None:
        kill()
    for thread in threads:
        thread.join(timeout=max(1.0, stop_at - time.monotonic() + 5))
    return time.monotonic() - started


def test_thirty_learners_through_a_day(tmp_path: Path, fake_backend: Any) -> None:
    site = make_site(tmp_path / "site")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(
        site, tmp_path / "donnees", port, fake_backend.url, SECRET, tmp_path / "log"
    )
    try:
        with httpx.Client(timeout=5) as client:
            learners = [join(client, base, f"Personne {n}") for n in range(LEARNERS)]
        elapsed = _day(base, learners)
        overhead = proxy_overhead(base, fake_backend.url, SECRET, learners[0].token, 30)
        _check_nothing_lost(base, learners)
        latencies = [s for learner in learners for s in learner.sync_seconds]
        print(
            f"\n{LEARNERS} learners, {len(latencies)} syncs in {elapsed:.1f} s "
            f"({len(latencies) / elapsed:.0f}/s): "
            f"p95 sync {percentile(latencies, 0.95) * 1000:.1f} ms; "
            f"p95 proxy overhead {percentile(overhead, 0.95) * 1000:.1f} ms"
        )
        assert len(overhead) == 30
        log = (tmp_path / "log").read_text(encoding="utf-8", errors="replace")
        assert SECRET not in log and all(learner.token not in log for learner in learners)
        assert "Personne 1" not in log
    finally:
        stop(process)


def test_sigkill_in_the_middle_loses_no_acknowledged_record(
    tmp_path: Path, fake_backend: Any
) -> None:
    site = make_site(tmp_path / "site")
    data = tmp_path / "donnees"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "log"
    process = start_server(site, data, port, fake_backend.url, SECRET, log)
    restarted: list[Any] = []
    try:
        with httpx.Client(timeout=5) as client:
            learners = [join(client, base, f"Personne {n}") for n in range(LEARNERS)]

        def kill() -> None:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:  # wait until the day is well under way
                if sum(len(learner.acked) for learner in learners) >= LEARNERS * 3:
                    break
                time.sleep(0.01)
            acked_before = {learner.pseudo: dict(learner.acked) for learner in learners}
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            time.sleep(0.5)  # learners keep queueing while the server is down
            restarted.append(start_server(site, data, port, fake_backend.url, SECRET, log))
            restarted.append(acked_before)

        _day(base, learners, kill)
        assert len(restarted) == 2, "the server was not restarted"
        acked_before: dict[str, dict[str, Any]] = restarted[1]
        assert sum(map(len, acked_before.values())) >= LEARNERS * 3
        assert sum(learner.failures for learner in learners) > 0  # the kill was felt
        _check_nothing_lost(base, learners)
        for learner in learners:
            held = server_records(base, learner)
            assert set(acked_before[learner.pseudo]) <= set(held)
            assert len(held) == len({r["key"] for r in learner.acked.values()})
    finally:
        stop(process)
        for item in restarted[:1]:
            stop(item)
