// Classroom mode's browser logic without a browser: the queue of records waiting for the room's
// acknowledgement, the sync engine (fake fetch, fake timers, the real store on a memory storage),
// and the merge of what the server returns through the store's own rules.
import assert from "node:assert/strict";
import { test } from "node:test";

import { isRoom, siteRoot } from "../../src/edukit/classroom/static/classroom.js";
import {
  BACKOFF_MAX_MS,
  MAX_BATCH_BYTES,
  QUEUE_SLOT,
  SENT_SLOT,
  backoffDelay,
  createQueue,
  firstBatch,
  fingerprint,
  roomIdentity,
} from "../../src/edukit/classroom/static/classroom/queue.js";
import { createSync } from "../../src/edukit/classroom/static/classroom/sync.js";
import { checkPseudo, pageLanguage, translator } from "../../src/edukit/classroom/static/classroom/text.js";
import { memoryStorage, mergeRecord, openStore } from "../../src/edukit/widgets/static/store.js";

const ROOT = "http://192.168.1.20:8000/";
const ACCESS = { jeton: "jeton-de-test", apprenant: "a1", pseudo: "Monique", salle: "x" };

function clock(start = Date.UTC(2026, 11, 7, 9, 0, 0)) {
  let now = start;
  return {
    now: () => new Date(now).toISOString(),
    tick(seconds = 1) {
      now += seconds * 1000;
    },
  };
}

