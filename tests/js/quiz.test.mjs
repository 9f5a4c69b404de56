// The quiz's grading in JS equals edukit.quiz.check_answer: every case of the fixture that
// tests/widgets/test_quiz_widget.py generates from Python (and keeps current), graded with
// Web Crypto and with the plain-JS SHA-256 fallback.
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fakeRoot, pressed } from "./keys.mjs";

import { keepKeys } from "../../src/edukit/widgets/static/a11y.js";

import { messages } from "../../src/edukit/widgets/static/i18n.js";
import { answerFits, checkAnswer, normalizeAnswer, parseNumber } from "../../src/edukit/widgets/static/quiz-grading.js";
import { quizMessages } from "../../src/edukit/widgets/static/quiz-messages.js";
import { firstOpenQuestion, isPaged, PAGED_FROM } from "../../src/edukit/widgets/static/quiz-paging.js";
import {
  answeredState,
  blankState,
  dontKnowState,
  gradeAnswer,
  PURPOSES,
  QUIZ_KEYS,
  quizRecord,
  RECORD_VERSION,
  restoredState,
} from "../../src/edukit/widgets/static/quiz.js";
import { sha256Bytes, sha256Fallback, sha256Hex, webCrypto } from "../../src/edukit/widgets/static/sha256.js";
import { memoryStorage, openStore } from "../../src/edukit/widgets/static/store.js";

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

// -- « Je ne sais pas » and the saved record ------------------------------------------------

const evaluationItems = fixture.evaluation.items;
const WHEN = "2025-06-02T09:30:00.000Z";

test("« Je ne sais pas » is an attempt worth 0 that locks once the attempts are used", () => {
  const first = dontKnowState(blankState(), 1, WHEN); // evaluation: one attempt
  assert.deepEqual(first, { answer: undefined, score: 0, tries: 1, done: true, open: false, dontKnow: true, answered: WHEN });
  const practice = dontKnowState(blankState(), 0, WHEN); // practice: unlimited, the learner may retry
  assert.equal(practice.done, false);
  assert.equal(practice.tries, 1);
  const twoTries = dontKnowState(dontKnowState(blankState(), 2, WHEN), 2, WHEN);
  assert.equal(twoTries.tries, 2);
  assert.equal(twoTries.done, true);
  // After a scored try, « Je ne sais pas » replaces the score, it does not add to it.
  assert.equal(dontKnowState({ ...blankState(), answer: "x", score: 0.5, tries: 1 }, 0, WHEN).score, 0);
});

test("the record keeps purpose, lesson, tags, objectives, time and the « Je ne sais pas » mark", async () => {
  const items = evaluationItems.slice(0, 3).map((item, index) => ({ ...item, tags: index ? ["evaluation-finale"] : ["positionnement", "x"] }));
  const single = items.findIndex((item) => item.type === "single");
  assert.ok(single >= 0);
  const right = [];
  for (const option of items[single].options) if ((await checkAnswer(items[single], option.id)) === 1) right.push(option.id);
  const states = items.map(() => blankState());
  states[single] = { ...blankState(), answer: right[0], score: 1, tries: 1, done: true, open: false, answered: WHEN };
  const other = single === 0 ? 1 : 0;
  states[other] = dontKnowState(blankState(), 1, WHEN);
  const record = quizRecord({ items, states, mode: "evaluation", purpose: "positionnement", lesson: "l01-accueil-positionnement" });
  assert.deepEqual(Object.keys(record), ["version", "mode", "purpose", "lesson", "items", "score", "total", "completed"]);
  assert.equal(record.version, RECORD_VERSION);
  assert.equal(record.purpose, "positionnement");
  assert.equal(record.lesson, "l01-accueil-positionnement");
  assert.deepEqual(record.items[items[other].id], {
    answer: null,
    score: 0,
    tries: 1,
    done: true,
    objectives: items[other].objectives,
    tags: items[other].tags,
    answered: WHEN,
    dont_know: true,
  });
  const answered = record.items[items[single].id];
  assert.equal(answered.answer, right[0]);
  assert.equal(answered.score, 1);
  assert.ok(!("dont_know" in answered));
  assert.deepEqual(answered.tags, items[single].tags);
  assert.equal(Object.keys(record.items).length, 2, "unanswered questions are not recorded");
  assert.equal(record.score, 1);
  assert.equal(record.total, 3);
  assert.equal(record.completed, false);
});

