// Learner progress kept in the browser: versioned localStorage keys, migrations, the store of
// one course that every widget of a page shares, and how the copies of this module in a page
// (one per widget bundle) and the other tabs hear each other's writes. Pure ES module: storage,
// clock and event target are injected, so node's test runner can drive it.
// The records and their merge rules live in store-records.js, the progress file (seal,
// validation, download, import) in store-file.js; this module re-exports their public names,
// so that every caller imports the store from one place.
//
// STORE_VERSION is the version of the localStorage keys (`edukit:v1:…`), migrated in place; it
// is not the version of the exported file (FILE_VERSION, store-file.js).

import {
  canonicalJson,
  FILE_VERSION,
  normalizeLearner,
  SCHEMA,
  sealProgress,
  validateProgress,
} from "./store-file.js";
import { isEmptyValue, isRecordShape, mergeRecord } from "./store-records.js";

export {
  canonicalJson,
  downloadProgress,
  FILE_VERSION,
  fileSlug,
  importProgressFile,
  localDate,
  MAX_FILE_BYTES,
  MAX_LEARNER_LENGTH,
  normalizeLearner,
  progressDigest,
  progressFileName,
  SCHEMA,
  sealProgress,
  validateProgress,
} from "./store-file.js";
export {
  addLessonSeconds,
  lessonKey,
  lessonValue,
  MAX_LESSON_SECONDS,
  mergeRecord,
  setLessonCompleted,
  summarize,
} from "./store-records.js";

export const STORE_VERSION = 1;
const PREFIX = "edukit:";
/** The DOM event that tells the other copies of this module (one per widget bundle) of a change. */
export const CHANGE_EVENT = "edukit:store-change";

/**
 * `edukit:v1:<scope>:<widget-key>` — the only shape of key this module writes. The scope is the
 * course id on the site; a SCORM package keeps its records under its own scope
 * (`<course>~<package>`, see `storeScope`) so that two packages never replace each other's.
 */
export function storageKey(course, widgetKey, version = STORE_VERSION) {
  return `${PREFIX}v${version}:${course}:${widgetKey}`;
}

function parseKey(key) {
  const match = /^edukit:v(\d+):([^:]+):(.+)$/.exec(key);
  return match ? { version: Number(match[1]), course: match[2], widgetKey: match[3] } : null;
}

function storageKeys(storage) {
  const keys = [];
  for (let index = 0; index < storage.length; index += 1) keys.push(storage.key(index));
  return keys;
}

/**
 * Migrations from version `n` to `n + 1`, keyed by `n`: `(record, widgetKey) => record | null`
 * (null drops the entry). A new site version that changes the record shape adds one here;
 * the old keys are rewritten under the new version the next time the store opens.
 */
export const migrations = {
  // Version 0 (pre-release) stored the bare value; version 1 wraps it with a timestamp.
  0: (record) => ({ value: record, updated: null }),
};

export function migrate(storage, course, table = migrations, target = STORE_VERSION) {
  let moved = 0;
  for (let version = 0; version < target; version += 1) {
    for (const key of storageKeys(storage)) {
      const parsed = parseKey(key);
      if (!parsed || parsed.version !== version || parsed.course !== course) continue;
      const step = table[version];
      let record;
      try {
        record = JSON.parse(storage.getItem(key));
      } catch {
        continue; // unreadable: leave it alone rather than destroy it
      }
      const next = step ? step(record, parsed.widgetKey) : record;
      const nextKey = storageKey(course, parsed.widgetKey, version + 1);
      if (next !== null && next !== undefined && storage.getItem(nextKey) === null) {
        storage.setItem(nextKey, JSON.stringify(next));
        moved += 1;
      }
      storage.removeItem(key);
    }
  }
  return moved;
}

