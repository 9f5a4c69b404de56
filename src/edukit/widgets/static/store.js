// Learner progress kept in the browser: versioned localStorage keys, migrations, and a
// progress file (export / import) that a learner can carry to another device.
// Pure ES module: storage, clock and event target are injected, so node's test runner can
// drive it.
//
// Two versions live here and must not be confused:
// - STORE_VERSION is the version of the localStorage keys (`edukit:v1:…`), migrated in place;
// - FILE_VERSION is the version of the exported file that `edukit.progress` reads (version 2:
//   a learner name and a SHA-256 seal over the canonical JSON of the rest, computed with the
//   synchronous SHA-256 of sha256.js so that it works on plain-HTTP classroom addresses,
//   where Web Crypto is missing).

import { sha256Fallback } from "./sha256.js";

export const STORE_VERSION = 1;
export const FILE_VERSION = 2;
export const SCHEMA = "edukit-progress";
const PREFIX = "edukit:";
/** Longest learner name a progress file may carry (`edukit.progress.ProgressFile.learner`). */
export const MAX_LEARNER_LENGTH = 80;
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

/** Canonical JSON (RFC 8785), exactly as `edukit.progress.canonical_json` writes it. */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of the canonical JSON of `value` in UTF-8, as `edukit.progress.digest`. */
export function progressDigest(value) {
  return sha256Fallback(canonicalJson(value));
}

/** `data` with its `integrity` seal (re)computed over everything else (`edukit.progress.seal`). */
export function sealProgress(data) {
  const content = {};
  for (const [key, value] of Object.entries(data)) if (key !== "integrity") content[key] = value;
  return { ...content, integrity: { algorithm: "sha256", digest: progressDigest(content) } };
}

/**
 * A learner name as a progress file may carry it: control characters and runs of spaces
 * become one space, trimmed, at most 80 characters. Empty when nothing is left.
 */
export function normalizeLearner(name) {
  const text = String(name ?? "")
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return Array.from(text).slice(0, MAX_LEARNER_LENGTH).join("").trim();
}

/** The part of a file name made of a learner name: `Zoé Martin` → `zoe-martin`. */
export function fileSlug(text, fallback = "sans-nom") {
  const slug = String(text ?? "")
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return slug || fallback;
}

/** A date as `YYYY-MM-DD` in the device's time zone (what the learner calls today). */
export function localDate(date = new Date()) {
  const pad = (number) => String(number).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `progression-<course>-<pseudonyme>-<date>.json`. */
export function progressFileName(course, learner, date = new Date()) {
  return `progression-${course}-${fileSlug(learner)}-${localDate(date)}.json`;
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
  const listeners = new Set();
  const self = {};

  function read(widgetKey) {
    const raw = backend.getItem(storageKey(scope, widgetKey));
    if (raw === null) return null;
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  }

  function write(widgetKey, record) {
    backend.setItem(storageKey(scope, widgetKey), JSON.stringify(record));
  }

  function keysOfCourse(version = STORE_VERSION) {
    const keys = [];
    for (const key of storageKeys(backend)) {
      const parsed = parseKey(key);
      if (parsed && (version === null || parsed.version === version) && parsed.course === scope) {
        keys.push(version === null ? key : parsed.widgetKey);
      }
    }
    return keys.sort();
  }

  function hear(widgetKey, value) {
    for (const listener of [...listeners]) {
      try {
        listener(widgetKey, value);
      } catch (error) {
        console.error(`edukit: a store listener failed for "${widgetKey}"`, error);
      }
    }
  }

  /** Tell this store's listeners, then the other copies of the module in the page. */
  function notify(widgetKey, value, { local = true } = {}) {
    if (local) hear(widgetKey, value);
    if (!events) return;
    try {
      events.dispatchEvent(
        new CustomEvent(CHANGE_EVENT, { detail: { course, scope, key: widgetKey, value, origin: self } }),
      );
    } catch {
      // an event target that refuses the event only costs the other copies a refresh
    }
  }

  if (events) {
    events.addEventListener(CHANGE_EVENT, (event) => {
      const detail = event.detail;
      if (!detail || detail.origin === self || (detail.scope ?? detail.course) !== scope) return;
      hear(detail.key, detail.value);
    });
    // Another tab of the same site wrote to localStorage.
    events.addEventListener("storage", (event) => {
      if (event.storageArea && event.storageArea !== persistent) return;
      const parsed = event.key ? parseKey(event.key) : null;
      if (!parsed || parsed.course !== scope || parsed.version !== STORE_VERSION) return;
      let value = null;
      try {
        value = event.newValue === null ? null : (JSON.parse(event.newValue)?.value ?? null);
      } catch {
        value = null;
      }
      hear(parsed.widgetKey, value);
    });
  }

  Object.assign(self, {
    course,
    scope,
    persistent: persistent !== null,
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
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    entries() {
      return keysOfCourse().map((key) => ({ key, ...read(key) }));
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
        const incoming = { value: entry.value, updated: entry.updated ?? null };
        const merged = mergeRecord(entry.key, current, incoming);
        if (current && canonicalJson(merged) === canonicalJson(current)) {
          kept += 1;
          continue;
        }
        write(entry.key, merged);
        imported += 1;
        notify(entry.key, merged.value);
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
        if (current && canonicalJson(merged) === canonicalJson(current)) continue;
        write(key, merged);
        written.push(key);
        notify(key, merged.value);
      }
      return { written, combined, skipped };
    },
    /**
     * Forget everything of this course on this device (every key version, and the learner's
     * name); listeners hear `(key, null)` for each current key. Returns how many were removed.
     */
    clear() {
      const current = keysOfCourse();
      const all = keysOfCourse(null);
      for (const key of all) backend.removeItem(key);
      backend.removeItem(learnerKey(scope));
      backend.removeItem(`${PREFIX}owner:${scope}`); // scorm.js: whose copy this is
      for (const key of current) notify(key, null);
      return all.length;
    },
  });
  return self;
}

