// Unit tests of the SCORM 1.2 adapter (src/edukit/site/scorm/static/{records,scorm}.js) in node: the
// suspend_data codec and its 4096-character cap, the score and status rules, session time, and
// a whole session against a recording fake of the SCORM 1.2 API.
// Run by tests/scorm/test_adapter_js.py (or `node --test tests/scorm/`).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";
import vm from "node:vm";

// The shipped adapter is records.js then scorm.js in one classic script (ADAPTER_SOURCES).
const SOURCE = ["records.js", "scorm.js"]
  .map((name) => readFileSync(new URL(`../../src/edukit/site/scorm/static/${name}`, import.meta.url), "utf8"))
  .join("");

function load() {
  const context = { console, TextEncoder, TextDecoder, Map, Uint8Array, setTimeout, setInterval };
  context.globalThis = context;
  vm.createContext(context);
  vm.runInContext(SOURCE, context);
  return context.EdukitScorm;
}

const S = load();

function memoryStorage(initial = {}) {
  const map = new Map(Object.entries(initial));
  return {
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
    getItem: (key) => (map.has(key) ? map.get(key) : null),
    setItem: (key, value) => map.set(key, String(value)),
    removeItem: (key) => map.delete(key),
    map,
  };
}

function fakeApi(initial = {}) {
  const cmi = { "cmi.core.lesson_status": "not attempted", "cmi.suspend_data": "", "cmi.student_data.mastery_score": "", "cmi.core.lesson_mode": "normal", ...initial };
  const calls = [];
  return {
    cmi,
    calls,
    LMSInitialize: (arg) => (calls.push(["init", arg]), "true"),
    LMSFinish: (arg) => (calls.push(["finish", arg]), "true"),
    LMSGetValue: (element) => cmi[element] ?? "",
    LMSSetValue: (element, value) => {
      assert.equal(typeof value, "string", `${element} must be sent as a string`);
      calls.push(["set", element, value]);
      cmi[element] = value;
      return "true";
    },
    LMSCommit: (arg) => (calls.push(["commit", arg]), "true"),
    LMSGetLastError: () => "0",
  };
}

function quiz({ purpose, mode = "evaluation", score, total, completed = true, items = 0, tags = [] }) {
  const entries = {};
  for (let index = 0; index < items; index += 1) {
    entries[`item-${purpose || mode}-${index}`] = {
      answer: index % 2 ? "b" : ["a", "c"],
      score: 1,
      tries: 1,
      done: true,
      objectives: [`l${String(index % 20).padStart(2, "0")}-o${(index % 3) + 1}`],
      tags,
      answered: "2025-06-02T09:30:00.000Z",
    };
  }
  const record = { version: 1, mode, items: entries, score, total, completed };
  if (purpose) record.purpose = purpose;
  return record;
}

const at = (minute) => `2025-06-02T09:${String(minute).padStart(2, "0")}:00.000Z`;

test("the codec gives back any text, accents and emoji included, in URL-safe ASCII", () => {
  for (const text of ["", "a", "aaaaaaaaaaaaaaaaaaaaaaaaa", "Élève « réponse » — œuvre 😀", JSON.stringify({ k: "x".repeat(5000) }), "abababababababab".repeat(300)]) {
    const packed = S.compress(text);
    assert.match(packed, /^[A-Za-z0-9_-]*$/);
    assert.equal(S.decompress(packed), text);
  }
  // JSON of records compresses to well under its length.
  const json = JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ answer: "a", score: 1, tries: 1, done: true, objectives: [`l0${i % 9}-o1`] })));
  assert.ok(S.compress(json).length < json.length / 2, `${S.compress(json).length} of ${json.length}`);
  // Random bytes-as-text: no dictionary luck.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const noisy = Array.from({ length: 3000 }, () => String.fromCodePoint(32 + Math.floor(random() * 300))).join("");
  assert.equal(S.decompress(S.compress(noisy)), noisy);
  assert.throws(() => S.decompress("A!"), /not an edukit suspend_data character/);
});

