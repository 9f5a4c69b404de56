// edukit classroom, the sync engine of one learner: records queued in localStorage are sent to
// `api/sync` in batches and leave the queue only once the room acknowledged them; what the room
// holds and this device lacks is merged through the store's own rules. Everything it needs is
// injected (the store, localStorage, fetch, timers), so node tests drive it with a fake server
// and a fake clock.

import { FLUSH_DELAY_MS, MAX_BATCH_RECORDS, backoffDelay, createQueue, fingerprint, firstBatch } from "./queue.js";

/** What the server answered, as an error the sync engine can act on. */
export class SyncError extends Error {
  constructor(kind, status = 0, retryAfter = 0) {
    super(`${kind} ${status}`);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

/** POST `body` as JSON with the learner's token; the answer's JSON, null for 204, or a SyncError. */
async function postJson(fetchImpl, url, token, body, keepalive) {
  const text = JSON.stringify(body);
  let response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: text,
      cache: "no-store",
      credentials: "same-origin",
      // keepalive lets a request outlive a closed tab; browsers cap such bodies at 64 KiB
      keepalive: keepalive && text.length < 60_000,
    });
  } catch {
    throw new SyncError("network");
  }
  if (response.status === 401) throw new SyncError("unauthorized", 401);
  if (!response.ok) {
    const retryAfter = Number(response.headers?.get?.("Retry-After")) || 0;
    throw new SyncError(response.status >= 500 || response.status === 429 || response.status === 408 ? "retry" : "refused", response.status, retryAfter);
  }
  if (response.status === 204) return null;
  try {
    return await response.json();
  } catch {
    throw new SyncError("retry", response.status);
  }
}

/** The queued records as the store holds them now (a key the store lost leaves the queue). */
function queuedRecords(queue, store, skipped) {
  const records = [];
  for (const key of queue.keys()) {
    if (skipped.has(key)) continue;
    const record = store.record(key);
    if (!record) {
      queue.remove(key); // removed on this device (a quiz started again): nothing to send
      continue;
    }
    records.push({ key, updated: record.updated ?? null, value: record.value ?? null });
  }
  return records;
}

class SyncEngine {
  constructor({ store, storage, access, root, place, fetchImpl, timers, random, onStatus, onUnauthorized }) {
    Object.assign(this, { store, access, root, place, fetchImpl, timers, random, onStatus, onUnauthorized });
    this.queue = createQueue(storage, access.apprenant);
    this.skipped = new Set(); // refused one by one by the server: kept, not retried in this page
    this.maxRecords = MAX_BATCH_RECORDS;
    this.attempt = 0;
    this.timer = null;
    this.running = null;
    this.applying = false;
    this.stopped = false;
    this.offline = false;
    this.unsubscribe = () => {};
  }

  endpoint(path) {
    return new URL(path, this.root).href;
  }

  status(state) {
    this.onStatus({ state, pending: this.queue.size(), offline: this.offline });
  }

