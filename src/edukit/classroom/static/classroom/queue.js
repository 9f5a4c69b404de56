// edukit classroom, what waits for the room: the storage slots, the queue of record keys not yet
// acknowledged (with the ledger of what was), batches, backoff and fingerprints. Pure: the
// storage is injected, node tests drive it on a memory storage.

export const TOKEN_SLOT = "edukit:classe:jeton";
export const QUEUE_SLOT = "edukit:classe:file";
/** Per key, a fingerprint of the record the server acknowledged last (to find what it lacks). */
export const SENT_SLOT = "edukit:classe:envoye";
/** sessionStorage: the learner chose « Plus tard » in this tab; do not open the dialog again. */
export const LATER_SLOT = "edukit:classe:plus-tard";
export const PLAYGROUND_ENDPOINT_SLOT = "edukit:playground:endpoint";
export const PLAYGROUND_KEY_SLOT = "edukit:playground:key";
export const ENDPOINT_EVENT = "edukit:playground-endpoint";
/** Bytes of records per `api/sync` request (the server refuses bodies above 64 KiB). */
export const MAX_BATCH_BYTES = 48 * 1024;
/** Records per request (the server takes 500 at most). */
export const MAX_BATCH_RECORDS = 200;
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 60_000;
/** Presence is refreshed this often while the page is visible (the server says « connecté » for 120 s). */
export const HEARTBEAT_MS = 45_000;
export const FLUSH_DELAY_MS = 600;
export const PAGE_MAX = 300;
export const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,119}$/;

/** What identifies a room across visits: a token of another room is useless here. */
export function roomIdentity(info) {
  return `${info?.cours ?? ""}\u0000${info?.id ?? info?.nom ?? ""}`;
}

/** A short fingerprint of a record (FNV-1a over its JSON): did it change since it was sent? */
export function fingerprint(record) {
  const text = JSON.stringify({ updated: record?.updated ?? null, value: record?.value ?? null });
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${text.length.toString(36)}.${hash.toString(36)}`;
}

/** Wait before the `attempt`-th retry (1, 2, 4 … 60 s, with jitter so a room does not retry at once). */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** The first records that fit one request (at least one, so a big record is still tried alone). */
export function firstBatch(records, { maxBytes = MAX_BATCH_BYTES, maxRecords = MAX_BATCH_RECORDS } = {}) {
  const batch = [];
  let bytes = 0;
  for (const record of records) {
    const size = new TextEncoder().encode(JSON.stringify(record)).length + 1;
    if (batch.length && (bytes + size > maxBytes || batch.length >= maxRecords)) break;
    batch.push(record);
    bytes += size;
  }
  return batch;
}

export function readJson(storage, slot, fallback) {
  try {
    const raw = storage?.getItem(slot);
    if (raw === null || raw === undefined) return fallback;
    const value = JSON.parse(raw);
    return value && typeof value === "object" && !Array.isArray(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

export function writeJson(storage, slot, value) {
  try {
    storage?.setItem(slot, JSON.stringify(value));
    return true;
  } catch {
    return false; // a full storage: the records are still in the store, reconciliation finds them
  }
}

/** The learner's room access on this device: `{jeton, apprenant, pseudo, salle}` or null. */
export function readAccess(storage) {
  const access = readJson(storage, TOKEN_SLOT, null);
  return access && typeof access.jeton === "string" && access.jeton ? access : null;
}

/**
 * The queue of record keys waiting for the server's acknowledgement, kept in localStorage
 * (`edukit:classe:file`) with the ledger of what the server acknowledged (`edukit:classe:envoye`),
 * both for one learner. Every operation reads storage again: other tabs share it.
 */
export function createQueue(storage, learner, now = () => new Date().toISOString()) {
  const load = (slot) => {
    const data = readJson(storage, slot, null);
    return data && data.apprenant === learner && data.cles && typeof data.cles === "object" ? data.cles : {};
  };
  const save = (slot, cles) => writeJson(storage, slot, { v: 1, apprenant: learner, cles });
  return {
    keys() {
      return Object.keys(load(QUEUE_SLOT)).sort();
    },
    size() {
      return Object.keys(load(QUEUE_SLOT)).length;
    },
    has(key) {
      return Object.hasOwn(load(QUEUE_SLOT), key);
    },
    add(keys) {
      const cles = load(QUEUE_SLOT);
      let added = 0;
      for (const key of keys) {
        if (Object.hasOwn(cles, key)) continue;
        cles[key] = now();
        added += 1;
      }
      if (added) save(QUEUE_SLOT, cles);
      return added;
    },
    remove(key) {
      const cles = load(QUEUE_SLOT);
      if (!Object.hasOwn(cles, key)) return;
      delete cles[key];
      save(QUEUE_SLOT, cles);
    },
    /** The server holds this record: remember its fingerprint. */
    acknowledged(key, print) {
      const cles = load(SENT_SLOT);
      cles[key] = print;
      save(SENT_SLOT, cles);
    },
    sent(key) {
      return load(SENT_SLOT)[key] ?? null;
    },
    /** Queue every record of `entries` the server has not acknowledged in this very state. */
    reconcile(entries) {
      const sent = load(SENT_SLOT);
      return this.add(entries.filter((entry) => sent[entry.key] !== fingerprint(entry)).map((entry) => entry.key));
    },
    forget() {
      storage?.removeItem(QUEUE_SLOT);
      storage?.removeItem(SENT_SLOT);
    },
  };
}