test("a purpose outside the three is never written, and an empty lesson is left out", () => {
  const items = evaluationItems.slice(0, 1);
  const states = [dontKnowState(blankState(), 1, WHEN)];
  assert.deepEqual(PURPOSES, ["positionnement", "evaluation-finale", "entrainement"]);
  for (const purpose of PURPOSES) assert.equal(quizRecord({ items, states, mode: "evaluation", purpose }).purpose, purpose);
  const unset = quizRecord({ items, states, mode: "evaluation", purpose: "" });
  assert.ok(!("purpose" in unset) && !("lesson" in unset));
  assert.ok(!("purpose" in quizRecord({ items, states, mode: "evaluation", purpose: "examen" })));
  assert.equal(unset.completed, true);
});

test("a saved « Je ne sais pas » comes back marked and locked; stale answers do not", () => {
  const item = evaluationItems.find((entry) => entry.type === "single");
  const saved = { answer: null, score: 0, tries: 1, done: true, objectives: item.objectives, dont_know: true, answered: WHEN };
  const back = restoredState(item, saved, 1);
  assert.equal(back.dontKnow, true);
  assert.equal(back.done, true);
  assert.equal(back.open, false);
  assert.equal(back.answer, undefined);
  assert.equal(back.answered, WHEN);
  // Without the mark, a null answer does not fit a single-choice item: the question is blank.
  assert.deepEqual(restoredState(item, { ...saved, dont_know: undefined }, 1), blankState());
  assert.deepEqual(restoredState(item, { answer: "zz", score: 1, tries: 1 }, 1), blankState());
  assert.deepEqual(restoredState(item, undefined, 1), blankState());
  const kept = restoredState(item, { answer: item.options[0].id, score: 7, tries: 1, done: false }, 1);
  assert.equal(kept.score, 1, "a tampered score is clamped to 1");
  assert.equal(kept.done, true, "one attempt used in evaluation: locked");
  assert.equal(kept.dontKnow, false);
});

test("the record goes into the store and out in the progress file with its purpose", () => {
  const store = openStore({ course: "ia-ethique", storage: memoryStorage(), now: () => WHEN });
  const items = evaluationItems.slice(0, 2);
  const states = [dontKnowState(blankState(), 1, WHEN), blankState()];
  store.set("quiz:all:0123456789ab", quizRecord({ items, states, mode: "evaluation", purpose: "evaluation-finale" }));
  const exported = JSON.parse(JSON.stringify(store.exportProgress({ learner: "Monique" })));
  assert.equal(exported.entries.length, 1);
  const value = exported.entries[0].value;
  assert.equal(value.purpose, "evaluation-finale");
  assert.equal(value.items[items[0].id].dont_know, true);
  assert.equal(value.items[items[0].id].answer, null);
});

test("« Je ne sais pas » has its French and English strings", () => {
  assert.equal(quizMessages.fr["quiz.dontKnow"], "Je ne sais pas");
  assert.equal(quizMessages.en["quiz.dontKnow"], "I don't know");
  assert.match(quizMessages.fr["quiz.dontKnowLabel"], /^Je ne sais pas/, "the accessible name starts with the visible label");
});

// -- keys kept from JupyterLab (the real-JupyterLab test is tests/jupyterlab/test_keyboard_in_lab.py)

test("the quiz keeps its keys from the notebook, never Tab nor modified keys", () => {
  const root = fakeRoot();
  const release = keepKeys(root, [...QUIZ_KEYS, "Tab"]);
  for (const key of QUIZ_KEYS) assert.equal(pressed(root, key), true, key);
  for (const key of ["ArrowDown", "ArrowRight", " ", "Enter", "Home", "End"]) assert.ok(QUIZ_KEYS.includes(key), key);
  assert.equal(pressed(root, "Tab"), false);
  assert.equal(pressed(root, "Tab", { shiftKey: true }), false);
  assert.equal(pressed(root, "a"), false);
  assert.equal(pressed(root, "s", { ctrlKey: true }), false);
  assert.equal(pressed(root, "Enter", { ctrlKey: true }), false);
  assert.equal(pressed(root, "ArrowDown", { altKey: true }), false);
  assert.equal(pressed(root, "ArrowDown", { metaKey: true }), false);
  assert.equal(pressed(root, "Enter", { shiftKey: true }), true);
  release();
  assert.equal(root.handlers.size, 0);
});

