"""Quiz figures: loading every bank, widget payload sizes, grading and export times."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from edukit.quiz import Bank, load_bank, quiz_payload, to_gift, to_moodle_xml

ROOT = Path(__file__).resolve().parents[1]


def _best_ms(function: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _banks() -> list[Bank]:
    banks = []
    for folder in sorted((ROOT / "exercises").iterdir()):
        if folder.is_dir() and any(folder.glob("*.yml")):
            bank, _ = load_bank(folder)
            if bank is not None:
                banks.append(bank)
    return banks


def run() -> list[tuple[str, str, str]]:
    banks = _banks()
    items = [item for bank in banks for item in bank.items]
    rows = [
        (
            f"quiz: load {len(banks)} banks ({len(items)} items)",
            f"{_best_ms(_banks):.0f} ms",
            "",
        )
    ]
    if not items:
        return rows
    for mode in ("practice", "evaluation"):
        payload = quiz_payload(items, mode=mode, seed=1)  # type: ignore[arg-type]
        size = len(json.dumps(payload, ensure_ascii=False).encode()) / len(items)
        rows.append((f"quiz: {mode} payload per item", f"{size / 1024:.2f} KiB", ""))
    rows.append(
        (
            "quiz: evaluation payload build, all items",
            f"{_best_ms(lambda: quiz_payload(items, mode='evaluation', seed=1)):.1f} ms",
            "",
        )
    )
    rows.append(
        (
            "quiz: GIFT + Moodle XML export, all banks",
            f"{_best_ms(lambda: [(to_gift(b), to_moodle_xml(b)) for b in banks]):.1f} ms",
            "",
        )
    )
    return rows