  schedule(ms) {
    if (this.stopped) return;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.flush();
    }, ms);
  }

  enqueue(keys) {
    if (this.queue.add(keys)) this.status("pending");
    this.schedule(FLUSH_DELAY_MS);
  }

  post(path, body, { keepalive = false } = {}) {
    return postJson(this.fetchImpl, this.endpoint(path), this.access.jeton, body, keepalive);
  }

  /** Merge what the server holds (`serveur`) through the store's rules. */
  applyServer(records) {
    if (!Array.isArray(records) || !records.length) return;
    this.applying = true;
    let result;
    try {
      result = this.store.mergeRecords(records);
    } finally {
      this.applying = false;
    }
    const combined = new Set(result.combined);
    for (const record of records) {
      const key = record?.key;
      if (typeof key !== "string" || result.skipped.includes(key)) continue;
      if (combined.has(key)) this.queue.add([key]); // this device holds more: send the union back
      else {
        this.queue.acknowledged(key, fingerprint(this.store.record(key)));
        this.queue.remove(key);
      }
    }
  }

  /** A refused batch is halved until the one record the room refuses is found, then skipped. */
  refused(batch, error) {
    if (batch.length > 1) {
      this.maxRecords = Math.max(1, Math.floor(batch.length / 2)); // find the one it refuses
      return true;
    }
    this.skipped.add(batch[0].key);
    console.warn(`edukit classroom: the room refused the record "${batch[0].key}" (${error.status})`);
    return true;
  }

  async sendBatch(keepalive) {
    const records = queuedRecords(this.queue, this.store, this.skipped);
    if (!records.length) return false;
    const batch = firstBatch(records, { maxRecords: this.maxRecords });
    const prints = new Map(batch.map((record) => [record.key, fingerprint(record)]));
    let answer;
    try {
      answer = await this.post("api/sync", { records: batch, ...this.place() }, { keepalive });
    } catch (error) {
      if (error.kind === "refused") return this.refused(batch, error);
      throw error;
    }
    const acked = new Set(Array.isArray(answer?.ack) ? answer.ack : []);
    for (const [key, print] of prints) {
      if (!acked.has(key)) continue;
      this.queue.acknowledged(key, print);
      // changed again while it travelled: it stays queued, with its new state
      if (fingerprint(this.store.record(key)) === print) this.queue.remove(key);
    }
    this.applyServer(answer?.serveur);
    return acked.size > 0 || Boolean(answer?.serveur?.length);
  }

  async run(keepalive) {
    try {
      let progressing = true;
      let rounds = 0;
      while (progressing && !this.stopped && rounds < 100) {
        rounds += 1;
        progressing = await this.sendBatch(keepalive);
      }
      this.attempt = 0;
      this.offline = false;
      this.status(this.queue.size() - this.skipped.size > 0 ? "pending" : "synced");
    } catch (error) {
      if (error.kind === "unauthorized") {
        this.status("expired");
        this.onUnauthorized();
        return;
      }
      this.offline = error.kind === "network";
      const wait = Math.max(backoffDelay(this.attempt, this.random), (error.retryAfter || 0) * 1000);
      this.attempt += 1;
      this.status(this.offline ? "offline" : "retry");
      this.schedule(wait);
    }
  }

  /** Send what is queued now (one run at a time; a second call waits for the running one). */
  flush({ keepalive = false } = {}) {
    if (this.stopped) return Promise.resolve();
    if (this.running) return this.running;
    if (this.timer !== null) {
      this.timers.clear(this.timer);
      this.timer = null;
    }
    this.running = this.run(keepalive).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Tell the room where the learner is (the dashboard's « où en est chacun »). */
  async presence({ keepalive = false } = {}) {
    try {
      await this.post("api/presence", this.place(), { keepalive });
      return true;
    } catch (error) {
      if (error.kind === "unauthorized") {
        this.status("expired");
        this.onUnauthorized();
      }
      return false;
    }
  }

  /** Pull the learner's records kept by the room (another device, a cleared browser). */
  async pull() {
    let response;
    try {
      response = await this.fetchImpl(this.endpoint("api/mes-donnees"), {
        headers: { Authorization: `Bearer ${this.access.jeton}` },
        cache: "no-store",
        credentials: "same-origin",
      });
    } catch {
      return false;
    }
    if (response.status === 401) {
      this.onUnauthorized();
      return false;
    }
    if (!response.ok) return false;
    try {
      this.applyServer((await response.json())?.records);
      return true;
    } catch {
      return false;
    }
  }

  /** Listen to the store, queue what the server lacks, send it. */
  start() {
    this.stopped = false;
    this.unsubscribe = this.store.subscribe((key, value) => {
      if (this.applying || value === null || value === undefined) return;
      this.enqueue([key]);
    });
    this.queue.reconcile(this.store.entries());
    this.status(this.queue.size() ? "pending" : "synced");
    return this.flush();
  }

  /** Retry now: the network is back, the laptop woke up, the page is visible again. */
  wake() {
    this.attempt = 0;
    return this.flush();
  }

  stop() {
    this.stopped = true;
    this.unsubscribe();
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }
}

/**
 * The sync engine of one learner: `enqueue(keys)`, `flush({keepalive})`, `start()`, `stop()`.
 * Everything it needs is injected (the store, localStorage, fetch, timers), so node tests
 * drive it with a fake server and a fake clock.
 */
export function createSync({
  store,
  storage,
  access,
  root,
  place = () => ({ page: null, lecon: null }),
  fetchImpl = globalThis.fetch?.bind(globalThis),
  timers = { set: (callback, ms) => setTimeout(callback, ms), clear: (id) => clearTimeout(id) },
  random = Math.random,
  onStatus = () => {},
  onUnauthorized = () => {},
}) {
  const engine = new SyncEngine({ store, storage, access, root, place, fetchImpl, timers, random, onStatus, onUnauthorized });
  return {
    queue: engine.queue,
    enqueue: (keys) => engine.enqueue(keys),
    flush: (options) => engine.flush(options),
    presence: (options) => engine.presence(options),
    pull: () => engine.pull(),
    start: () => engine.start(),
    wake: () => engine.wake(),
    stop: () => engine.stop(),
    state: () => ({ pending: engine.queue.size(), attempt: engine.attempt, offline: engine.offline, skipped: [...engine.skipped] }),
  };
}