test("records go through suspend_data unchanged when they fit, updated times to the second", () => {
  const records = {
    "lesson:l01-accueil": { value: { completed: "2025-06-02T09:10:00.000Z", seconds: 600 }, updated: at(10) },
    "quiz:provenance:abc": { value: quiz({ purpose: "positionnement", score: 2, total: 3, items: 3, tags: ["positionnement"] }), updated: at(12) },
  };
  const { data, slimmed, dropped } = S.encodeRecords("mini", records);
  assert.ok(data.startsWith("E1") && data.length <= 4096);
  assert.equal(slimmed, false);
  assert.equal(dropped.length, 0);
  const decoded = S.decodeRecords(data);
  assert.equal(decoded.course, "mini");
  assert.deepEqual(JSON.parse(JSON.stringify(decoded.records)), records);
  assert.equal(S.decodeRecords(""), null);
  assert.equal(S.decodeRecords("something else"), null);
});

test("suspend_data never passes 4096 characters: slimmed first, then least useful records go", () => {
  const records = {
    "lesson:l01-accueil": { value: { completed: at(1), seconds: 600 }, updated: at(1) },
    "lesson:l02-definitions": { value: { completed: null, seconds: 60 }, updated: at(2) },
    "quiz:final": { value: quiz({ purpose: "evaluation-finale", score: 50, total: 60, items: 60, tags: ["evaluation-finale"] }), updated: at(50) },
    "quiz:positioning": { value: quiz({ purpose: "positionnement", score: 30, total: 60, items: 60, tags: ["positionnement"] }), updated: at(3) },
    "playground:settings": { value: { temperature: 0.7, text: "z".repeat(300) }, updated: at(4) },
  };
  for (let index = 0; index < 40; index += 1) {
    records[`quiz:practice-${index}`] = {
      value: quiz({ purpose: "entrainement", mode: "practice", score: 3, total: 5, items: 5 }),
      updated: at(5 + index),
    };
  }
  const encoded = S.encodeRecords("ia-ethique-responsable", records);
  assert.ok(encoded.data.length <= 4096, `${encoded.data.length} characters`);
  assert.equal(encoded.slimmed, true);
  assert.ok(encoded.dropped.length > 0);
  // Settings go first, then the oldest practice quizzes; the tests and completed lessons stay.
  assert.equal(encoded.dropped[0], "playground:settings");
  assert.equal(encoded.dropped[1], "quiz:practice-0");
  const kept = S.decodeRecords(encoded.data).records;
  for (const key of ["quiz:final", "quiz:positioning", "lesson:l01-accueil"]) assert.ok(kept[key], key);
  assert.equal(kept["quiz:final"].value.score, 50);
  const answer = Object.values(kept["quiz:final"].value.items)[0];
  assert.equal(answer.objectives, undefined); // slimmed: the quiz copies them again on its next save
  assert.ok(answer.tries === 1 && answer.done === true);
  // A record alone bigger than the cap is dropped rather than overflow.
  const huge = { "quiz:huge": { value: { items: {}, blob: Array.from({ length: 20000 }, (_, i) => i.toString(36)).join("") }, updated: at(1) } };
  assert.ok(S.encodeRecords("c", huge).data.length <= 4096);
});

