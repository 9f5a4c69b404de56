// Learner progress kept in the browser: versioned localStorage keys, migrations, and a
// progress file (export / import) that a learner can carry to another device.
// Pure ES module: storage and clock are injected, so node's test runner can drive it.

export const STORE_VERSION = 1;
export const SCHEMA = "edukit-progress";
const PREFIX = "edukit:";

/** `edukit:v1:<course>:<widget-key>` — the only shape of key this module writes. */
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

/**
 * Open the store of one course. `storage` defaults to localStorage (memory if refused);
 * `now` returns the current time as an ISO string.
 */
export function openStore({ course, storage, now = () => new Date().toISOString(), table = migrations } = {}) {
  if (!course || /[:\s]/.test(course)) throw new Error(`invalid course id: ${course}`);
  const persistent = storage ?? defaultStorage();
  const backend = persistent ?? memoryStorage();
  migrate(backend, course, table);
  const listeners = new Set();

  function read(widgetKey) {
    const raw = backend.getItem(storageKey(course, widgetKey));
    if (raw === null) return null;
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  }

  function keysOfCourse() {
    const keys = [];
    for (const key of storageKeys(backend)) {
      const parsed = parseKey(key);
      if (parsed && parsed.version === STORE_VERSION && parsed.course === course) keys.push(parsed.widgetKey);
    }
    return keys.sort();
  }

  return {
    course,
    persistent: persistent !== null,
    get(widgetKey) {
      return read(widgetKey)?.value ?? null;
    },
    set(widgetKey, value) {
      const record = { value, updated: now() };
      backend.setItem(storageKey(course, widgetKey), JSON.stringify(record));
      for (const listener of listeners) listener(widgetKey, value);
      return record;
    },
    remove(widgetKey) {
      backend.removeItem(storageKey(course, widgetKey));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    entries() {
      return keysOfCourse().map((key) => ({ key, ...read(key) }));
    },
    exportProgress() {
      return { schema: SCHEMA, version: STORE_VERSION, course, exported: now(), entries: this.entries() };
    },
    /**
     * Merge a progress file (text or parsed object). Everything is validated before anything is
     * written; for each key the most recent entry wins, so existing progress is never lost.
     * Returns `{ok: true, imported, kept}` or `{ok: false, reason}` (reason in French).
     */
    importProgress(input) {
      const checked = validateProgress(input, course);
      if (!checked.ok) return checked;
      let imported = 0;
      let kept = 0;
      for (const entry of checked.data.entries) {
        const current = read(entry.key);
        if (current && isNewer(current.updated, entry.updated)) {
          kept += 1;
          continue;
        }
        backend.setItem(
          storageKey(course, entry.key),
          JSON.stringify({ value: entry.value, updated: entry.updated }),
        );
        imported += 1;
        for (const listener of listeners) listener(entry.key, entry.value);
      }
      return { ok: true, imported, kept };
    },
  };
}

function isNewer(current, incoming) {
  if (!current) return false;
  if (!incoming) return true;
  return Date.parse(current) >= Date.parse(incoming);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Check a progress file; the reason of a refusal is written for the learner, in French. */
export function validateProgress(input, course) {
  let data = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(input);
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
  if (data.version !== STORE_VERSION) {
    return {
      ok: false,
      reason: `Ce fichier de progression est en version ${JSON.stringify(data.version)}, ce site lit la version ${STORE_VERSION} : utilisez un fichier exporté depuis ce site.`,
    };
  }
  if (data.course !== course) {
    return { ok: false, reason: `Ce fichier concerne le cours « ${String(data.course)} », pas le cours « ${course} » de ce site.` };
  }
  if (typeof data.exported !== "string" || !ISO.test(data.exported)) {
    return { ok: false, reason: "La date d'export du fichier est absente ou illisible." };
  }
  if (!Array.isArray(data.entries)) {
    return { ok: false, reason: "Le fichier ne contient pas de liste d'entrées (« entries »)." };
  }
  const seen = new Set();
  for (const [index, entry] of data.entries.entries()) {
    const number = index + 1;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      return { ok: false, reason: `L'entrée n° ${number} n'est pas un objet.` };
    }
    if (typeof entry.key !== "string" || !entry.key || /\s/.test(entry.key)) {
      return { ok: false, reason: `L'entrée n° ${number} n'a pas de clé valide.` };
    }
    if (seen.has(entry.key)) {
      return { ok: false, reason: `La clé « ${entry.key} » apparaît deux fois dans le fichier.` };
    }
    seen.add(entry.key);
    if (!Object.hasOwn(entry, "value")) {
      return { ok: false, reason: `L'entrée « ${entry.key} » n'a pas de valeur.` };
    }
    if (entry.updated !== null && (typeof entry.updated !== "string" || !ISO.test(entry.updated))) {
      return { ok: false, reason: `La date de l'entrée « ${entry.key} » est illisible.` };
    }
  }
  return { ok: true, data };
}

/** The store of the page's course, shared by every widget of the page (one per course). */
const opened = new Map();
export function courseStore(course) {
  if (!opened.has(course)) opened.set(course, openStore({ course }));
  return opened.get(course);
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

/** Offer the course's progress file as a download (`progression-<course>.json`); returns its text. */
export function downloadProgress(store, doc = globalThis.document) {
  const text = JSON.stringify(store.exportProgress(), null, 2);
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = doc.createElement("a");
  link.href = url;
  link.download = `progression-${store.course}.json`;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return text;
}

/** Import a file the learner chose (`<input type="file">`); same result as `importProgress`. */
export async function importProgressFile(store, file) {
  if (!file) return { ok: false, reason: "Aucun fichier choisi." };
  if (file.size > MAX_FILE_BYTES) {
    return { ok: false, reason: "Ce fichier est trop gros pour être un fichier de progression (plus de 5 Mo)." };
  }
  return store.importProgress(await file.text());
}
