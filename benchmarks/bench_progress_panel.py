"""The learner side of progress: what the « Ma progression » panel adds to every page, and how
long the browser's store takes to seal and check a full course's progress file (node)."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

from edukit.site._assets import host_assets

ROOT = Path(__file__).resolve().parents[1]
STORE = (ROOT / "src" / "edukit" / "widgets" / "static" / "store.js").as_uri()

# 20 lessons read and closed, 25 quizzes of 10 answered questions: a learner after 3 days.
TIMING = """
import * as m from %s;
const s = m.openStore({ course: "ia-ethique-responsable", storage: m.memoryStorage() });
s.setLearner("Zoé Martin");
for (let i = 1; i <= 20; i += 1) {
  const id = `l${String(i).padStart(2, "0")}-lecon`;
  m.addLessonSeconds(s, id, 3000);
  m.setLessonCompleted(s, id, true);
}
for (let q = 0; q < 25; q += 1) {
  const items = {};
  for (let i = 0; i < 10; i += 1) {
    items[`item-${i}`] = { answer: ["a"], score: 1, tries: 1, done: true, objectives: ["l01-o1"] };
  }
  s.set(`quiz:q${q}`, { version: 1, mode: "practice", items, score: 10, total: 10, completed: true });
}
const runs = 30;
let file;
let start = performance.now();
for (let i = 0; i < runs; i += 1) file = s.exportProgress();
const exportMs = (performance.now() - start) / runs;
const text = JSON.stringify(file, null, 2);
start = performance.now();
for (let i = 0; i < runs; i += 1) m.validateProgress(text, "ia-ethique-responsable");
const checkMs = (performance.now() - start) / runs;
process.stdout.write(JSON.stringify({ bytes: text.length, exportMs, checkMs }));
"""


def run() -> list[tuple[str, str, str]]:
    assets = host_assets()
    host = assets["host.js"].encode()
    rows = [
        (
            "static host on every page, progress panel, store and its parts, sha256, a11y and "
            "i18n linked in (host.js, one request), gzip",
            f"{len(gzip.compress(host, 9)) / 1024:.1f} KB",
            "",
        ),
        (
            "shared stylesheet with the panel's rules (edukit.css), gzip",
            f"{len(gzip.compress(assets['edukit.css'].encode(), 9)) / 1024:.1f} KB",
            "",
        ),
    ]
    node = shutil.which("node")
    if node is None:
        return [*rows, ("progress file seal (node)", "node missing", "")]
    result = subprocess.run(
        [node, "--input-type=module", "-e", TIMING % json.dumps(STORE)],
        capture_output=True,
        check=True,
        text=True,
        timeout=120,
    )
    figures = json.loads(result.stdout)
    return [
        *rows,
        ("progress file of 20 lessons + 25 quizzes", f"{figures['bytes'] / 1024:.1f} KB", ""),
        (
            "export + SHA-256 seal, plain-JS hash (node)",
            f"{figures['exportMs']:.1f} ms",
            "< 100 ms",
        ),
        ("import check with seal (node)", f"{figures['checkMs']:.1f} ms", "< 100 ms"),
    ]