function isNewer(current, incoming) {
  if (!current) return false;
  if (!incoming) return true;
  return Date.parse(current) >= Date.parse(incoming);
}

function newest(first, second) {
  if (!first) return second ?? null;
  if (!second) return first;
  return Date.parse(first) >= Date.parse(second) ? first : second;
}

function earliest(first, second) {
  if (!first) return second ?? null;
  if (!second) return first;
  return Date.parse(first) <= Date.parse(second) ? first : second;
}

/** The record to keep for `key` when `incoming` meets `current` (null when nothing yet). */
export function mergeRecord(key, current, incoming) {
  if (!current) return incoming;
  if (key.startsWith("quiz:") && isQuizRecord(current.value) && isQuizRecord(incoming.value)) {
    return mergeQuizRecords(current, incoming);
  }
  if (LESSON_KEY.test(key) && isLessonValue(current.value) && isLessonValue(incoming.value)) {
    return {
      value: {
        completed: earliest(current.value.completed, incoming.value.completed),
        seconds: Math.max(current.value.seconds, incoming.value.seconds),
      },
      updated: newest(current.updated, incoming.updated),
    };
  }
  return isNewer(current.updated, incoming.updated) ? current : incoming;
}

// -- quizzes: per question, the newest answer (`edukit.progress` `_merge_records`)

function isQuizRecord(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    value.version === 1 &&
    value.items !== null &&
    typeof value.items === "object" &&
    !Array.isArray(value.items)
  );
}

function timeOf(...candidates) {
  for (const candidate of candidates) {
    const time = typeof candidate === "string" ? Date.parse(candidate) : NaN;
    if (!Number.isNaN(time)) return time;
  }
  return 0;
}

/**
 * Two `quiz.js` records of one quiz: every question either side answered is kept, the newest
 * answer (its own `answered`, else its record's `updated`) winning; the rest of the value comes
 * from the record updated last (`incoming` wins ties), the time spent is the larger one.
 */
function mergeQuizRecords(current, incoming) {
  const [base, other] = timeOf(current.updated) > timeOf(incoming.updated) ? [current, incoming] : [incoming, current];
  const items = new Map();
  for (const [id, item] of Object.entries(other.value.items)) items.set(id, [timeOf(item?.answered, other.updated), item]);
  for (const [id, item] of Object.entries(base.value.items)) {
    const when = timeOf(item?.answered, base.updated);
    const known = items.get(id);
    if (!known || when >= known[0]) items.set(id, [when, item]);
  }
  const merged = {};
  let score = 0;
  for (const [id, [, item]] of items) {
    merged[id] = item;
    score += Number(item?.score) || 0;
  }
  const value = { ...base.value, items: merged, score };
  if (Number.isFinite(current.value.seconds) || Number.isFinite(incoming.value.seconds)) {
    value.seconds = Math.max(Number(current.value.seconds) || 0, Number(incoming.value.seconds) || 0);
  }
  return { value, updated: newest(current.updated, incoming.updated) };
}

/** `{key, updated, value}` as a progress file's entry must be (see `validateProgress`). */
function isRecordShape(entry) {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return false;
  const { key, updated } = entry;
  if (typeof key !== "string" || !key || /\s/.test(key) || key.length > 200) return false;
  if (!Object.hasOwn(entry, "value") || entry.value === undefined) return false;
  if (updated !== undefined && updated !== null && (typeof updated !== "string" || !ISO.test(updated))) return false;
  return !key.startsWith("lesson:") || (LESSON_KEY.test(key) && isLessonValue(entry.value));
}

