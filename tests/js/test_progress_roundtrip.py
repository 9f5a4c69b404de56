"""The progress file across languages: what the browser's store.js writes, edukit.progress reads
with a verified seal, and what Python writes, the browser imports.

store.js runs in node (the same module the site ships); values cross as JSON text on stdin.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from edukit.progress import (
    CURRENT_VERSION,
    LessonEntry,
    ProgressError,
    QuizEntry,
    Refusal,
    canonical_json,
    digest,
    merge,
    parse_progress,
    read_progress,
    seal,
)

ROOT = Path(__file__).resolve().parents[2]
STORE = (ROOT / "src" / "edukit" / "widgets" / "static" / "store.js").as_uri()
COURSE = "ia-ethique-responsable"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is needed for the JS side")


def _node(script: str, payload: Any = None) -> Any:
    """Run an ES module body with ``store`` (store.js) and ``input`` (the payload) in scope."""
    assert NODE is not None
    program = (
        f"import * as store from {json.dumps(STORE)};\n"
        "const chunks = [];\n"
        "for await (const chunk of process.stdin) chunks.push(chunk);\n"
        "const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));\n"
        f"const output = await (async () => {{\n{script}\n}})();\n"
        "process.stdout.write(JSON.stringify(output));\n"
    )
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", program],
        input=json.dumps(payload).encode(),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


TRICKY: list[Any] = [
    {"b": 1, "a": 2, "A": 3, "é": 4, "😀": 5, "\uff01": 6, "": 7, "aa": 8, "a b": 9},
    [0.1, 0.2 + 0.1, 1e21, 1e-7, 1.5e21, 5e-324, 1.7976931348623157e308, -0.0, 2**60, 2**53 + 1],
    [1.0, -1.25e-10, 123456789012345680000, 1e20, 0.000001, 100, 3.14159, -7],
    'é\n\t"\\\u0001\u001f\u007f\u2028\u2029</script>😀 \u00a0',
    "lone \ud800 and \udfff surrogates",
    {"nested": {"z": [{"y": None, "x": True}, [], {}], "a": [False, "", [[[]]]]}},
    {"learner": "Zoé Martin-Dupont", "seconds": 0, "completed": None},
    [],
    {},
    None,
    "",
    True,
]


def test_canonical_json_and_digest_are_the_same_in_node_and_python() -> None:
    # ensure_ascii keeps the lone surrogates in the JSON text (as \ud800), as a browser would.
    text = json.dumps(TRICKY, ensure_ascii=True)
    results = _node(
        "return input.map((value) => [store.canonicalJson(value), store.progressDigest(value)]);",
        json.loads(text),
    )
    assert len(results) == len(TRICKY)
    for value, (js_text, js_digest) in zip(TRICKY, results, strict=True):
        assert js_text == canonical_json(value), value
        assert js_digest == digest(value), value


def _js_export() -> dict[str, Any]:
    return _node(  # type: ignore[no-any-return]
        """
        let tick = 0;
        const now = () => new Date(Date.UTC(2026, 5, 2, 9, 0, tick++)).toISOString();
        const s = store.openStore({ course: input.course, storage: store.memoryStorage(), now });
        s.setLearner("  Zoé   Martin-Dupont 😀 ");
        store.addLessonSeconds(s, "l01-accueil-positionnement", 1234);
        store.setLessonCompleted(s, "l01-accueil-positionnement", true, now);
        store.addLessonSeconds(s, "l02-ia-definitions", 61);
        s.set("quiz:positionnement:j1", {
          version: 1, mode: "evaluation", score: 1.5, total: 2, completed: true,
          items: {
            "licence-cc-by": { answer: ["a"], score: 1, tries: 1, done: true, objectives: ["l09-o1"] },
            "partiel": { answer: ["a", "c"], score: 0.5, tries: 2, done: true, objectives: ["l09-o1"] },
          },
        });
        s.set("probe:demo", { text: "é « guillemets » \\u2028", n: [1.5e21, 0.1, 1e-7] });
        return s.exportProgress();
        """,
        {"course": COURSE},
    )


def test_a_file_exported_by_the_browser_loads_in_python_with_a_verified_seal(
    tmp_path: Path,
) -> None:
    exported = _js_export()
    assert exported["version"] == CURRENT_VERSION == 2
    path = tmp_path / "progression.json"
    path.write_text(json.dumps(exported, ensure_ascii=False, indent=2), encoding="utf-8")
    loaded = read_progress(path, course=COURSE)
    assert loaded.verified
    progress = loaded.progress
    assert progress.learner == "Zoé Martin-Dupont 😀"
    lessons = {entry.key: entry.value for entry in progress.lessons()}
    assert lessons["lesson:l01-accueil-positionnement"].seconds == 1234
    assert lessons["lesson:l01-accueil-positionnement"].completed is not None
    assert lessons["lesson:l02-ia-definitions"].completed is None
    assert lessons["lesson:l02-ia-definitions"].seconds == 61
    (quiz,) = progress.quizzes()
    assert isinstance(quiz, QuizEntry)
    assert sorted(result.id for result in quiz.results()) == ["licence-cc-by", "partiel"]
    # Python's seal of the same content is the browser's.
    assert seal(exported)["integrity"] == exported["integrity"]


def test_python_sees_a_browser_file_edited_after_export(tmp_path: Path) -> None:
    exported = _js_export()
    exported["entries"][0]["value"]["seconds"] += 1
    with pytest.raises(ProgressError) as caught:
        parse_progress(json.dumps(exported).encode(), tmp_path / "p.json", course=COURSE)
    assert caught.value.refusal is Refusal.TAMPERED


def _python_file() -> dict[str, Any]:
    data = {
        "schema": "edukit-progress",
        "version": 2,
        "course": COURSE,
        "learner": "Monique",
        "exported": "2026-06-04T16:40:00+02:00",
        "entries": [
            {
                "key": "lesson:l01-accueil-positionnement",
                "updated": "2026-06-02T10:00:00+02:00",
                "value": {"completed": "2026-06-02T10:00:00+02:00", "seconds": 3600},
            },
            {
                "key": "quiz:l01-positionnement",
                "updated": "2026-06-02T09:30:00Z",
                "value": {
                    "bank": "provenance",
                    "purpose": "positionnement",
                    "items": [
                        {
                            "id": "licence-cc-by",
                            "objectives": ["l09-o1"],
                            "score": 1.0,
                            "answered": "2026-06-02T09:30:00Z",
                        }
                    ],
                },
            },
            {"key": "probe:demo", "updated": None, "value": {"é": [1.0, 2.5e-8, "😀"]}},
        ],
    }
    return seal(data)


def test_a_file_written_by_python_imports_in_the_browser() -> None:
    # Python's formatting (ASCII escapes, 1.0 for 1, an offset instead of Z) must not matter.
    text = json.dumps(_python_file(), ensure_ascii=True, indent=4)
    result = _node(
        """
        const s = store.openStore({ course: input.course, storage: store.memoryStorage() });
        const checked = store.validateProgress(input.text, input.course);
        const imported = s.importProgress(input.text);
        return { verified: checked.verified, imported, entries: s.entries(), learner: s.learner() };
        """,
        {"course": COURSE, "text": text},
    )
    assert result["verified"] is True
    assert result["imported"] == {
        "ok": True,
        "imported": 3,
        "kept": 0,
        "learner": "Monique",
        "version": 2,
    }
    assert result["learner"] == "Monique"
    by_key = {entry["key"]: entry for entry in result["entries"]}
    assert by_key["lesson:l01-accueil-positionnement"]["value"] == {
        "completed": "2026-06-02T10:00:00+02:00",
        "seconds": 3600,
    }
    assert by_key["probe:demo"]["value"] == {"é": [1, 2.5e-8, "😀"]}


def test_a_python_file_changed_by_hand_is_refused_by_the_browser_in_french() -> None:
    data = _python_file()
    data["entries"][0]["value"]["seconds"] = 36000
    result = _node(
        """
        const s = store.openStore({ course: input.course, storage: store.memoryStorage() });
        s.set("quiz:garde", 1);
        return { result: s.importProgress(input.text), keys: s.entries().map((e) => e.key) };
        """,
        {"course": COURSE, "text": json.dumps(data)},
    )
    assert result["result"]["ok"] is False
    assert "empreinte SHA-256 différente" in result["result"]["reason"]
    assert result["keys"] == ["quiz:garde"]


def test_python_merge_output_imports_in_the_browser_and_back(tmp_path: Path) -> None:
    """A trainer's merged file (re-sealed by Python) goes back to the browser, then to Python."""
    browser = parse_progress(json.dumps(_js_export()).encode(), "a.json", course=COURSE)
    other = parse_progress(json.dumps(_python_file()).encode(), "b.json", course=COURSE)
    renamed = other.progress.model_copy(update={"learner": browser.progress.learner})
    merged = merge(browser.progress, renamed).to_json_data()
    result = _node(
        """
        const s = store.openStore({ course: input.course, storage: store.memoryStorage(),
          now: () => "2026-06-05T08:00:00.000Z" });
        const imported = s.importProgress(input.text);
        return { imported, file: imported.ok ? s.exportProgress() : null };
        """,
        {"course": COURSE, "text": json.dumps(merged)},
    )
    assert result["imported"]["ok"] is True, result
    again = parse_progress(json.dumps(result["file"]).encode(), "c.json", course=COURSE)
    assert again.verified
    lesson = {entry.key: entry for entry in again.progress.lessons()}
    first = lesson["lesson:l01-accueil-positionnement"]
    assert isinstance(first, LessonEntry)
    # The larger time of the two sources, and the completion, survive the whole trip.
    assert first.value.seconds == 3600
    assert first.value.completed is not None
