import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CHANGE_EVENT,
  FILE_VERSION,
  SCHEMA,
  STORE_VERSION,
  addLessonSeconds,
  canonicalJson,
  fileSlug,
  lessonKey,
  lessonValue,
  memoryStorage,
  mergeRecord,
  migrate,
  normalizeLearner,
  openStore,
  progressDigest,
  progressFileName,
  sealProgress,
  setLessonCompleted,
  storageKey,
  storeScope,
  summarize,
  validateProgress,
} from "../../src/edukit/widgets/static/store.js";
import { sha256Fallback } from "../../src/edukit/widgets/static/sha256.js";

const COURSE = "ia-ethique";
let tick = 0;
const clock = () => new Date(Date.UTC(2026, 0, 1, 12, 0, tick++)).toISOString();

function snapshot(storage) {
  const out = {};
  for (let i = 0; i < storage.length; i += 1) out[storage.key(i)] = storage.getItem(storage.key(i));
  return out;
}

test("keys are versioned: edukit:v1:<course>:<widget-key>", () => {
  assert.equal(STORE_VERSION, 1);
  assert.equal(storageKey(COURSE, "quiz:l09"), "edukit:v1:ia-ethique:quiz:l09");
  const storage = memoryStorage();
  const store = openStore({ course: COURSE, storage, now: clock });
  store.set("quiz:l09", { score: 3 });
  assert.deepEqual(Object.keys(snapshot(storage)), ["edukit:v1:ia-ethique:quiz:l09"]);
  assert.deepEqual(store.get("quiz:l09"), { score: 3 });
});

test("progress survives a new store on the same storage (reload, navigation)", () => {
  const storage = memoryStorage();
  openStore({ course: COURSE, storage, now: clock }).set("probe:a", "gardé");
  const again = openStore({ course: COURSE, storage, now: clock });
  assert.equal(again.get("probe:a"), "gardé");
  assert.equal(openStore({ course: "autre", storage, now: clock }).get("probe:a"), null);
});

test("older keys are migrated when a new site version opens the store", () => {
  const storage = memoryStorage();
  storage.setItem("edukit:v0:ia-ethique:probe:a", JSON.stringify("ancien"));
  storage.setItem("edukit:v0:autre-cours:probe:a", JSON.stringify("pas à moi"));
  const store = openStore({ course: COURSE, storage, now: clock });
  assert.equal(store.get("probe:a"), "ancien");
  assert.equal(storage.getItem("edukit:v0:ia-ethique:probe:a"), null);
  assert.notEqual(storage.getItem("edukit:v0:autre-cours:probe:a"), null);
});

test("a migration never overwrites progress already under the new version", () => {
  const storage = memoryStorage();
  storage.setItem(storageKey(COURSE, "k"), JSON.stringify({ value: "récent", updated: "2026-01-02T00:00:00Z" }));
  storage.setItem("edukit:v0:ia-ethique:k", JSON.stringify("ancien"));
  assert.equal(migrate(storage, COURSE), 0);
  assert.equal(openStore({ course: COURSE, storage, now: clock }).get("k"), "récent");
});

test("a custom migration table is applied step by step", () => {
  const storage = memoryStorage();
  storage.setItem("edukit:v0:ia-ethique:k", JSON.stringify(41));
  const table = { 0: (old) => ({ value: old + 1, updated: null }) };
  assert.equal(migrate(storage, COURSE, table), 1);
  assert.deepEqual(JSON.parse(storage.getItem(storageKey(COURSE, "k"))), { value: 42, updated: null });
});

test("export writes a version 2 file: learner, entries, timestamps and a SHA-256 seal", () => {
  const store = openStore({ course: COURSE, storage: memoryStorage(), now: () => "2026-03-04T05:06:07.000Z" });
  store.set("b", 2);
  store.set("a", { x: 1 });
  store.setLearner("  Zoé   Martin ");
  const file = store.exportProgress();
  const content = {
    schema: SCHEMA,
    version: 2,
    course: COURSE,
    learner: "Zoé Martin",
    exported: "2026-03-04T05:06:07.000Z",
    entries: [
      { key: "a", value: { x: 1 }, updated: "2026-03-04T05:06:07.000Z" },
      { key: "b", value: 2, updated: "2026-03-04T05:06:07.000Z" },
    ],
  };
  assert.deepEqual(file, { ...content, integrity: { algorithm: "sha256", digest: file.integrity.digest } });
  // The digest is SHA-256 of the canonical JSON of everything but the seal.
  assert.equal(file.integrity.digest, sha256Fallback(canonicalJson(content)));
  assert.match(file.integrity.digest, /^[0-9a-f]{64}$/);
  assert.deepEqual(Object.keys(file), ["schema", "version", "course", "learner", "exported", "entries", "integrity"]);
  assert.equal(SCHEMA, "edukit-progress");
  assert.equal(FILE_VERSION, 2);
  // The storage keys keep their own version.
  assert.equal(STORE_VERSION, 1);
});