/** A value that holds no learner work: nothing, an empty text, list or object. */
function isEmptyValue(value) {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0 || (isQuizRecord(value) && Object.keys(value.items).length === 0);
  return false;
}

// -- lessons: completion and time spent (`lesson:<id>` entries, `edukit.progress.LessonValue`)

const LESSON_ID = /^[a-z0-9][a-z0-9-]*$/;
const LESSON_KEY = /^lesson:[a-z0-9][a-z0-9-]*$/;
/** Most seconds a lesson entry may hold (`edukit.progress` refuses more). */
export const MAX_LESSON_SECONDS = 10_000_000;

function isLessonValue(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).every((name) => name === "completed" || name === "seconds") &&
    (value.completed === null || (typeof value.completed === "string" && ISO.test(value.completed))) &&
    Number.isInteger(value.seconds) &&
    value.seconds >= 0 &&
    value.seconds <= MAX_LESSON_SECONDS
  );
}

/** `lesson:<id>`; throws for an id `edukit.progress` would refuse. */
export function lessonKey(lessonId) {
  if (typeof lessonId !== "string" || !LESSON_ID.test(lessonId) || lessonId.length > 190) {
    throw new Error(`invalid lesson id: ${lessonId}`);
  }
  return `lesson:${lessonId}`;
}

/** The lesson's record value `{completed, seconds}` (a fresh one when nothing is stored). */
export function lessonValue(store, lessonId) {
  const value = store.get(lessonKey(lessonId));
  if (!value || typeof value !== "object") return { completed: null, seconds: 0 };
  const seconds = Number.isInteger(value.seconds) && value.seconds >= 0 ? Math.min(value.seconds, MAX_LESSON_SECONDS) : 0;
  const completed = typeof value.completed === "string" && ISO.test(value.completed) ? value.completed : null;
  return { completed, seconds };
}

/** Add whole seconds of reading to a lesson; returns the new value. */
export function addLessonSeconds(store, lessonId, seconds) {
  const value = lessonValue(store, lessonId);
  const added = Math.max(0, Math.floor(seconds));
  if (!added) return value;
  const next = { ...value, seconds: Math.min(MAX_LESSON_SECONDS, value.seconds + added) };
  store.set(lessonKey(lessonId), next);
  return next;
}

/** Mark a lesson as done (now) or not done; returns the new value. */
export function setLessonCompleted(store, lessonId, done, now = () => new Date().toISOString()) {
  const value = lessonValue(store, lessonId);
  const next = { ...value, completed: done ? value.completed ?? now() : null };
  store.set(lessonKey(lessonId), next);
  return next;
}