test("score: final evaluation, else the average of other quizzes, else the positioning test", () => {
  const rec = (value, minute = 1) => ({ value, updated: at(minute) });
  const positioning = rec(quiz({ purpose: "positionnement", score: 1, total: 4 }));
  const practiceA = rec(quiz({ purpose: "entrainement", mode: "practice", score: 2, total: 4 }));
  const practiceB = rec(quiz({ purpose: "entrainement", mode: "practice", score: 2, total: 3 }));
  const unfinished = rec(quiz({ purpose: "entrainement", mode: "practice", score: 0, total: 4, completed: false }));
  const final = rec(quiz({ purpose: "evaluation-finale", score: 7, total: 8 }));
  assert.equal(S.computeScore({}, []), null);
  assert.equal(S.computeScore({ "quiz:u": unfinished }, []), null);
  assert.deepEqual({ ...S.computeScore({ "quiz:p": positioning }, []) }, { raw: 25, rule: "positioning" });
  assert.deepEqual({ ...S.computeScore({ "quiz:p": positioning, "quiz:a": practiceA, "quiz:b": practiceB, "quiz:u": unfinished }, []) }, { raw: 58.33, rule: "average" });
  assert.deepEqual({ ...S.computeScore({ "quiz:p": positioning, "quiz:a": practiceA, "quiz:f": final }, []) }, { raw: 87.5, rule: "final" });
  // Only the package's quizzes count when the packager lists them.
  assert.deepEqual({ ...S.computeScore({ "quiz:p": positioning, "quiz:a": practiceA }, [{ key: "quiz:p" }]) }, { raw: 25, rule: "positioning" });
  // An evaluation without a purpose counts by its items' tags.
  const tagged = rec(quiz({ score: 3, total: 4, items: 2, tags: ["evaluation-finale"] }));
  assert.equal(S.computeScore({ "quiz:t": tagged, "quiz:a": practiceA }, []).rule, "final");
});

test("status: completed by lessons or the final evaluation, passed/failed with a mastery score, never back", () => {
  const settings = { lessons: ["l01", "l02"], quizzes: [] };
  const done = (id) => ({ [`lesson:${id}`]: { value: { completed: at(1), seconds: 5 }, updated: at(1) } });
  assert.equal(S.computeStatus({}, settings, null, "", "not attempted"), "incomplete");
  assert.equal(S.computeStatus(done("l01"), settings, null, "", "incomplete"), "incomplete");
  assert.equal(S.computeStatus({ ...done("l01"), ...done("l02") }, settings, null, "", "incomplete"), "completed");
  const final = { "quiz:f": { value: quiz({ purpose: "evaluation-finale", score: 6, total: 8 }), updated: at(2) } };
  assert.equal(S.computeStatus(final, settings, { raw: 75 }, "", "incomplete"), "completed");
  assert.equal(S.computeStatus(final, settings, { raw: 75 }, "80", "incomplete"), "failed");
  assert.equal(S.computeStatus(final, settings, { raw: 75 }, "70", "incomplete"), "passed");
  assert.equal(S.computeStatus({}, settings, null, "", "completed"), "completed");
  assert.equal(S.computeStatus({}, { lessons: [], quizzes: [] }, null, "", "incomplete"), "incomplete");
});

test("session time is HHHH:MM:SS.SS and names turn « Nom, Prénom » around", () => {
  assert.equal(S.sessionTime(0), "0000:00:00.00");
  assert.equal(S.sessionTime(3723456), "0001:02:03.46");
  assert.equal(S.sessionTime(100 * 3600 * 1000 + 59990), "0100:00:59.99");
  assert.match(S.sessionTime(123456789), /^\d{4}:\d{2}:\d{2}\.\d{2}$/);
  assert.equal(S.learnerName("Martin, Zoé"), "Zoé Martin");
  assert.equal(S.learnerName("Zoé"), "Zoé");
});

