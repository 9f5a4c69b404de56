"""Figures of the prompt playground's logic: mini model speed and size, PII guard latency."""

from __future__ import annotations

import gzip
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from edukit.llm import NGramModel, find_personal_data

ROOT = Path(__file__).parents[1]
SAMPLER = ROOT / "src" / "edukit" / "widgets" / "static" / "minimodel.js"
PII_SET = ROOT / "tests" / "fixtures" / "llm" / "pii_fr.jsonl"

NODE_BENCH = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const mm = await import(pathToFileURL(process.argv[2]).href);
const model = mm.loadModel(readFileSync(process.argv[3], "utf8"));
const n = Number(process.argv[4]);
mm.generate(model, "Le modèle", 200, { seed: 1 });
const start = performance.now();
const words = mm.generate(model, "Le modèle", n, { seed: 1 });
process.stdout.write(String(words.length / ((performance.now() - start) / 1000)));
"""


def _pii_scores(rows: list[tuple[str, str, str]]) -> None:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for line in PII_SET.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        expected = {(s["type"], s["start"], s["end"]) for s in item["spans"]}
        found = {(s.type, s.start, s.end) for s in find_personal_data(item["text"])}
        for kind, *_ in found & expected:
            tp[kind] += 1
        for kind, *_ in found - expected:
            fp[kind] += 1
        for kind, *_ in expected - found:
            fn[kind] += 1
    for kind in sorted(set(tp) | set(fp) | set(fn)):
        precision = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 0.0
        recall = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 0.0
        rows.append(
            (
                f"PII {kind} precision / recall",
                f"{precision:.2f} / {recall:.2f} (n={tp[kind] + fn[kind]})",
                "recall ≥ 0.95",
            )
        )


def run() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    start = time.perf_counter()
    model = NGramModel.from_course(ROOT / "courses")
    rows.append(
        (
            "mini model training (course corpus)",
            f"{time.perf_counter() - start:.2f} s, {len(model.training_tokens)} tokens",
            "",
        )
    )

    n = 5000
    start = time.perf_counter()
    model.generate("Le modèle", n, seed=1)
    rows.append(
        (
            "mini model sampling, Python",
            f"{n / (time.perf_counter() - start):,.0f} words/s",
            "≥ 1000 words/s",
        )
    )

    pruned = model.pruned()
    raw = pruned.to_json().encode()
    rows.append(("mini model export, raw", f"{len(raw) / 1024:.0f} KB", ""))
    rows.append(("mini model export, gzip", f"{len(gzip.compress(raw)) / 1024:.0f} KB", "≤ 300 KB"))

    if shutil.which("node"):
        with tempfile.TemporaryDirectory() as folder:
            model_file = Path(folder) / "model.json"
            model_file.write_bytes(raw)
            script = Path(folder) / "bench.mjs"
            script.write_text(NODE_BENCH, encoding="utf-8")
            out = subprocess.run(
                ["node", str(script), str(SAMPLER), str(model_file), str(n)],
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
            ).stdout
        rows.append(
            ("mini model sampling, JS (node)", f"{float(out):,.0f} words/s", "≥ 1000 words/s")
        )

    texts = [json.loads(line)["text"] for line in PII_SET.read_text(encoding="utf-8").splitlines()]
    prompt = " ".join(texts[:10]) * 3  # one long prompt among the short ones
    timings = []
    for text in [*texts, prompt] * 20:
        t0 = time.perf_counter()
        find_personal_data(text)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    rows.append(
        ("PII guard latency per prompt, median", f"{statistics.median(timings):.3f} ms", "< 5 ms")
    )
    rows.append(("PII guard latency per prompt, p95", f"{p95:.3f} ms", "< 5 ms"))
    t0 = time.perf_counter()
    find_personal_data(prompt)
    rows.append(
        (
            f"PII guard, one {len(prompt)}-character prompt",
            f"{(time.perf_counter() - t0) * 1000:.2f} ms",
            "",
        )
    )
    _pii_scores(rows)
    return rows


if __name__ == "__main__":
    for name, value, goal in run():
        print(f"{name:45} {value:32} {goal}")