test("export needs a learner name: the stored one, or one given", () => {
  const store = openStore({ course: COURSE, storage: memoryStorage(), now: clock });
  assert.throws(() => store.exportProgress(), /learner's name/);
  assert.equal(store.exportProgress({ learner: "Momo" }).learner, "Momo");
  assert.equal(store.learner(), "");
  store.setLearner("Camille");
  assert.equal(store.exportProgress().learner, "Camille");
  store.setLearner("   ");
  assert.equal(store.learner(), "");
});

test("import round-trips an export onto another device", () => {
  const source = openStore({ course: COURSE, storage: memoryStorage(), now: clock });
  source.set("quiz:l01", { score: 4 });
  source.setLearner("Zoé");
  const target = openStore({ course: COURSE, storage: memoryStorage(), now: clock });
  const result = target.importProgress(JSON.stringify(source.exportProgress()));
  assert.deepEqual(result, { ok: true, imported: 1, kept: 0, learner: "Zoé", version: 2 });
  assert.deepEqual(target.get("quiz:l01"), { score: 4 });
  // The same file again changes nothing.
  assert.deepEqual(target.importProgress(source.exportProgress()), { ok: true, imported: 0, kept: 1, learner: "Zoé", version: 2 });
});

test("import keeps the more recent local entry", () => {
  const storage = memoryStorage();
  const store = openStore({ course: COURSE, storage, now: () => "2026-05-01T00:00:00Z" });
  store.set("k", "local, plus récent");
  const file = {
    schema: SCHEMA, version: 1, course: COURSE, exported: "2026-04-01T00:00:00Z",
    entries: [
      { key: "k", value: "ancien", updated: "2026-04-01T00:00:00Z" },
      { key: "new", value: "nouveau", updated: "2026-04-01T00:00:00Z" },
    ],
  };
  assert.deepEqual(store.importProgress(file), { ok: true, imported: 1, kept: 1, learner: "", version: 1 });
  assert.equal(store.get("k"), "local, plus récent");
  assert.equal(store.get("new"), "nouveau");
});

const good = () => ({
  schema: SCHEMA, version: 1, course: COURSE, exported: "2026-04-01T00:00:00Z",
  entries: [{ key: "a", value: 1, updated: "2026-04-01T00:00:00Z" }],
});
const sealed = () => sealProgress({ ...good(), version: 2, learner: "Zoé" });

const refusals = [
  ["{pas du json", /pas un fichier JSON lisible/],
  [JSON.stringify([1, 2]), /ne contient pas une progression/],
  [{ ...good(), schema: "autre" }, /pas un fichier de progression edukit/],
  [{ ...good(), version: 3 }, /version 3, plus récente que celle que lit ce site \(2\)/],
  [{ ...good(), version: "2" }, /version "2" ; ce site lit les versions 1 et 2/],
  [{ ...good(), version: 0 }, /version 0 ; ce site lit les versions 1 et 2/],
  [{ ...good(), course: "autre-cours" }, /concerne le cours « autre-cours »/],
  [{ ...good(), exported: "hier" }, /date d'export/],
  [{ ...good(), entries: "a" }, /liste d'entrées/],
  [{ ...good(), entries: [null] }, /entrée n° 1 n'est pas un objet/],
  [{ ...good(), entries: [{ key: "", value: 1, updated: null }] }, /entrée n° 1 n'a pas de clé valide/],
  [{ ...good(), entries: [{ key: "a", updated: null }] }, /« a » n'a pas de valeur/],
  [{ ...good(), entries: [{ key: "a", value: 1, updated: "2026-13" }] }, /date de l'entrée « a »/],
  [{ ...good(), entries: [{ key: "a", value: 1, updated: null }, { key: "a", value: 2, updated: null }] }, /apparaît deux fois/],
  [{ ...good(), entries: [{ key: "lesson:l01", value: { completed: null, seconds: -1 }, updated: null }] }, /leçon « lesson:l01 » est mal formée/],
  [{ ...good(), entries: [{ key: "lesson:L01", value: { completed: null, seconds: 1 }, updated: null }] }, /leçon « lesson:L01 » est mal formée/],
  [{ ...good(), entries: [{ key: "lesson:l01", value: { completed: "hier", seconds: 1 }, updated: null }] }, /mal formée/],
  [{ ...good(), entries: [{ key: "lesson:l01", value: { seconds: 1, done: true }, updated: null }] }, /mal formée/],
  [sealed(), null],
  [{ ...sealed(), learner: "Quelqu'un d'autre" }, /modifié après son export \(empreinte SHA-256 différente\)/],
  [{ ...sealed(), entries: [{ key: "a", value: 2, updated: "2026-04-01T00:00:00Z" }] }, /empreinte SHA-256 différente/],
  [{ ...sealed(), integrity: undefined }, /empreinte du fichier .* absente ou illisible/],
  [{ ...sealed(), integrity: { algorithm: "md5", digest: sealed().integrity.digest } }, /absente ou illisible/],
  [sealProgress({ ...good(), version: 2, learner: "  " }), /champ « learner » absent ou vide/],
  [sealProgress({ ...good(), version: 2 }), /champ « learner » absent ou vide/],
  [sealProgress({ ...good(), version: 2, learner: "x".repeat(81) }), /trop long/],
  [sealProgress({ ...good(), version: 2, learner: "a\u0007b" }), /caractères non permis/],
  [JSON.stringify(sealed()).replace("Zoé", "Zoe"), /empreinte SHA-256 différente/],
  [JSON.stringify(sealed()).slice(0, -20), /pas un fichier JSON lisible/],
];

for (const [input, reason] of refusals.filter(([, why]) => why !== null)) {
  test(`import refuses a bad file with a French reason: ${reason}`, () => {
    const storage = memoryStorage();
    const store = openStore({ course: COURSE, storage, now: clock });
    store.set("a", "précieux");
    store.set("b", "aussi");
    const before = snapshot(storage);
    const result = store.importProgress(input);
    assert.equal(result.ok, false);
    assert.match(result.reason, reason);
    // Nothing was written: existing progress is intact.
    assert.deepEqual(snapshot(storage), before);
  });
}

test("a file that fails half-way is refused as a whole", () => {
  const storage = memoryStorage();
  const store = openStore({ course: COURSE, storage, now: clock });
  const file = { ...good(), entries: [{ key: "ok", value: 1, updated: null }, { key: "bad key", value: 2, updated: null }] };
  assert.equal(store.importProgress(file).ok, false);
  assert.equal(store.get("ok"), null);
});

test("validateProgress accepts a good version 1 file and a sealed version 2 file", () => {
  assert.deepEqual({ ...validateProgress(good(), COURSE), data: null }, { ok: true, data: null, version: 1, verified: false });
  const checked = validateProgress(JSON.stringify(sealed(), null, 2), COURSE);
  assert.equal(checked.ok, true);
  assert.equal(checked.verified, true);
  assert.equal(checked.data.learner, "Zoé");
  // A byte-order mark (Windows editors add one) does not spoil a file.
  assert.equal(validateProgress(`\uFEFF${JSON.stringify(sealed())}`, COURSE).ok, true);
  // The positive control of the refusal table is accepted.
  assert.equal(refusals.find(([, why]) => why === null)[0].learner, "Zoé");
});

test("a refused localStorage falls back to memory and says so", () => {
  const broken = {
    get length() { return 0; },
    key: () => null,
    getItem: () => null,
    setItem: () => { throw new Error("QuotaExceededError"); },
    removeItem: () => {},
  };
  const saved = globalThis.localStorage;
  Object.defineProperty(globalThis, "localStorage", { value: broken, configurable: true });
  try {
    const store = openStore({ course: COURSE, now: clock });
    assert.equal(store.persistent, false);
    store.set("a", 1);
    assert.equal(store.get("a"), 1);
  } finally {
    Object.defineProperty(globalThis, "localStorage", { value: saved, configurable: true });
  }
});

test("subscribers hear about sets and imports", () => {
  const store = openStore({ course: COURSE, storage: memoryStorage(), now: clock });
  const heard = [];
  const stop = store.subscribe((key, value) => heard.push([key, value]));
  store.set("a", 1);
  store.importProgress(good());
  stop();
  store.set("b", 2);
  assert.deepEqual(heard, [["a", 1], ["a", 1]]);
});

test("a course id with a colon or a space is refused", () => {
  assert.throws(() => openStore({ course: "a:b", storage: memoryStorage() }), /invalid course id/);
});

test("a chosen file is imported, and a huge or missing one is refused in French", async () => {
  const { importProgressFile } = await import("../../src/edukit/widgets/static/store.js");
  const store = openStore({ course: COURSE, storage: memoryStorage(), now: clock });
  const text = JSON.stringify(good());
  assert.deepEqual(await importProgressFile(store, { size: text.length, text: async () => text }), { ok: true, imported: 1, kept: 0, learner: "", version: 1 });
  const huge = await importProgressFile(store, { size: 8 * 1024 * 1024 + 1, text: async () => "" });
  assert.match(huge.reason, /trop gros/);
  assert.match(huge.reason, /plus de 8 Mo/);
  assert.match((await importProgressFile(store, null)).reason, /Aucun fichier/);
});

test("the size check lets through a 6 MB file, as edukit.progress's 8 MiB limit does", async () => {
  const { importProgressFile, MAX_FILE_BYTES } = await import("../../src/edukit/widgets/static/store.js");
  assert.equal(MAX_FILE_BYTES, 8 * 1024 * 1024);
  const text = JSON.stringify(good());
  for (const size of [6_000_000, MAX_FILE_BYTES]) {
    const store = openStore({ course: COURSE, storage: memoryStorage(), now: clock });
    let read = false;
    const file = { size, text: async () => ((read = true), text) };
    assert.deepEqual(await importProgressFile(store, file), { ok: true, imported: 1, kept: 0, learner: "", version: 1 }, `${size} bytes`);
    assert.ok(read, "the file was read, not refused by its size");
  }
});

// -- canonical JSON and the seal (the Python side is checked in test_progress_roundtrip.py) --

test("canonical JSON sorts keys by UTF-16 code units, without spaces, at every depth", () => {
  const value = { b: [1, { z: null, a: true }], a: "x", A: false, é: {}, "😀": [], "\uff01": 0 };
  // U+1F600 is written as the surrogates D83D DE00, which sort before U+FF01.
  assert.equal(canonicalJson(value), '{"A":false,"a":"x","b":[1,{"a":true,"z":null}],"é":{},"😀":[],"！":0}');
});

test("canonical JSON writes numbers as ECMAScript does", () => {
  const numbers = [1.0, 0.5, 1e-7, 1.5e21, 1e21, 123456789012345680000, -0, 2 ** 60, 5e-324, 0.1 + 0.2, -1.25e-10];
  assert.equal(
    canonicalJson(numbers),
    "[1,0.5,1e-7,1.5e+21,1e+21,123456789012345680000,0,1152921504606847000,5e-324,0.30000000000000004,-1.25e-10]",
  );
});

test("canonical JSON escapes strings minimally, and lone surrogates in lower-case hex", () => {
  assert.equal(canonicalJson("é\n\t\"\\\u0001\u007f\u2028</script>😀"), '"é\\n\\t\\"\\\\\\u0001\u007f\u2028</script>😀"');
  assert.equal(canonicalJson("a\ud800b\udfff"), '"a\\ud800b\\udfff"');
});

test("the digest is SHA-256 of the canonical text in UTF-8 (same value, same digest)", () => {
  assert.equal(progressDigest({ a: 1 }), sha256Fallback('{"a":1}'));
  assert.equal(progressDigest({ b: [1.0], a: "é" }), progressDigest(JSON.parse('{"a":"\\u00e9","b":[1.000]}')));
  assert.notEqual(progressDigest({ a: 1 }), progressDigest({ a: "1" }));
  const once = sealProgress({ schema: SCHEMA, version: 2 });
  assert.deepEqual(sealProgress(once), once, "sealing again gives the same seal");
});

// -- merge ------------------------------------------------------------------------------------

test("merging: the newest record wins; a lesson keeps its completion and its larger time", () => {
  const old = { value: "ancien", updated: "2026-01-01T00:00:00Z" };
  const recent = { value: "récent", updated: "2026-02-01T00:00:00Z" };
  assert.equal(mergeRecord("k", old, recent), recent);
  assert.equal(mergeRecord("k", recent, old), recent);
  assert.equal(mergeRecord("k", null, old), old);
  assert.equal(mergeRecord("k", recent, { value: "sans date", updated: null }), recent);

  const here = { value: { completed: null, seconds: 600 }, updated: "2026-03-02T00:00:00Z" };
  const there = { value: { completed: "2026-03-01T10:00:00Z", seconds: 120 }, updated: "2026-03-01T10:00:00Z" };
  const merged = { value: { completed: "2026-03-01T10:00:00Z", seconds: 600 }, updated: "2026-03-02T00:00:00Z" };
  assert.deepEqual(mergeRecord("lesson:l01", here, there), merged);
  assert.deepEqual(mergeRecord("lesson:l01", there, here), merged);
  // Two completions: the first one is kept (as edukit.progress.merge does).
  const later = { value: { completed: "2026-03-05T00:00:00Z", seconds: 5 }, updated: "2026-03-05T00:00:00Z" };
  assert.equal(mergeRecord("lesson:l01", later, there).value.completed, "2026-03-01T10:00:00Z");
});

test("merging a quiz.js record keeps every question, the newest answer of each (edukit.progress rules)", () => {
  const item = (answer, score, answered) => ({ answer, score, tries: 1, done: true, objectives: [], tags: [], ...(answered ? { answered } : {}) });
  const here = {
    value: { version: 1, mode: "practice", items: { q1: item(0, 0, "2026-03-01T10:00:00Z"), q2: item(1, 1, "2026-03-01T10:05:00Z") }, score: 1, total: 3, seconds: 40 },
    updated: "2026-03-01T10:05:00Z",
  };
  const there = {
    value: { version: 1, mode: "practice", items: { q1: item(2, 1, "2026-03-02T09:00:00Z"), q3: item(0, 1) }, score: 2, total: 3, seconds: 25 },
    updated: "2026-03-02T09:00:00Z",
  };
  const merged = mergeRecord("quiz:l05", here, there);
  assert.deepEqual(merged.value.items, { q1: there.value.items.q1, q2: here.value.items.q2, q3: there.value.items.q3 });
  assert.equal(merged.value.score, 3, "the score is the sum of the kept answers");
  assert.equal(merged.value.seconds, 40, "the larger time");
  assert.equal(merged.updated, "2026-03-02T09:00:00Z");
  assert.deepEqual(mergeRecord("quiz:l05", there, here).value.items, merged.value.items, "the order of the sides does not matter");
  // Not two quiz.js records: the newest wins whole, as before.
  assert.deepEqual(mergeRecord("quiz:l05", { value: { score: 1 }, updated: "2026-01-01T00:00:00Z" }, there), there);
});

test("import never loses what the device already has", () => {
  const storage = memoryStorage();
  const store = openStore({ course: COURSE, storage, now: () => "2026-05-01T00:00:00Z" });
  store.set("lesson:l01", { completed: null, seconds: 900 });
  store.set("quiz:l01", { score: 3 });
  const file = sealProgress({
    schema: SCHEMA, version: 2, course: COURSE, learner: "Zoé", exported: "2026-04-01T00:00:00Z",
    entries: [
      { key: "lesson:l01", value: { completed: "2026-04-01T09:00:00Z", seconds: 300 }, updated: "2026-04-01T09:00:00Z" },
      { key: "quiz:l01", value: { score: 1 }, updated: "2026-04-01T00:00:00Z" },
      { key: "lesson:l02", value: { completed: null, seconds: 60 }, updated: "2026-04-01T00:00:00Z" },
    ],
  });
  assert.deepEqual(store.importProgress(file), { ok: true, imported: 2, kept: 1, learner: "Zoé", version: 2 });
  assert.deepEqual(store.get("lesson:l01"), { completed: "2026-04-01T09:00:00Z", seconds: 900 });
  assert.deepEqual(store.get("quiz:l01"), { score: 3 });
  assert.deepEqual(store.get("lesson:l02"), { completed: null, seconds: 60 });
  assert.equal(store.learner(), "Zoé", "a device without a name takes the file's");
  store.setLearner("Camille");
  store.importProgress(file);
  assert.equal(store.learner(), "Camille", "a device with a name keeps its own");
});

// -- clear, learner, file name ------------------------------------------------------------------

test("clear forgets this course on this device (every version, the name) and says so", () => {
  const storage = memoryStorage();
  const store = openStore({ course: COURSE, storage, now: clock });
  // A key of another version (say, left by an older site in another tab) goes too.
  storage.setItem("edukit:v0:ia-ethique:old", JSON.stringify("v0"));
  store.set("quiz:a", 1);
  store.set("lesson:l01", { completed: null, seconds: 5 });
  store.setLearner("Zoé");
  openStore({ course: "autre", storage, now: clock }).set("k", "autre cours");
  const heard = [];
  store.subscribe((key, value) => heard.push([key, value]));
  assert.equal(store.clear(), 3);
  assert.deepEqual(store.entries(), []);
  assert.equal(store.learner(), "");
  assert.deepEqual(heard, [["lesson:l01", null], ["quiz:a", null]]);
  assert.deepEqual(Object.keys(snapshot(storage)).sort(), ["edukit:v1:autre:k"]);
});

test("learner names are kept as a progress file needs them", () => {
  assert.equal(normalizeLearner("  Zoé \t\n Martin "), "Zoé Martin");
  assert.equal(normalizeLearner("a\u0000b"), "a b");
  assert.equal(normalizeLearner(null), "");
  assert.equal(Array.from(normalizeLearner("😀".repeat(100))).length, 80);
});

test("the file is named progression-<course>-<pseudonyme>-<date>.json", () => {
  const date = new Date(2026, 5, 4, 23, 30);
  assert.equal(progressFileName(COURSE, "Zoé Martin", date), "progression-ia-ethique-zoe-martin-2026-06-04.json");
  assert.equal(progressFileName(COURSE, "😀", date), "progression-ia-ethique-sans-nom-2026-06-04.json");
  assert.equal(fileSlug("  Ça/..\\va ? "), "ca-va");
  assert.equal(fileSlug("x".repeat(60)).length, 40);
});

// -- copies of the module in one page, other tabs --------------------------------------------

test("stores on one event target hear each other's writes, imports and clears", () => {
  const storage = memoryStorage();
  const events = new EventTarget();
  const quiz = openStore({ course: COURSE, storage, now: clock, events });
  const panel = openStore({ course: COURSE, storage, now: clock, events });
  const other = openStore({ course: "autre", storage, now: clock, events });
  const heard = [];
  quiz.subscribe((key, value) => heard.push(["quiz", key, value]));
  panel.subscribe((key, value) => heard.push(["panel", key, value]));
  other.subscribe((key) => heard.push(["other", key]));
  quiz.set("quiz:a", 1);
  panel.importProgress(good());
  panel.clear();
  quiz.remove("quiz:a");
  assert.deepEqual(heard, [
    ["quiz", "quiz:a", 1],
    ["panel", "quiz:a", 1],
    ["panel", "a", 1],
    ["quiz", "a", 1],
    ["panel", "a", null],
    ["quiz", "a", null],
    ["panel", "quiz:a", null],
    ["quiz", "quiz:a", null],
    ["panel", "quiz:a", null],
  ]);
  assert.equal(typeof CHANGE_EVENT, "string");
});

test("a write from another tab (storage event) reaches the listeners", () => {
  const storage = memoryStorage();
  const events = new EventTarget();
  const store = openStore({ course: COURSE, storage, now: clock, events });
  const heard = [];
  store.subscribe((key, value) => heard.push([key, value]));
  const storageEvent = (key, newValue) => Object.assign(new Event("storage"), { key, newValue, storageArea: null });
  events.dispatchEvent(storageEvent(storageKey(COURSE, "quiz:b"), JSON.stringify({ value: 7, updated: null })));
  events.dispatchEvent(storageEvent(storageKey("autre", "quiz:b"), JSON.stringify({ value: 8, updated: null })));
  events.dispatchEvent(storageEvent("edukit.trainerView.v1", "on"));
  events.dispatchEvent(storageEvent(storageKey(COURSE, "quiz:b"), null));
  assert.deepEqual(heard, [["quiz:b", 7], ["quiz:b", null]]);
});

// -- lessons ---------------------------------------------------------------------------------

test("lesson records hold {completed, seconds} as edukit.progress.LessonValue", () => {
  const store = openStore({ course: COURSE, storage: memoryStorage(), now: () => "2026-06-01T10:00:00.000Z" });
  assert.equal(lessonKey("l01-accueil"), "lesson:l01-accueil");
  assert.throws(() => lessonKey("L01 accueil"), /invalid lesson id/);
  assert.deepEqual(lessonValue(store, "l01"), { completed: null, seconds: 0 });
  addLessonSeconds(store, "l01", 61.9);
  addLessonSeconds(store, "l01", 0.4);
  assert.deepEqual(store.record("lesson:l01"), { value: { completed: null, seconds: 61 }, updated: "2026-06-01T10:00:00.000Z" });
  setLessonCompleted(store, "l01", true, () => "2026-06-01T11:00:00.000Z");
  setLessonCompleted(store, "l01", true, () => "2026-06-09T00:00:00.000Z");
  assert.deepEqual(lessonValue(store, "l01"), { completed: "2026-06-01T11:00:00.000Z", seconds: 61 }, "a second « done » keeps the first date");
  setLessonCompleted(store, "l01", false);
  assert.deepEqual(lessonValue(store, "l01"), { completed: null, seconds: 61 });
  store.set("lesson:l02", { completed: "n'importe quoi", seconds: -3 });
  assert.deepEqual(lessonValue(store, "l02"), { completed: null, seconds: 0 }, "a damaged record reads as a fresh one");
});

test("summarize counts finished lessons, quizzes and lesson time", () => {
  const entries = [
    { key: "lesson:l01", value: { completed: "2026-06-01T11:00:00Z", seconds: 600 } },
    { key: "lesson:l02", value: { completed: null, seconds: 30 } },
    { key: "lesson:l03", value: "abîmé" },
    { key: "quiz:l01", value: {} },
    { key: "probe:x", value: 1 },
  ];
  assert.deepEqual(summarize(entries), { lessons: 2, completed: 1, seconds: 630, quizzes: 1, entries: 5 });
});

test("a SCORM package's scope keeps its records apart; progress files still name the course", () => {
  const storage = memoryStorage();
  const a = openStore({ course: COURSE, scope: `${COURSE}~aaaa1111`, storage, now: clock });
  const b = openStore({ course: COURSE, scope: `${COURSE}~bbbb2222`, storage, now: clock });
  const site = openStore({ course: COURSE, storage, now: clock });
  a.set("quiz:q", { answer: "A" });
  b.set("quiz:q", { answer: "B" });
  a.setLearner("Zoé");
  assert.deepEqual(a.get("quiz:q"), { answer: "A" });
  assert.deepEqual(b.get("quiz:q"), { answer: "B" });
  assert.equal(site.get("quiz:q"), null);
  assert.equal(storage.getItem(`edukit:v1:${COURSE}~aaaa1111:quiz:q`) !== null, true);
  assert.deepEqual(b.entries().map((entry) => entry.key), ["quiz:q"]);
  assert.equal(b.learner(), "");
  assert.equal(a.exportProgress().course, COURSE);
  storage.setItem(`edukit:owner:${COURSE}~bbbb2222`, "0a1b2c3d");
  assert.equal(b.clear(), 1);
  assert.equal(storage.getItem(`edukit:owner:${COURSE}~bbbb2222`), null);
  assert.deepEqual(a.get("quiz:q"), { answer: "A" });
  assert.throws(() => openStore({ course: COURSE, scope: "a:b", storage }), /invalid store scope/);
});

test("storeScope reads the package's meta only when it belongs to the course", () => {
  const doc = (content) => ({
    querySelector: (selector) => (selector === 'meta[name="edukit-store-scope"]' && content !== null ? { content } : null),
  });
  assert.equal(storeScope(COURSE, doc(`${COURSE}~0a1b2c3d`)), `${COURSE}~0a1b2c3d`);
  assert.equal(storeScope(COURSE, doc(null)), COURSE);
  assert.equal(storeScope(COURSE, doc("autre-cours~0a1b2c3d")), COURSE);
  assert.equal(storeScope(COURSE, doc(`${COURSE}~bad scope`)), COURSE);
  assert.equal(storeScope(COURSE, undefined), COURSE);
});