test("a session: restore replaces this device's records, reports, commits only on change, finishes once", () => {
  const course = "mini";
  const previous = {
    "quiz:q1": { value: quiz({ purpose: "evaluation-finale", score: 3, total: 4 }), updated: at(20) },
    "lesson:l01": { value: { completed: at(5), seconds: 300 }, updated: at(5) },
  };
  const saved = S.encodeRecords(course, previous).data;
  const api = fakeApi({ "cmi.suspend_data": saved, "cmi.core.student_name": "Martin, Zoé", "cmi.core.lesson_status": "incomplete" });
  // Someone else's answers on this shared computer, and another course's record.
  const storage = memoryStorage({
    "edukit:v1:mini:quiz:other": JSON.stringify({ value: { secret: true }, updated: at(1) }),
    "edukit:v0:mini:old": JSON.stringify({ x: 1 }),
    "edukit:v1:autre:quiz:z": JSON.stringify({ value: 1, updated: at(1) }),
  });
  let clock = 1_000_000;
  const session = new S.Session(api, { course, lessons: ["l01", "l02"], quizzes: [{ key: "quiz:q1" }] }, storage, () => clock);
  assert.equal(session.start(), true);
  assert.equal(storage.getItem("edukit:v1:mini:quiz:other"), null);
  assert.equal(storage.getItem("edukit:v0:mini:old"), null);
  assert.ok(storage.getItem("edukit:v1:autre:quiz:z"));
  assert.equal(JSON.parse(storage.getItem("edukit:v1:mini:quiz:q1")).value.score, 3);
  assert.equal(storage.getItem("edukit:learner:mini"), "Zoé Martin");
  assert.equal(api.cmi["cmi.core.exit"], "suspend");

  const first = session.sync();
  assert.equal(first.committed, true);
  assert.equal(api.cmi["cmi.core.score.raw"], "75");
  assert.equal(api.cmi["cmi.core.score.min"], "0");
  assert.equal(api.cmi["cmi.core.score.max"], "100");
  assert.equal(api.cmi["cmi.core.lesson_status"], "completed");
  const commits = () => api.calls.filter((call) => call[0] === "commit").length;
  const before = commits();
  const again = session.sync();
  assert.equal(again.committed, false);
  assert.equal(again.suspend, first.suspend); // not encoded again: nothing changed
  assert.equal(commits(), before);

  storage.setItem("edukit:v1:mini:lesson:l02", JSON.stringify({ value: { completed: null, seconds: 30 }, updated: at(30) }));
  assert.equal(session.sync().committed, true);
  assert.ok(S.decodeRecords(api.cmi["cmi.suspend_data"]).records["lesson:l02"]);

  clock += 3723456;
  session.finish();
  session.finish();
  assert.equal(api.cmi["cmi.core.session_time"], "0001:02:03.46");
  assert.equal(api.calls.filter((call) => call[0] === "finish").length, 1);
  assert.equal(session.sync(), null);
});

test("a first attempt starts from nothing; review mode only reads", () => {
  const api = fakeApi();
  const storage = memoryStorage({ "edukit:v1:mini:quiz:q": JSON.stringify({ value: quiz({ score: 1, total: 1 }), updated: at(1) }) });
  const session = new S.Session(api, { course: "mini", lessons: ["l01"], quizzes: [] }, storage);
  session.start();
  assert.equal(storage.length, 0);
  assert.equal(api.cmi["cmi.core.lesson_status"], "incomplete");

  const review = fakeApi({ "cmi.core.lesson_mode": "review", "cmi.core.lesson_status": "passed" });
  const reader = new S.Session(review, { course: "mini", lessons: [], quizzes: [] }, memoryStorage());
  reader.start();
  assert.equal(reader.sync(), null);
  reader.finish();
  assert.ok(!review.calls.some((call) => call[0] === "set"));
});

test("API discovery walks the parents, then the opener, and stops at 7 levels", () => {
  const api = fakeApi();
  const top = { API: api };
  top.parent = top;
  let win = { parent: top };
  assert.equal(S.findAPI(win), api);
  const lonely = { opener: { parent: top } };
  lonely.parent = lonely;
  assert.equal(S.findAPI(lonely), api);
  let deep = top;
  for (let level = 0; level < 10; level += 1) deep = { parent: deep };
  assert.equal(S.findAPI(deep), null);
  const none = {};
  none.parent = none;
  assert.equal(S.findAPI(none), null);
  void win;
});