/** What a store holds, for the progress panel: lessons done, quizzes, total lesson time. */
export function summarize(entries) {
  let lessons = 0;
  let completed = 0;
  let seconds = 0;
  let quizzes = 0;
  for (const entry of entries) {
    if (LESSON_KEY.test(entry.key) && isLessonValue(entry.value)) {
      lessons += 1;
      if (entry.value.completed) completed += 1;
      seconds += entry.value.seconds;
    } else if (entry.key.startsWith("quiz:")) {
      quizzes += 1;
    }
  }
  return { lessons, completed, seconds, quizzes, entries: entries.length };
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_ENTRIES = 10_000;
const ASK_AGAIN = "Exportez-le à nouveau depuis l'appareil où vous avez suivi le cours.";

/**
 * Check a progress file (version 1, or version 2 with its seal); the reason of a refusal is
 * written for the learner, in French. Returns `{ok: true, data, version, verified}` (verified:
 * the file carried a seal that matched) or `{ok: false, reason}`.
 */
export function validateProgress(input, course) {
  let data = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(input.replace(/^\uFEFF/, ""));
    } catch {
      return { ok: false, reason: "Ce fichier n'est pas un fichier JSON lisible : il a peut-être été abîmé ou ce n'est pas un fichier de progression." };
    }
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { ok: false, reason: "Ce fichier ne contient pas une progression edukit." };
  }
  if (data.schema !== SCHEMA) {
    return { ok: false, reason: "Ce fichier n'est pas un fichier de progression edukit (champ « schema » absent ou différent)." };
  }
  if (data.version !== 1 && data.version !== FILE_VERSION) {
    if (Number.isInteger(data.version) && data.version > FILE_VERSION) {
      return {
        ok: false,
        reason: `Ce fichier de progression est en version ${data.version}, plus récente que celle que lit ce site (${FILE_VERSION}) : il vient d'une version plus récente du cours.`,
      };
    }
    return {
      ok: false,
      reason: `Ce fichier de progression est en version ${JSON.stringify(data.version)} ; ce site lit les versions 1 et ${FILE_VERSION} : utilisez un fichier exporté depuis ce site.`,
    };
  }
  if (data.course !== course) {
    return { ok: false, reason: `Ce fichier concerne le cours « ${String(data.course)} », pas le cours « ${course} » de ce site.` };
  }
  if (data.version === FILE_VERSION) {
    const integrity = data.integrity;
    if (!integrity || typeof integrity !== "object" || integrity.algorithm !== "sha256" || typeof integrity.digest !== "string") {
      return {
        ok: false,
        reason: `L'empreinte du fichier (champ « integrity ») est absente ou illisible : le fichier a été modifié après son export. ${ASK_AGAIN}`,
      };
    }
    if (sealProgress(data).integrity.digest !== integrity.digest) {
      return {
        ok: false,
        reason: `Ce fichier a été modifié après son export (empreinte SHA-256 différente) : il a peut-être été abîmé pendant la copie. ${ASK_AGAIN}`,
      };
    }
    if (typeof data.learner !== "string" || !normalizeLearner(data.learner)) {
      return { ok: false, reason: "Le fichier ne dit pas à qui est cette progression (champ « learner » absent ou vide)." };
    }
    if (Array.from(data.learner.trim()).length > MAX_LEARNER_LENGTH || /[\u0000-\u001f\u007f]/.test(data.learner)) {
      return { ok: false, reason: "Le nom inscrit dans le fichier (champ « learner ») est trop long ou contient des caractères non permis." };
    }
  }
  if (typeof data.exported !== "string" || !ISO.test(data.exported)) {
    return { ok: false, reason: "La date d'export du fichier est absente ou illisible." };
  }
  if (!Array.isArray(data.entries)) {
    return { ok: false, reason: "Le fichier ne contient pas de liste d'entrées (« entries »)." };
  }
  if (data.entries.length > MAX_ENTRIES) {
    return { ok: false, reason: `Le fichier contient plus de ${MAX_ENTRIES} entrées : ce n'est pas un fichier de progression ordinaire.` };
  }
  const seen = new Set();
  for (const [index, entry] of data.entries.entries()) {
    const number = index + 1;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      return { ok: false, reason: `L'entrée n° ${number} n'est pas un objet.` };
    }
    if (typeof entry.key !== "string" || !entry.key || /\s/.test(entry.key) || entry.key.length > 200) {
      return { ok: false, reason: `L'entrée n° ${number} n'a pas de clé valide.` };
    }
    if (seen.has(entry.key)) {
      return { ok: false, reason: `La clé « ${entry.key} » apparaît deux fois dans le fichier.` };
    }
    seen.add(entry.key);
    if (!Object.hasOwn(entry, "value")) {
      return { ok: false, reason: `L'entrée « ${entry.key} » n'a pas de valeur.` };
    }
    if (entry.updated !== undefined && entry.updated !== null && (typeof entry.updated !== "string" || !ISO.test(entry.updated))) {
      return { ok: false, reason: `La date de l'entrée « ${entry.key} » est illisible.` };
    }
    if (entry.key.startsWith("lesson:") && !(LESSON_KEY.test(entry.key) && isLessonValue(entry.value))) {
      return { ok: false, reason: `L'entrée de leçon « ${entry.key} » est mal formée (attendu : une date « completed » ou rien, et un nombre entier de secondes).` };
    }
  }
  return { ok: true, data, version: data.version, verified: data.version === FILE_VERSION };
}

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

const MAX_FILE_BYTES = 5_000_000;

/**
 * Offer the course's progress file as a download, named
 * `progression-<course>-<pseudonyme>-<date>.json`; returns `{name, text}`.
 * Throws like `exportProgress` when there is no learner name.
 */
export function downloadProgress(store, { learner, doc = globalThis.document, date = new Date() } = {}) {
  const file = store.exportProgress({ learner });
  const text = `${JSON.stringify(file, null, 2)}\n`;
  const name = progressFileName(store.course, file.learner, date);
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = doc.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { name, text };
}

/** Import a file the learner chose (`<input type="file">`); same result as `importProgress`. */
export async function importProgressFile(store, file) {
  if (!file) return { ok: false, reason: "Aucun fichier choisi." };
  if (file.size > MAX_FILE_BYTES) {
    return { ok: false, reason: "Ce fichier est trop gros pour être un fichier de progression (plus de 5 Mo)." };
  }
  return store.importProgress(await file.text());
}