test("tests and long quizzes are paged in a notebook, never on the site", () => {
  assert.equal(isPaged({ onSite: false, mode: "evaluation", count: 30 }), true);
  assert.equal(isPaged({ onSite: false, mode: "evaluation", count: 2 }), true);
  assert.equal(isPaged({ onSite: false, mode: "evaluation", count: 1 }), false);
  assert.equal(isPaged({ onSite: false, mode: "practice", count: PAGED_FROM }), false);
  assert.equal(isPaged({ onSite: false, mode: "practice", count: PAGED_FROM + 1 }), true);
  assert.equal(isPaged({ onSite: true, mode: "evaluation", count: 69 }), false);
  const done = { ...blankState(), done: true, tries: 1 };
  assert.equal(firstOpenQuestion([done, done, blankState(), blankState()]), 2);
  assert.equal(firstOpenQuestion([done, done]), 0);
  assert.equal(firstOpenQuestion([blankState()]), 0);
});

test("the notebook's export strings exist in French and English", () => {
  for (const key of ["quiz.export", "quiz.exportTitle", "quiz.exportIntro", "quiz.learner", "quiz.learnerHint", "quiz.needName", "quiz.exported", "quiz.exportFailed", "quiz.previous", "quiz.next", "quiz.progress", "quiz.progressLabel"]) {
    assert.ok(quizMessages.fr[key] && quizMessages.en[key], key);
  }
  assert.equal(quizMessages.fr["quiz.export"], "Exporter ma progression");
});

// -- an answer graded while the quiz is restored ------------------------------------------------

/** A grader that waits for `release()` before grading, as Web Crypto makes checkAnswer wait. */
function heldGrader() {
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  return { release, check: async (item, answer) => (await gate, checkAnswer(item, answer)) };
}

const LATER = "2025-06-02T09:45:00.000Z";

async function rightAndWrong(item) {
  const right = [];
  const wrong = [];
  for (const option of item.options) ((await checkAnswer(item, option.id)) === 1 ? right : wrong).push(option.id);
  return { right: right[0], wrong: wrong[0] };
}

test("an answer graded while another tab's save is restored goes into the restored state", async () => {
  const item = fixture.practice.items.find((entry) => entry.type === "single");
  const { right, wrong } = await rightAndWrong(item);
  const states = [blankState()];
  const grader = heldGrader();
  const pending = gradeAnswer({ states, index: 0, item, answer: right, limit: 0, check: grader.check, now: () => LATER });
  // restore(): another tab saved a first, wrong try of this question meanwhile.
  states[0] = restoredState(item, { answer: wrong, score: 0, tries: 1, done: false, answered: WHEN }, 0);
  grader.release();
  const answered = await pending;
  assert.equal(answered, states[0]);
  assert.deepEqual(states[0], { answer: right, score: 1, tries: 2, done: true, open: false, dontKnow: false, answered: LATER });
  const record = quizRecord({ items: [item], states, mode: "practice" });
  assert.equal(record.items[item.id].answer, right, "the saved record keeps the answer");
  assert.equal(record.score, 1);
});

test("an answer graded while the question got locked, or the quiz reset, is not recorded", async () => {
  const item = fixture.evaluation.items.find((entry) => entry.type === "single");
  const { right, wrong } = await rightAndWrong(item);
  const locked = restoredState(item, { answer: wrong, score: 0, tries: 1, done: true, answered: WHEN }, 1);
  const states = [blankState()];
  let grader = heldGrader();
  let pending = gradeAnswer({ states, index: 0, item, answer: right, limit: 1, check: grader.check, now: () => LATER });
  states[0] = locked; // the test was answered in another tab: its answer cannot change
  grader.release();
  assert.equal(await pending, null);
  assert.equal(states[0], locked);

  let epoch = 0;
  const fresh = [blankState()];
  grader = heldGrader();
  pending = gradeAnswer({ states: fresh, index: 0, item, answer: right, limit: 1, check: grader.check, epoch: () => epoch });
  epoch += 1; // « Recommencer le quiz »
  fresh[0] = blankState();
  grader.release();
  assert.equal(await pending, null);
  assert.deepEqual(fresh[0], blankState());
});

test("a graded try with no restore is the state submitQuestion always recorded", async () => {
  const item = fixture.practice.items.find((entry) => entry.type === "single");
  const { right, wrong } = await rightAndWrong(item);
  const states = [blankState()];
  await gradeAnswer({ states, index: 0, item, answer: wrong, limit: 2, now: () => WHEN });
  assert.deepEqual(states[0], { answer: wrong, score: 0, tries: 1, done: false, open: false, dontKnow: false, answered: WHEN });
  assert.deepEqual(answeredState(states[0], { answer: right, score: 1, limit: 2, answered: LATER }).done, true);
  assert.deepEqual(answeredState(states[0], { answer: wrong, score: 0, limit: 2, answered: LATER }).done, true, "out of tries");
});
