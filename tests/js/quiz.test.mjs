// The quiz's grading in JS equals edukit.quiz.check_answer: every case of the fixture that
// tests/widgets/test_quiz_widget.py generates from Python (and keeps current), graded with
// Web Crypto and with the plain-JS SHA-256 fallback.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { messages } from "../../src/edukit/widgets/static/i18n.js";
import { answerFits, checkAnswer, normalizeAnswer, parseNumber, quizMessages } from "../../src/edukit/widgets/static/quiz.js";
import { sha256Bytes, sha256Fallback, sha256Hex, webCrypto } from "../../src/edukit/widgets/static/sha256.js";

const fixture = JSON.parse(readFileSync(new URL("./quiz-grading.fixture.json", import.meta.url), "utf8"));
const nodeSha = (text) => createHash("sha256").update(text, "utf8").digest("hex");

test("the fixture covers every question type in both modes", () => {
  for (const mode of ["practice", "evaluation"]) {
    const types = new Set(fixture.cases.filter((c) => c.mode === mode).map((c) => fixture[mode].items[c.item].type));
    assert.deepEqual([...types].sort(), ["matching", "multiple", "numeric", "ordering", "short", "single", "true_false"]);
  }
  assert.ok(fixture.cases.length > 300);
});

for (const [label, digest] of [
  ["Web Crypto", (text) => sha256Hex(text)],
  ["the plain-JS fallback", async (text) => sha256Fallback(text)],
]) {
  test(`grading equals check_answer for every case (${label})`, async () => {
    const mismatches = [];
    for (const { mode, item, answer, score } of fixture.cases) {
      const payloadItem = fixture[mode].items[item];
      const got = await checkAnswer(payloadItem, answer, digest);
      if (got !== score) mismatches.push({ mode, id: payloadItem.id, answer, expected: score, got });
    }
    assert.deepEqual(mismatches, []);
  });
}

test("normalizeAnswer equals normalize_answer", () => {
  for (const [text, expected] of fixture.normalize) assert.equal(normalizeAnswer(text), expected, text);
});

test("parseNumber equals parse_number (French commas, units, Unicode digits)", () => {
  for (const [text, unit, expected] of fixture.parse) assert.equal(parseNumber(text, unit), expected, `${text} / ${unit}`);
  assert.equal(parseNumber("21,5 heures", "heures"), 21.5);
  assert.equal(parseNumber("1\u202f234,5"), 1234.5);
});

test("the SHA-256 fallback equals node:crypto", async () => {
  const texts = ["", "abc", "a".repeat(55), "a".repeat(56), "a".repeat(64), "sel:été 😀", "x".repeat(1000)];
  for (let index = 0; index < 40; index += 1) texts.push(randomBytes(index * 7).toString("base64"));
  for (const text of texts) {
    assert.equal(sha256Fallback(text), nodeSha(text));
    assert.equal(await sha256Hex(text, null), nodeSha(text), "no Web Crypto: fallback");
    assert.equal(await sha256Hex(text), nodeSha(text), "Web Crypto");
  }
  const bytes = randomBytes(300);
  assert.equal(sha256Bytes(new Uint8Array(bytes)), createHash("sha256").update(bytes).digest("hex"));
});

test("a Web Crypto that refuses, or none at all, falls back to plain JS", async () => {
  const refusing = { digest: async () => Promise.reject(new Error("not allowed")) };
  assert.equal(await sha256Hex("abc", refusing), nodeSha("abc"));
  assert.equal(webCrypto({}), null);
  assert.equal(webCrypto({ crypto: {} }), null);
  assert.ok(webCrypto(globalThis));
});

test("evaluation grading never needs the readable key", async () => {
  const item = fixture.evaluation.items.find((entry) => entry.type === "single");
  assert.equal(item.practice, null);
  const scores = await Promise.all(item.options.map((option) => checkAnswer(item, option.id)));
  assert.deepEqual(scores.filter((score) => score === 1).length, 1);
});

test("stored answers are checked against the current items", () => {
  const items = Object.fromEntries(fixture.practice.items.map((item) => [item.type, item]));
  assert.ok(answerFits(items.single, items.single.options[0].id));
  assert.ok(!answerFits(items.single, "zz"));
  assert.ok(answerFits(items.true_false, false));
  assert.ok(!answerFits(items.true_false, "false"));
  assert.ok(!answerFits(items.multiple, []));
  assert.ok(answerFits(items.ordering, items.ordering.options.map((o) => o.id)));
  assert.ok(!answerFits(items.ordering, items.ordering.options.slice(1).map((o) => o.id)));
  const full = Object.fromEntries(items.matching.lefts.map((left) => [left.id, items.matching.rights[0].id]));
  assert.ok(answerFits(items.matching, full));
  assert.ok(!answerFits(items.matching, { [items.matching.lefts[0].id]: items.matching.rights[0].id }));
});

test("every quiz string exists in French and English and does not shadow the shared ones", () => {
  assert.deepEqual(Object.keys(quizMessages.fr).sort(), Object.keys(quizMessages.en).sort());
  for (const key of Object.keys(quizMessages.fr)) {
    assert.ok(key.startsWith("quiz."), key);
    assert.ok(!Object.hasOwn(messages.fr, key), key);
  }
});