function defaultStorage() {
  try {
    const storage = globalThis.localStorage;
    const probe = `${PREFIX}probe`;
    storage.setItem(probe, "1");
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

/** An in-memory Storage, used when the browser refuses localStorage (private mode, file://). */
export function memoryStorage() {
  const map = new Map();
  return {
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
    getItem: (key) => (map.has(key) ? map.get(key) : null),
    setItem: (key, value) => map.set(key, String(value)),
    removeItem: (key) => map.delete(key),
    clear: () => map.clear(),
  };
}

function learnerKey(course) {
  return `${PREFIX}learner:${course}`;
}

function defaultEvents() {
  const target = globalThis;
  return typeof target.addEventListener === "function" && typeof target.dispatchEvent === "function"
    ? target
    : null;
}

// -- the store of one course ------------------------------------------------------------------

/** Reading, writing and announcing the keys of one scope in `backend`. */
function storeCore({ course, scope, backend, events, self }) {
  const listeners = new Set();
  const core = { course, scope, backend, events, self, listeners };

  core.read = (widgetKey) => {
    const raw = backend.getItem(storageKey(scope, widgetKey));
    if (raw === null) return null;
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  };

  core.write = (widgetKey, record) => backend.setItem(storageKey(scope, widgetKey), JSON.stringify(record));

  core.keysOfCourse = (version = STORE_VERSION) => {
    const keys = [];
    for (const key of storageKeys(backend)) {
      const parsed = parseKey(key);
      if (parsed && (version === null || parsed.version === version) && parsed.course === scope) {
        keys.push(version === null ? key : parsed.widgetKey);
      }
    }
    return keys.sort();
  };

  core.hear = (widgetKey, value) => {
    for (const listener of [...listeners]) {
      try {
        listener(widgetKey, value);
      } catch (error) {
        console.error(`edukit: a store listener failed for "${widgetKey}"`, error);
      }
    }
  };

  /** Tell this store's listeners, then the other copies of the module in the page. */
  core.notify = (widgetKey, value, { local = true } = {}) => {
    if (local) core.hear(widgetKey, value);
    if (!events) return;
    try {
      events.dispatchEvent(new CustomEvent(CHANGE_EVENT, { detail: { course, scope, key: widgetKey, value, origin: self } }));
    } catch {
      // an event target that refuses the event only costs the other copies a refresh
    }
  };
  return core;
}

/** Hear the other copies of this module in the page, and the other tabs of the same site. */
function listenToOthers(core, events, persistent) {
  events.addEventListener(CHANGE_EVENT, (event) => {
    const detail = event.detail;
    if (!detail || detail.origin === core.self || (detail.scope ?? detail.course) !== core.scope) return;
    core.hear(detail.key, detail.value);
  });
  // Another tab of the same site wrote to localStorage.
  events.addEventListener("storage", (event) => {
    if (event.storageArea && event.storageArea !== persistent) return;
    const parsed = event.key ? parseKey(event.key) : null;
    if (!parsed || parsed.course !== core.scope || parsed.version !== STORE_VERSION) return;
    let value = null;
    try {
      value = event.newValue === null ? null : (JSON.parse(event.newValue)?.value ?? null);
    } catch {
      value = null;
    }
    core.hear(parsed.widgetKey, value);
  });
}

/** get / set / remove / subscribe / entries / clear, and the learner's name kept on this device. */
function recordMethods(core, now) {
  const { read, write, notify, backend, scope } = core;
  return {
    get(widgetKey) {
      return read(widgetKey)?.value ?? null;
    },
    /** The stored record `{value, updated}` of a key, or null. */
    record(widgetKey) {
      return read(widgetKey);
    },
    set(widgetKey, value) {
      const record = { value, updated: now() };
      write(widgetKey, record);
      notify(widgetKey, value);
      return record;
    },
    /** Remove a key; the other copies of the module hear it (this store's listeners do not). */
    remove(widgetKey) {
      backend.removeItem(storageKey(scope, widgetKey));
      notify(widgetKey, null, { local: false });
    },
    subscribe(listener) {
      core.listeners.add(listener);
      return () => core.listeners.delete(listener);
    },
    entries() {
      return core.keysOfCourse().map((key) => ({ key, ...read(key) }));
    },
    /** The name or pseudonym the learner chose on this device ("" when none). */
    learner() {
      return normalizeLearner(backend.getItem(learnerKey(scope)));
    },
    /** Keep the learner's name on this device; returns it as a progress file will carry it. */
    setLearner(name) {
      const learner = normalizeLearner(name);
      if (learner) backend.setItem(learnerKey(scope), learner);
      else backend.removeItem(learnerKey(scope));
      return learner;
    },
    /**
     * Forget everything of this course on this device (every key version, and the learner's
     * name); listeners hear `(key, null)` for each current key. Returns how many were removed.
     */
    clear() {
      const current = core.keysOfCourse();
      const all = core.keysOfCourse(null);
      for (const key of all) backend.removeItem(key);
      backend.removeItem(learnerKey(scope));
      backend.removeItem(`${PREFIX}owner:${scope}`); // scorm.js: whose copy this is
      for (const key of current) notify(key, null);
      return all.length;
    },
  };
}

/** Write `merged` for `key` unless it equals what is there; returns whether it was written. */
function keep(core, key, current, merged) {
  if (current && canonicalJson(merged) === canonicalJson(current)) return false;
  core.write(key, merged);
  core.notify(key, merged.value);
  return true;
}

/** The progress file out (exportProgress), and other copies of the progress in (import, merge). */
function progressMethods(core, now) {
  const { read, self, course } = core;
  return {
    /**
     * The progress file (version 2, sealed) of this course. `learner` defaults to the name
     * kept on this device; a file needs one, so an empty name throws.
     */
    exportProgress({ learner } = {}) {
      const name = normalizeLearner(learner ?? self.learner());
      if (!name) throw new Error("a progress file needs the learner's name or pseudonym");
      return sealProgress({
        schema: SCHEMA,
        version: FILE_VERSION,
        course,
        learner: name,
        exported: now(),
        entries: self.entries().map(({ key, value, updated }) => ({ key, value: value ?? null, updated: updated ?? null })),
      });
    },
    /**
     * Merge a progress file (text or parsed object, version 1 or 2). Everything is validated
     * (and the seal of a version 2 file checked) before anything is written; nothing already
     * on the device is lost: per key the most recent entry wins, and for a lesson the
     * completion is kept once either side has it and the larger time is kept (as
     * `edukit.progress.merge` does). A file's learner name is adopted when the device has none.
     * Returns `{ok: true, imported, kept, learner, version}` or `{ok: false, reason}`
     * (reason in French).
     */
    importProgress(input) {
      const checked = validateProgress(input, course);
      if (!checked.ok) return checked;
      let imported = 0;
      let kept = 0;
      for (const entry of checked.data.entries) {
        const current = read(entry.key);
        const merged = mergeRecord(entry.key, current, { value: entry.value, updated: entry.updated ?? null });
        if (keep(core, entry.key, current, merged)) imported += 1;
        else kept += 1;
      }
      let learner = self.learner();
      if (!learner && typeof checked.data.learner === "string") learner = self.setLearner(checked.data.learner);
      return { ok: true, imported, kept, learner, version: checked.data.version };
    },
    /**
     * Merge records that another copy of this learner's progress holds (a classroom server's
     * `{key, updated, value}`), with the rules of `importProgress`; moreover an empty value
     * never replaces learner work. Malformed records are skipped, never written. Returns
     * `{written, combined, skipped}` (keys): `combined` are those whose kept record is not the
     * incoming one (this device had something newer or more), which the other side lacks.
     */
    mergeRecords(records) {
      const written = [];
      const combined = [];
      const skipped = [];
      for (const entry of Array.isArray(records) ? records : []) {
        const key = entry?.key;
        if (!isRecordShape(entry)) {
          skipped.push(typeof key === "string" ? key : null);
          continue;
        }
        const current = read(key);
        const incoming = { value: entry.value, updated: entry.updated ?? null };
        const merged = current && isEmptyValue(incoming.value) && !isEmptyValue(current.value) ? current : mergeRecord(key, current, incoming);
        if (canonicalJson(merged) !== canonicalJson(incoming)) combined.push(key);
        if (keep(core, key, current, merged)) written.push(key);
      }
      return { written, combined, skipped };
    },
  };
}

/**
 * Open the store of one course. `scope` (default: the course id) names its keys: a SCORM
 * package passes its own; progress files still carry `course`. `storage` defaults to
 * localStorage (memory if refused);
 * `now` returns the current time as an ISO string; `events` is the EventTarget through which
 * the copies of this module in one page hear each other's writes (the window by default when
 * the store is the browser's; none for an injected storage unless given).
 */
export function openStore({
  course,
  scope = course,
  storage,
  now = () => new Date().toISOString(),
  table = migrations,
  events = storage ? null : defaultEvents(),
} = {}) {
  if (!course || /[:\s]/.test(course)) throw new Error(`invalid course id: ${course}`);
  if (!scope || /[:\s]/.test(scope)) throw new Error(`invalid store scope: ${scope}`);
  const persistent = storage ?? defaultStorage();
  const backend = persistent ?? memoryStorage();
  migrate(backend, scope, table);
  const self = {};
  const core = storeCore({ course, scope, backend, events, self });
  if (events) listenToOthers(core, events, persistent);
  return Object.assign(self, { course, scope, persistent: persistent !== null }, recordMethods(core, now), progressMethods(core, now));
}

// -- the page's store -------------------------------------------------------------------------

/**
 * The scope a page keeps `course`'s records under: the `<meta name="edukit-store-scope">` a
 * SCORM package's adapter (scorm.js) adds, when it is `<course>~…`; else the course id.
 */
export function storeScope(course, doc = globalThis.document) {
  const scope = doc?.querySelector?.('meta[name="edukit-store-scope"]')?.content;
  return scope && scope.startsWith(`${course}~`) && !/[:\s]/.test(scope) ? scope : course;
}

/** The store of the page's course, shared by every widget of the page (one per course). */
const opened = new Map();
export function courseStore(course, doc = globalThis.document) {
  const scope = storeScope(course, doc);
  if (!opened.has(scope)) opened.set(scope, openStore({ course, scope }));
  return opened.get(scope);
}

/**
 * The course id a widget stores under: its `course` trait, else the site's
 * `<meta name="edukit-course">`, else "edukit".
 */
export function courseOf(model, doc = globalThis.document) {
  const fromModel = model?.get?.("course");
  if (fromModel) return fromModel;
  return doc?.querySelector?.('meta[name="edukit-course"]')?.content || "edukit";
}

