// The SCORM 1.2 adapter (src/edukit/site/scorm/static/{records,scorm}.js) against scorm-again's SCORM 1.2
// runtime (npm scorm-again, Scorm12API) in node, in the situations where a real Moodle lost or
// misfiled a learner's work (issue 16): unreadable suspend_data, two packages open at once,
// Moodle's « Le score de maîtrise prévaut sur le statut » (mastery override) and re-entry.
// The widgets' side is store.js itself, opened on the session's scope. One test per case.
// Run by tests/scorm/test_adapter_js.py (or `node --test tests/scorm/`).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";
import vm from "node:vm";

import { memoryStorage, openStore, storeScope } from "../../src/edukit/widgets/static/store.js";

const ROOT = new URL("../../", import.meta.url);
// The shipped adapter: records.js then scorm.js in one classic script (ADAPTER_SOURCES).
const ADAPTER = ["records.js", "scorm.js"]
  .map((name) => readFileSync(new URL(`src/edukit/site/scorm/static/${name}`, ROOT), "utf8"))
  .join("");
const RUNTIME = readFileSync(new URL("node_modules/scorm-again/dist/scorm12.js", ROOT), "utf8");

function sandbox() {
  const context = { console, TextEncoder, TextDecoder, Map, Uint8Array, setTimeout, clearTimeout, setInterval, clearInterval };
  context.globalThis = context;
  context.window = context;
  vm.createContext(context);
  return context;
}

const S = (() => {
  const context = sandbox();
  vm.runInContext(ADAPTER, context);
  return context.EdukitScorm;
})();

const runtime = sandbox();
vm.runInContext(RUNTIME, runtime);

/** A Moodle-like SCORM 1.2 runtime: credit, normal mode, and what the LMS held from before. */
function lms(initial = {}, { moodleOverride = true } = {}) {
  const data = {
    core: { student_id: "zm-01", student_name: "Martin, Zoé", lesson_status: "not attempted", lesson_mode: "normal", credit: "credit", ...(initial.core || {}) },
    student_data: { mastery_score: "", ...(initial.student_data || {}) },
    suspend_data: initial.suspend_data ?? "",
  };
  const api = new runtime.Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 5, mastery_override: true });
  // An object of the runtime's own realm, as its loadFromJSON expects.
  api.loadFromJSON(vm.runInContext(`JSON.parse(${JSON.stringify(JSON.stringify(data))})`, runtime));
  api.suspendWrites = [];
  const set = api.LMSSetValue.bind(api);
  api.LMSSetValue = (element, value) => {
    if (element === "cmi.suspend_data") api.suspendWrites.push(value);
    return set(element, value);
  };
  if (moodleOverride) {
    // Moodle applies the mastery override on every commit it stores, not only at LMSFinish
    // (scorm-again's mastery_override does the latter): simulate it there too.
    const commit = api.LMSCommit.bind(api);
    api.LMSCommit = (arg) => {
      const result = commit(arg);
      masteryOverride(api);
      return result;
    };
  }
  return api;
}

/** Moodle's « Le score de maîtrise prévaut sur le statut »: a score and a mastery make the status. */
function masteryOverride(api) {
  const raw = api.cmi.core.score.raw;
  const mastery = api.cmi.student_data.mastery_score;
  if (api.cmi.core.credit === "credit" && raw !== "" && mastery !== "") {
    api.cmi.core.lesson_status = Number(raw) >= Number(mastery) ? "passed" : "failed";
  }
}

const COURSE = "ia-ethique";
const BASE = "https://moodle.example/pluginfile.php/91/mod_scorm/content/1/";
const settingsFor = (module, extra = {}) => ({
  course: COURSE,
  package: `${COURSE}-${module}`,
  lessons: [`${module}-l1`, `${module}-l2`],
  quizzes: [{ key: `quiz:${module}`, purpose: "", mode: "practice", total: 5 }],
  pages: ["index.html", `${module}/l1.html`, `${module}/l2.html`],
  start: "index.html",
  ...extra,
});

const at = (minute) => `2026-03-02T09:${String(minute).padStart(2, "0")}:00.000Z`;

function practice(score, total = 5) {
  const items = {};
  for (let index = 0; index < total; index += 1) items[`q${index}`] = { answer: "a", score: index < score ? 1 : 0, tries: 1, done: true };
  return { version: 1, mode: "practice", items, score, total, completed: true };
}

