import assert from "node:assert/strict";
import { test } from "node:test";

import {
  SCHEMA,
  STORE_VERSION,
  memoryStorage,
  migrate,
  openStore,
  storageKey,
  validateProgress,
} from "../../src/edukit/widgets/static/store.js";

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

test("export writes a progress file with schema, version, course, entries and timestamps", () => {
  const store = openStore({ course: COURSE, storage: memoryStorage(), now: () => "2026-03-04T05:06:07.000Z" });
  store.set("b", 2);
  store.set("a", { x: 1 });
  const file = store.exportProgress();
  assert.deepEqual(file, {
    schema: SCHEMA,
    version: 1,
    course: COURSE,
    exported: "2026-03-04T05:06:07.000Z",
    entries: [
      { key: "a", value: { x: 1 }, updated: "2026-03-04T05:06:07.000Z" },
      { key: "b", value: 2, updated: "2026-03-04T05:06:07.000Z" },
    ],
  });
  assert.equal(SCHEMA, "edukit-progress");
});

test("import round-trips an export onto another device", () => {
  const source = openStore({ course: COURSE, storage: memoryStorage(), now: clock });
  source.set("quiz:l01", { score: 4 });
  const target = openStore({ course: COURSE, storage: memoryStorage(), now: clock });
  const result = target.importProgress(JSON.stringify(source.exportProgress()));
  assert.deepEqual(result, { ok: true, imported: 1, kept: 0 });
  assert.deepEqual(target.get("quiz:l01"), { score: 4 });
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
  assert.deepEqual(store.importProgress(file), { ok: true, imported: 1, kept: 1 });
  assert.equal(store.get("k"), "local, plus récent");
  assert.equal(store.get("new"), "nouveau");
});

const good = () => ({
  schema: SCHEMA, version: 1, course: COURSE, exported: "2026-04-01T00:00:00Z",
  entries: [{ key: "a", value: 1, updated: "2026-04-01T00:00:00Z" }],
});

const refusals = [
  ["{pas du json", /pas un fichier JSON lisible/],
  [JSON.stringify([1, 2]), /ne contient pas une progression/],
  [{ ...good(), schema: "autre" }, /pas un fichier de progression edukit/],
  [{ ...good(), version: 2 }, /version 2, ce site lit la version 1/],
  [{ ...good(), course: "autre-cours" }, /concerne le cours « autre-cours »/],
  [{ ...good(), exported: "hier" }, /date d'export/],
  [{ ...good(), entries: "a" }, /liste d'entrées/],
  [{ ...good(), entries: [null] }, /entrée n° 1 n'est pas un objet/],
  [{ ...good(), entries: [{ key: "", value: 1, updated: null }] }, /entrée n° 1 n'a pas de clé valide/],
  [{ ...good(), entries: [{ key: "a", updated: null }] }, /« a » n'a pas de valeur/],
  [{ ...good(), entries: [{ key: "a", value: 1, updated: "2026-13" }] }, /date de l'entrée « a »/],
  [{ ...good(), entries: [{ key: "a", value: 1, updated: null }, { key: "a", value: 2, updated: null }] }, /apparaît deux fois/],
];

for (const [input, reason] of refusals) {
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

test("validateProgress accepts a good file", () => {
  assert.equal(validateProgress(good(), COURSE).ok, true);
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
  assert.deepEqual(await importProgressFile(store, { size: text.length, text: async () => text }), { ok: true, imported: 1, kept: 0 });
  const huge = await importProgressFile(store, { size: 6_000_000, text: async () => "" });
  assert.match(huge.reason, /trop gros/);
  assert.match((await importProgressFile(store, null)).reason, /Aucun fichier/);
});