/** Timers that run only when the test says so. */
function fakeTimers() {
  const pending = new Map();
  let next = 1;
  return {
    set(callback, ms) {
      pending.set(next, { callback, ms });
      return next++;
    },
    clear(id) {
      pending.delete(id);
    },
    delays: () => [...pending.values()].map((entry) => entry.ms),
    async runAll() {
      const due = [...pending.values()];
      pending.clear();
      for (const entry of due) entry.callback();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

/** A room server as the contract says: merges with the progress rules, acks what it stored. */
function fakeRoom() {
  const records = new Map();
  const room = {
    up: true,
    refuse: new Set(), // keys answered with 400
    status: null, // a forced status for every request
    requests: [],
    records,
    gate: null, // a promise every request waits for (a slow network)
    async fetch(url, init = {}) {
      room.requests.push({ url, init });
      if (room.gate) await room.gate;
      if (!room.up) throw new TypeError("Failed to fetch");
      const json = (status, body) => ({
        ok: status >= 200 && status < 300,
        status,
        headers: { get: () => null },
        json: async () => body,
      });
      if (init.headers?.Authorization !== `Bearer ${ACCESS.jeton}`) return json(401, { erreur: "Jeton inconnu." });
      if (room.status) return json(room.status, { erreur: "Erreur forcée." });
      const path = new URL(url).pathname;
      if (path === "/api/mes-donnees") return json(200, { records: [...records.values()] });
      if (path === "/api/presence") return json(204, null);
      const body = JSON.parse(init.body);
      if (body.records.some((record) => room.refuse.has(record.key))) return json(400, { erreur: "Enregistrement refusé." });
      const ack = [];
      const serveur = [];
      for (const record of body.records) {
        const stored = records.get(record.key);
        const incoming = { value: record.value, updated: record.updated };
        const merged = mergeRecord(record.key, stored ? { value: stored.value, updated: stored.updated } : null, incoming);
        records.set(record.key, { key: record.key, ...merged });
        ack.push(record.key);
        if (JSON.stringify(merged) !== JSON.stringify(incoming)) serveur.push({ key: record.key, ...merged });
      }
      return json(200, { ack, serveur });
    },
  };
  return room;
}

function setup({ storage = memoryStorage(), room = fakeRoom(), timers = fakeTimers(), time = clock() } = {}) {
  const store = openStore({ course: "cours", storage, now: time.now });
  const statuses = [];
  let unauthorized = 0;
  const sync = createSync({
    store,
    storage,
    access: ACCESS,
    root: ROOT,
    place: () => ({ page: "/l01/", lecon: "l01" }),
    fetchImpl: room.fetch,
    timers,
    random: () => 1,
    onStatus: (status) => statuses.push(status),
    onUnauthorized: () => {
      unauthorized += 1;
    },
  });
  return { storage, store, room, timers, time, sync, statuses, unauthorized: () => unauthorized };
}

test("pure helpers: site root, room answer, identity, language, pseudonym", () => {
  assert.equal(siteRoot("http://10.0.0.2:8000/cours/assets/edukit-classroom/classroom.js?v=1"), "http://10.0.0.2:8000/cours/");
  assert.ok(isRoom({ salle: true, version: 1 }));
  assert.ok(!isRoom({ salle: true, version: 2 }));
  assert.ok(!isRoom({ detail: "Not Found" }));
  assert.ok(!isRoom(null));
  assert.notEqual(roomIdentity({ cours: "a", nom: "Salle 1" }), roomIdentity({ cours: "b", nom: "Salle 1" }));
  assert.equal(pageLanguage({ documentElement: { lang: "en-GB" } }), "en");
  assert.equal(pageLanguage({ documentElement: { lang: "fr" } }), "fr");
  assert.equal(pageLanguage({ documentElement: {} }), "fr");
  const t = translator("fr");
  assert.deepEqual(checkPseudo("  Zoé   M. ", t), { ok: true, pseudo: "Zoé M." });
  assert.equal(checkPseudo("   ", t).message, "Choisissez un pseudonyme (un prénom ou un surnom).");
  assert.equal(checkPseudo("é".repeat(41), t).ok, false);
  assert.equal(checkPseudo("é".repeat(40), t).ok, true, "40 characters, however many bytes");
  assert.equal(t("chip.connected", { pseudo: "Monique" }), "Connecté à la salle · Monique");
  assert.equal(translator("en")("chip.pending", { count: 1 }), "1 record waiting to be sent.");
  assert.equal(t("chip.pending", { count: 3 }), "3 enregistrements en attente d'envoi.");
});

test("backoff doubles from 1 s to at most 60 s, with jitter below the ceiling", () => {
  assert.deepEqual([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, () => 1)), [1000, 2000, 4000, 8000]);
  assert.equal(backoffDelay(20, () => 1), BACKOFF_MAX_MS);
  assert.equal(backoffDelay(0, () => 0), 500);
});

test("a batch stays under the byte cap, yet a record bigger than the cap goes alone", () => {
  const small = Array.from({ length: 50 }, (_, index) => ({ key: `k${index}`, updated: null, value: "x".repeat(2000) }));
  const batch = firstBatch(small);
  assert.ok(batch.length > 1 && batch.length < 50, String(batch.length));
  assert.ok(JSON.stringify(batch).length <= MAX_BATCH_BYTES);
  const huge = [{ key: "gros", updated: null, value: "x".repeat(MAX_BATCH_BYTES * 2) }, ...small];
  assert.deepEqual(firstBatch(huge).map((record) => record.key), ["gros"]);
  assert.equal(firstBatch(small, { maxRecords: 3 }).length, 3);
});

test("the queue lives in localStorage, belongs to one learner, and finds what the server lacks", () => {
  const storage = memoryStorage();
  const queue = createQueue(storage, "a1");
  assert.equal(queue.add(["quiz:b", "quiz:a", "quiz:b"]), 2);
  assert.deepEqual(queue.keys(), ["quiz:a", "quiz:b"]);
  assert.deepEqual(createQueue(storage, "a1").keys(), ["quiz:a", "quiz:b"], "a new page (closed tab) finds it");
  assert.deepEqual(createQueue(storage, "a2").keys(), [], "another learner on this device starts empty");
  queue.remove("quiz:a");
  assert.deepEqual(queue.keys(), ["quiz:b"]);
  const record = { key: "lesson:l01", value: { completed: null, seconds: 5 }, updated: "2026-12-07T09:00:00.000Z" };
  queue.acknowledged(record.key, fingerprint(record));
  assert.equal(queue.reconcile([record, { key: "x", value: 1, updated: null }]), 1, "only the unacknowledged one");
  assert.equal(queue.reconcile([{ ...record, value: { completed: null, seconds: 6 } }]), 1, "a changed record is queued again");
  queue.forget();
  assert.equal(storage.getItem(QUEUE_SLOT), null);
  assert.equal(storage.getItem(SENT_SLOT), null);
});

test("a change is queued, sent with the page and lesson, and leaves the queue once acknowledged", async () => {
  const { store, room, sync, timers } = setup();
  await sync.start();
  store.set("quiz:l01", { version: 1, items: { q1: { answer: 1, score: 1, tries: 1, done: true } }, score: 1 });
  assert.deepEqual(sync.queue.keys(), ["quiz:l01"]);
  assert.deepEqual(timers.delays(), [600], "sent shortly after, not at every keystroke");
  await timers.runAll();
  const sent = room.requests.filter((request) => request.url.endsWith("/api/sync"));
  assert.equal(sent.length, 1);
  assert.equal(sent[0].url, `${ROOT}api/sync`);
  const body = JSON.parse(sent[0].init.body);
  assert.equal(body.page, "/l01/");
  assert.equal(body.lecon, "l01");
  assert.deepEqual(body.records.map((record) => record.key), ["quiz:l01"]);
  assert.equal(sent[0].init.headers.Authorization, "Bearer jeton-de-test");
  assert.equal(room.records.get("quiz:l01").value.score, 1);
  assert.deepEqual(sync.queue.keys(), []);
});

test("offline: nothing leaves the queue, retries back off, and everything arrives when the room answers", async () => {
  const { store, room, sync, timers, statuses } = setup();
  await sync.start();
  room.up = false;
  store.set("lesson:l01", { completed: null, seconds: 30 });
  store.set("quiz:l02", { score: 1 });
  await timers.runAll();
  assert.deepEqual(sync.queue.keys(), ["lesson:l01", "quiz:l02"]);
  assert.deepEqual(timers.delays(), [1000]);
  assert.equal(statuses.at(-1).state, "offline");
  assert.equal(statuses.at(-1).pending, 2);
  await timers.runAll();
  assert.deepEqual(timers.delays(), [2000], "the wait doubles");
  await timers.runAll();
  assert.deepEqual(timers.delays(), [4000]);
  room.up = true; // the server restarted, or the laptop woke up
  await sync.wake();
  assert.deepEqual(sync.queue.keys(), []);
  assert.deepEqual([...room.records.keys()].sort(), ["lesson:l01", "quiz:l02"]);
  assert.equal(statuses.at(-1).state, "synced");
  assert.equal(sync.state().attempt, 0);
});

test("a server error or a rate limit is retried too; an expired token keeps the queue", async () => {
  const { store, room, sync, timers, unauthorized } = setup();
  await sync.start();
  room.status = 503;
  store.set("quiz:a", { score: 1 });
  await timers.runAll();
  assert.deepEqual(sync.queue.keys(), ["quiz:a"]);
  assert.deepEqual(timers.delays(), [1000]);
  room.status = 401;
  await timers.runAll();
  assert.equal(unauthorized(), 1);
  assert.deepEqual(sync.queue.keys(), ["quiz:a"], "a new token will send it");
  assert.deepEqual(timers.delays(), [], "no retry with a token the room refuses");
});

test("a closed tab loses nothing: the next page sends what the last one could not", async () => {
  const storage = memoryStorage();
  const room = fakeRoom();
  room.up = false;
  const first = setup({ storage, room });
  await first.sync.start();
  first.store.set("quiz:a", { score: 1 });
  await first.timers.runAll();
  first.sync.stop(); // the tab closes
  room.up = true;
  const second = setup({ storage, room });
  await second.sync.start();
  assert.equal(room.records.get("quiz:a").value.score, 1);
  assert.deepEqual(second.sync.queue.keys(), []);
});

test("records written before joining (or while the script was not running) are found and sent", async () => {
  const storage = memoryStorage();
  const before = openStore({ course: "cours", storage });
  before.set("lesson:l01", { completed: "2026-12-07T08:00:00Z", seconds: 600 });
  const { room, sync } = setup({ storage });
  await sync.start();
  assert.equal(room.records.get("lesson:l01").value.seconds, 600);
  await sync.start();
  assert.equal(room.requests.filter((request) => request.url.endsWith("/api/sync")).length, 1, "acknowledged records are not sent again");
});

test("a record changed while it travelled stays queued with its new state", async () => {
  const { store, room, sync, timers, time } = setup();
  await sync.start();
  store.set("quiz:a", { score: 0 });
  let release;
  room.gate = new Promise((resolve) => {
    release = resolve;
  });
  const flushing = sync.flush();
  await new Promise((resolve) => setTimeout(resolve, 0));
  time.tick();
  store.set("quiz:a", { score: 1 });
  assert.deepEqual(timers.delays(), [600]);
  room.gate = null;
  release();
  await flushing;
  assert.equal(room.records.get("quiz:a").value.score, 1, "sent again in the same run");
  assert.equal(room.records.get("quiz:a").value.score, 1);
  assert.deepEqual(sync.queue.keys(), []);
});

test("a record the room refuses is skipped alone; the others still go", async () => {
  const { store, room, sync, timers } = setup();
  await sync.start();
  room.refuse.add("quiz:mauvais");
  store.set("quiz:a", 1);
  store.set("quiz:mauvais", 2);
  store.set("quiz:z", 3);
  await timers.runAll();
  assert.deepEqual([...room.records.keys()].sort(), ["quiz:a", "quiz:z"]);
  assert.deepEqual(sync.queue.keys(), ["quiz:mauvais"], "never dropped: the next page tries it again");
  assert.deepEqual(sync.state().skipped, ["quiz:mauvais"]);
});

test("what the server returns is merged by the store's rules: a newer local record is never overwritten", async () => {
  const time = clock();
  const { store, room, sync } = setup({ time });
  // the server holds records from another device
  room.records.set("quiz:vieux", { key: "quiz:vieux", value: { score: 0 }, updated: "2026-01-01T00:00:00Z" });
  room.records.set("quiz:autre", { key: "quiz:autre", value: { score: 5 }, updated: "2026-01-01T00:00:00Z" });
  room.records.set("lesson:l01", { key: "lesson:l01", value: { completed: "2026-12-01T10:00:00Z", seconds: 100 }, updated: "2026-12-01T10:00:00Z" });
  store.set("quiz:vieux", { score: 3 }); // newer here
  store.set("lesson:l01", { completed: null, seconds: 900 });
  assert.ok(await sync.pull());
  assert.deepEqual(store.get("quiz:vieux"), { score: 3 });
  assert.deepEqual(store.get("quiz:autre"), { score: 5 }, "what this device lacked arrives");
  assert.deepEqual(store.get("lesson:l01"), { completed: "2026-12-01T10:00:00Z", seconds: 900 }, "completion kept, larger time kept");
  assert.deepEqual(sync.queue.keys(), ["lesson:l01", "quiz:vieux"], "the union goes back; the adopted record does not");
  await sync.start();
  assert.deepEqual(room.records.get("quiz:vieux").value, { score: 3 });
  assert.deepEqual(room.records.get("lesson:l01").value, { completed: "2026-12-01T10:00:00Z", seconds: 900 });
  assert.deepEqual(sync.queue.keys(), []);
});

test("a quiz answered on two devices keeps every question; an empty record never replaces work", async () => {
  const { store, sync } = setup();
  store.set("quiz:l05", { version: 1, items: { q1: { answer: 0, score: 1, tries: 1, done: true, answered: "2026-12-07T09:00:00Z" } }, score: 1, total: 2 });
  store.set("note:l05", { texte: "Mon brouillon" });
  const result = store.mergeRecords([
    { key: "quiz:l05", updated: "2026-12-08T09:00:00Z", value: { version: 1, items: { q2: { answer: 2, score: 0, tries: 1, done: true, answered: "2026-12-08T09:00:00Z" } }, score: 0, total: 2 } },
    { key: "note:l05", updated: "2030-01-01T00:00:00Z", value: {} },
    { key: "lesson:pas bon", updated: null, value: 1 },
    { key: "lesson:l09", updated: "pas une date", value: { completed: null, seconds: 1 } },
  ]);
  assert.deepEqual(Object.keys(store.get("quiz:l05").items).sort(), ["q1", "q2"]);
  assert.equal(store.get("quiz:l05").score, 1);
  assert.equal(store.record("quiz:l05").updated, "2026-12-08T09:00:00Z");
  assert.deepEqual(store.get("note:l05"), { texte: "Mon brouillon" });
  assert.deepEqual(result.skipped, ["lesson:pas bon", "lesson:l09"]);
  assert.deepEqual(result.combined, ["quiz:l05", "note:l05"]);
  assert.equal(store.get("lesson:l09"), null, "a malformed record is never written");
  assert.equal(sync.queue.size(), 0, "merging alone does not queue (the engine decides)");
});

test("merges from the server are not echoed back as new changes", async () => {
  const { store, room, sync } = setup();
  room.records.set("quiz:x", { key: "quiz:x", value: { score: 2 }, updated: "2026-12-01T00:00:00Z" });
  await sync.start();
  await sync.pull();
  assert.deepEqual(store.get("quiz:x"), { score: 2 });
  assert.deepEqual(sync.queue.keys(), []);
  const syncs = room.requests.filter((request) => request.url.endsWith("/api/sync")).length;
  await sync.flush();
  assert.equal(room.requests.filter((request) => request.url.endsWith("/api/sync")).length, syncs);
});

test("a batch larger than the cap is split over several requests", async () => {
  const { store, room, sync } = setup();
  for (let index = 0; index < 40; index += 1) store.set(`quiz:${String(index).padStart(2, "0")}`, { texte: "x".repeat(3000) });
  await sync.start();
  const requests = room.requests.filter((request) => request.url.endsWith("/api/sync"));
  assert.ok(requests.length >= 3, String(requests.length));
  for (const request of requests) assert.ok(request.init.body.length < 64 * 1024);
  assert.equal(room.records.size, 40);
  assert.deepEqual(sync.queue.keys(), []);
});

test("closing the page sends with keepalive so the request outlives the tab", async () => {
  const { store, room, sync } = setup();
  await sync.start();
  store.set("quiz:a", 1);
  await sync.flush({ keepalive: true });
  const last = room.requests.at(-1);
  assert.equal(last.init.keepalive, true);
  assert.equal(last.init.method, "POST");
});