/** A learner's records as store.js writes them, under the session's scope. */
function learnerStore(session, storage) {
  return openStore({ course: COURSE, scope: session.scope, storage, now: () => at(30) });
}

function savedRecords(count, module = "m1") {
  const records = {};
  for (let index = 0; index < count; index += 1) {
    records[`quiz:${module}-${index}`] = { value: practice(index % 5), updated: at(index) };
  }
  return S.encodeRecords(COURSE, records, 4096, `${COURSE}-${module}`).data;
}

function startSession(api, storage, settings, base = BASE) {
  const session = new S.Session(api, settings, storage, () => 0, base);
  assert.equal(session.start(), true);
  return session;
}

for (const [name, held] of [
  ["a truncated suspend_data", () => savedRecords(12).slice(0, 60)],
  ["a foreign suspend_data (another tool's)", () => "ch=3|q1=a|q2=b|bookmark=7"],
  ["another course's edukit suspend_data", () => S.encodeRecords("autre-cours", { "quiz:x": { value: practice(2), updated: at(1) } }).data],
  ["another package's edukit suspend_data", () => savedRecords(3, "m9")],
]) {
  test(`${name} is never overwritten with fewer records, and the learner is told`, () => {
    const value = held();
    const api = lms({ suspend_data: value, core: { lesson_status: "incomplete" }, student_data: { mastery_score: "70" } });
    const storage = memoryStorage();
    const session = startSession(api, storage, settingsFor("m1"));
    assert.ok(session.unreadable, "the session knows the saved answers could not be read");
    assert.match(S.UNREADABLE_NOTE, /n'ont pas pu être relues/);
    assert.match(S.UNREADABLE_NOTE, /Prévenez votre formateur/);
    // The learner goes on working: the answers stay on the device, the LMS value stays whole.
    learnerStore(session, storage).set("quiz:m1", practice(2));
    const report = session.sync();
    assert.equal(report.kept, true);
    session.visit("m1/l2.html");
    session.finish();
    assert.deepEqual(api.suspendWrites, []);
    assert.equal(api.cmi.suspend_data, value);
    assert.equal(api.cmi.core.score.raw, "");
    assert.equal(api.cmi.core.lesson_status, "incomplete");
    assert.equal(api.cmi.core.lesson_location, "m1/l2.html");
    assert.deepEqual(learnerStore(session, storage).get("quiz:m1"), practice(2));
  });
}

test("unreadable suspend_data: this device's copy is kept for the same learner only", () => {
  const storage = memoryStorage();
  const first = startSession(lms(), storage, settingsFor("m1"));
  learnerStore(first, storage).set("quiz:m1", practice(4));
  first.finish();
  const damaged = first.api.cmi.suspend_data.slice(0, -3);
  const again = startSession(lms({ suspend_data: damaged }), storage, settingsFor("m1"));
  assert.deepEqual(learnerStore(again, storage).get("quiz:m1"), practice(4));
  again.finish();
  const other = startSession(lms({ suspend_data: damaged, core: { student_id: "autre-02" } }), storage, settingsFor("m1"));
  assert.equal(learnerStore(other, storage).get("quiz:m1"), null); // never someone else's answers
});

test("modules A and B open at once keep their own answers, each within 4096 characters", () => {
  const storage = memoryStorage(); // one browser, one Moodle origin: one localStorage
  const apiA = lms();
  const apiB = lms();
  const a = startSession(apiA, storage, settingsFor("m1"));
  learnerStore(a, storage).set("quiz:m1", practice(3));
  a.sync();
  const b = startSession(apiB, storage, settingsFor("m2")); // opened in a second tab
  assert.notEqual(a.scope, b.scope);
  learnerStore(b, storage).set("quiz:m2", practice(1));
  b.sync();
  learnerStore(a, storage).set("lesson:m1-l1", { completed: at(9), seconds: 60 });
  a.sync();
  a.finish();
  b.finish();
  const plain = (value) => JSON.parse(JSON.stringify(value)); // out of the adapter's realm
  const heldA = plain(S.decodeRecords(apiA.cmi.suspend_data));
  const heldB = plain(S.decodeRecords(apiB.cmi.suspend_data));
  assert.deepEqual(Object.keys(heldA.records).sort(), ["lesson:m1-l1", "quiz:m1"]);
  assert.deepEqual(heldA.records["quiz:m1"].value, practice(3));
  assert.deepEqual(Object.keys(heldB.records), ["quiz:m2"]);
  assert.equal(heldA.package, `${COURSE}-m1`);
  assert.ok(apiA.cmi.suspend_data.length <= 4096 && apiB.cmi.suspend_data.length <= 4096);
  // The device copies stay apart too: reopening A does not wipe B's.
  startSession(lms({ suspend_data: apiA.cmi.suspend_data }), storage, settingsFor("m1"));
  assert.deepEqual(learnerStore(b, storage).get("quiz:m2"), practice(1));
});

test("one package uploaded in two activities is two scopes; store.js follows the page's meta", () => {
  const one = new S.Session(lms(), settingsFor("m1"), memoryStorage(), null, BASE);
  const two = new S.Session(lms(), settingsFor("m1"), memoryStorage(), null, BASE.replace("/91/", "/92/"));
  assert.notEqual(one.scope, two.scope);
  assert.match(one.scope, /^ia-ethique~[0-9a-f]{8}$/);
  assert.equal(S.scopeOf(settingsFor("m1"), BASE), one.scope);
  const doc = { querySelector: () => ({ content: one.scope }) };
  assert.equal(storeScope(COURSE, doc), one.scope);
});

test("a mastery score with an unfinished learner never yields failed under Moodle's override", () => {
  const api = lms({ student_data: { mastery_score: "70" } });
  const storage = memoryStorage();
  const settings = settingsFor("m1");
  const session = startSession(api, storage, settings);
  const store = learnerStore(session, storage);
  store.set("quiz:m1", practice(3)); // 60 % < 70, half of the lessons left
  store.set("lesson:m1-l1", { completed: at(5), seconds: 600 });
  const report = session.sync();
  assert.equal(report.score, null);
  assert.equal(api.cmi.core.score.raw, "");
  assert.equal(api.cmi.core.lesson_status, "incomplete");
  session.finish(); // scorm-again's mastery_override runs here, as Moodle's player does
  assert.equal(api.cmi.core.lesson_status, "incomplete");
  assert.equal(api.cmi.core.score.raw, "");

  // Next visit: the learner finishes; then the score goes, and passed/failed is the real result.
  const next = lms({ suspend_data: api.cmi.suspend_data, core: { lesson_status: "incomplete" }, student_data: { mastery_score: "70" } });
  const resumed = startSession(next, storage, settings);
  learnerStore(resumed, storage).set("lesson:m1-l2", { completed: at(40), seconds: 300 });
  resumed.sync();
  assert.equal(next.cmi.core.score.raw, "60");
  assert.equal(next.cmi.core.lesson_status, "failed");
  resumed.finish();
  assert.equal(next.cmi.core.lesson_status, "failed");
});

test("re-entry opens the last page the learner was on", () => {
  const storage = memoryStorage();
  const settings = settingsFor("m1");
  const api = lms();
  const session = startSession(api, storage, settings);
  assert.equal(S.resumePage(session.location, settings), null); // first visit: the start page
  session.visit("m1/l1.html");
  session.visit("m1/l2.html");
  session.finish();
  assert.equal(api.cmi.core.lesson_location, "m1/l2.html");
  const next = lms({ suspend_data: api.cmi.suspend_data, core: { lesson_location: api.cmi.core.lesson_location, lesson_status: "incomplete" } });
  const resumed = startSession(next, storage, settings);
  assert.equal(S.resumePage(resumed.location, settings), "m1/l2.html");
  // A location that is no page of this package is not followed.
  assert.equal(S.resumePage("../../admin/index.html", settings), null);
  assert.equal(S.resumePage("https://example.org/", settings), null);
  // The page path comes from the page's address under the package's base.
  assert.equal(S.pageOf(`${BASE}m1/l2.html#section`, BASE), "m1/l2.html");
  assert.equal(S.pageOf("https://ailleurs.example/m1/l2.html", BASE), "");
  assert.equal(S.baseOf(`${BASE}assets/edukit-scorm/scorm.js?v=1`), BASE);
});
