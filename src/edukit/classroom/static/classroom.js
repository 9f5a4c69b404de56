// edukit classroom mode, browser side. `edukit classroom` serves the built site on the trainer's
// laptop and adds this module to every page; on the plain static site nothing loads it, and if it
// ever runs where `api/salle` does not answer as a classroom server, it does nothing at all.
//
// - A learner joins the room with its code and a pseudonym, after reading what is collected
//   (an accessible modal dialog, French first, English on English pages).
// - Every change of the learner's progress store (store.js, the same records as progress files)
//   is queued in localStorage and sent to `api/sync`; a record leaves the queue only once the
//   server acknowledged it, so a lost network, a closed tab, a restarted server or a laptop that
//   slept only delay it. What the server holds and this device lacks is merged through the
//   store's own rules: a newer local record is never overwritten.
// - The prompt playground is preset to the room's model on this origin (`v1`): the provider's
//   key stays on the trainer's machine; the browser only holds the learner's room token.
//
// Learner and server text is always set with textContent. The pure parts (queue, batches,
// backoff, the sync engine with injected fetch, storage and timers) are exported for node.

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
const PAGE_MAX = 300;
const LESSON_ID = /^[a-z0-9][a-z0-9-]{0,119}$/;

// -- messages ---------------------------------------------------------------------------------

export const messages = {
  fr: {
    "join.title": "Rejoindre la salle de formation",
    "join.intro": "Cette page vient de l'ordinateur de votre formatrice ou de votre formateur ({room}). Rejoignez la salle pour lui envoyer votre progression et utiliser le modèle de langue de la salle.",
    "join.noticeTitle": "Vos données dans cette salle",
    "join.retention": "Durée de conservation : {days} jours.",
    "join.already": "Les réponses déjà enregistrées sur cet appareil pour ce cours seront aussi envoyées.",
    "join.code": "Code de la salle",
    "join.codeHint": "Le code affiché au tableau, par exemple K7M-Q2X.",
    "join.pseudo": "Votre pseudonyme",
    "join.pseudoHint": "Un prénom ou un surnom, de 1 à 40 caractères. N'écrivez pas votre nom complet.",
    "join.submit": "Rejoindre la salle",
    "join.later": "Plus tard",
    "join.sending": "Connexion à la salle…",
    "join.codeMissing": "Recopiez le code de la salle affiché au tableau.",
    "join.pseudoMissing": "Choisissez un pseudonyme (un prénom ou un surnom).",
    "join.pseudoLong": "Votre pseudonyme est trop long : 40 caractères au plus.",
    "join.network": "La salle ne répond pas : vérifiez que vous êtes sur le réseau de la salle, puis réessayez.",
    "join.failed": "La salle a refusé la connexion (erreur {status}). Réessayez, ou demandez de l'aide.",
    "join.done": "Vous avez rejoint la salle sous le pseudonyme {pseudo}.",
    "chip.label": "Salle de formation",
    "chip.connected": "Connecté à la salle · {pseudo}",
    "chip.notJoined": "Salle de formation disponible",
    "chip.join": "Rejoindre la salle",
    "chip.leave": "Quitter la salle",
    "chip.pending.one": "{count} enregistrement en attente d'envoi.",
    "chip.pending.other": "{count} enregistrements en attente d'envoi.",
    "chip.offline": "Hors connexion : vos réponses restent sur cet appareil et partiront au retour du réseau.",
    "chip.synced": "Progression envoyée.",
    "chip.expired": "Votre accès à la salle a expiré : rejoignez-la à nouveau.",
    "leave.title": "Quitter la salle",
    "leave.text": "Ce que vous avez déjà envoyé reste chez la formatrice ou le formateur. Vos réponses restent aussi sur cet appareil.",
    "leave.pending": "Attention : des réponses n'ont pas encore été envoyées. Elles ne partiront plus.",
    "leave.shared": "Sur un ordinateur partagé, effacez aussi votre progression de cet appareil.",
    "leave.keep": "Quitter la salle",
    "leave.erase": "Quitter et effacer cet appareil",
    "leave.cancel": "Annuler",
    "leave.done": "Vous avez quitté la salle.",
    "leave.erased": "Vous avez quitté la salle et votre progression est effacée de cet appareil.",
  },
  en: {
    "join.title": "Join the training room",
    "join.intro": "This page comes from your trainer's computer ({room}). Join the room to send your progress to the trainer and to use the room's language model.",
    "join.noticeTitle": "Your data in this room",
    "join.retention": "Kept for: {days} days.",
    "join.already": "Answers already saved on this device for this course will be sent too.",
    "join.code": "Room code",
    "join.codeHint": "The code shown on the board, for example K7M-Q2X.",
    "join.pseudo": "Your pseudonym",
    "join.pseudoHint": "A first name or a nickname, 1 to 40 characters. Do not write your full name.",
    "join.submit": "Join the room",
    "join.later": "Later",
    "join.sending": "Connecting to the room…",
    "join.codeMissing": "Copy the room code shown on the board.",
    "join.pseudoMissing": "Choose a pseudonym (a first name or a nickname).",
    "join.pseudoLong": "Your pseudonym is too long: 40 characters at most.",
    "join.network": "The room does not answer: check that you are on the room's network, then try again.",
    "join.failed": "The room refused to connect you (error {status}). Try again, or ask for help.",
    "join.done": "You joined the room as {pseudo}.",
    "chip.label": "Training room",
    "chip.connected": "Connected to the room · {pseudo}",
    "chip.notJoined": "Training room available",
    "chip.join": "Join the room",
    "chip.leave": "Leave the room",
    "chip.pending.one": "{count} record waiting to be sent.",
    "chip.pending.other": "{count} records waiting to be sent.",
    "chip.offline": "Offline: your answers stay on this device and will be sent when the network is back.",
    "chip.synced": "Progress sent.",
    "chip.expired": "Your access to the room has expired: join it again.",
    "leave.title": "Leave the room",
    "leave.text": "What you already sent stays with the trainer. Your answers also stay on this device.",
    "leave.pending": "Note: some answers have not been sent yet. They will not be sent any more.",
    "leave.shared": "On a shared computer, erase your progress from this device too.",
    "leave.keep": "Leave the room",
    "leave.erase": "Leave and erase this device",
    "leave.cancel": "Cancel",
    "leave.done": "You left the room.",
    "leave.erased": "You left the room and your progress is erased from this device.",
  },
};

/** "fr" unless the page says English (`<html lang="en…">`). */
export function pageLanguage(doc = globalThis.document) {
  const lang = String(doc?.documentElement?.lang ?? "").toLowerCase();
  return lang.startsWith("en") ? "en" : "fr";
}

/** `t(key, values)`; `count` picks `.one` / `.other`. */
export function translator(lang) {
  const table = messages[lang] ?? messages.fr;
  return (key, values = {}) => {
    let name = key;
    if (typeof values.count === "number") name = `${key}.${values.count === 1 ? "one" : "other"}`;
    const template = table[name] ?? messages.fr[name] ?? name;
    return template.replace(/\{(\w+)\}/g, (match, field) => (field in values ? String(values[field]) : match));
  };
}

// -- small pure helpers -----------------------------------------------------------------------

/** The site root of a module served at `<root>assets/edukit-classroom/classroom.js`. */
export function siteRoot(moduleUrl) {
  return new URL("../../", moduleUrl).href;
}

/** Whether an `api/salle` answer is a classroom server's (protocol version 1). */
export function isRoom(info) {
  return Boolean(info && typeof info === "object" && info.salle === true && info.version === 1);
}

/** What identifies a room across visits: a token of another room is useless here. */
export function roomIdentity(info) {
  return `${info?.cours ?? ""}\u0000${info?.id ?? info?.nom ?? ""}`;
}

/** The checks the server makes on a pseudonym, to tell the learner before sending (French). */
export function checkPseudo(text, t = translator("fr")) {
  const pseudo = String(text ?? "").replace(/\s+/g, " ").trim();
  if (!pseudo) return { ok: false, message: t("join.pseudoMissing") };
  if (Array.from(pseudo).length > 40) return { ok: false, message: t("join.pseudoLong") };
  return { ok: true, pseudo };
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

function readJson(storage, slot, fallback) {
  try {
    const raw = storage?.getItem(slot);
    if (raw === null || raw === undefined) return fallback;
    const value = JSON.parse(raw);
    return value && typeof value === "object" && !Array.isArray(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

function writeJson(storage, slot, value) {
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

/** What the server answered, as an error the sync engine can act on. */
export class SyncError extends Error {
  constructor(kind, status = 0, retryAfter = 0) {
    super(`${kind} ${status}`);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
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
  const queue = createQueue(storage, access.apprenant);
  const skipped = new Set(); // refused one by one by the server: kept, not retried in this page
  let maxRecords = MAX_BATCH_RECORDS;
  let attempt = 0;
  let timer = null;
  let running = null;
  let applying = false;
  let stopped = false;
  let offline = false;
  let unsubscribe = () => {};

  const endpoint = (path) => new URL(path, root).href;
  const status = (state) => onStatus({ state, pending: queue.size(), offline });

  function schedule(ms) {
    if (stopped) return;
    if (timer !== null) timers.clear(timer);
    timer = timers.set(() => {
      timer = null;
      flush();
    }, ms);
  }

  function enqueue(keys) {
    if (queue.add(keys)) status("pending");
    schedule(FLUSH_DELAY_MS);
  }

  async function post(path, body, { keepalive = false } = {}) {
    const text = JSON.stringify(body);
    let response;
    try {
      response = await fetchImpl(endpoint(path), {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${access.jeton}` },
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

  /** Merge what the server holds (`serveur`) through the store's rules. */
  function applyServer(records) {
    if (!Array.isArray(records) || !records.length) return;
    applying = true;
    let result;
    try {
      result = store.mergeRecords(records);
    } finally {
      applying = false;
    }
    const combined = new Set(result.combined);
    for (const record of records) {
      const key = record?.key;
      if (typeof key !== "string" || result.skipped.includes(key)) continue;
      if (combined.has(key)) queue.add([key]); // this device holds more: send the union back
      else {
        queue.acknowledged(key, fingerprint(store.record(key)));
        queue.remove(key);
      }
    }
  }

  async function sendBatch(keepalive) {
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
    if (!records.length) return false;
    const batch = firstBatch(records, { maxRecords });
    const prints = new Map(batch.map((record) => [record.key, fingerprint(record)]));
    let answer;
    try {
      answer = await post("api/sync", { records: batch, ...place() }, { keepalive });
    } catch (error) {
      if (error.kind === "refused" && batch.length > 1) {
        maxRecords = Math.max(1, Math.floor(batch.length / 2)); // find the one it refuses
        return true;
      }
      if (error.kind === "refused") {
        skipped.add(batch[0].key);
        console.warn(`edukit classroom: the room refused the record "${batch[0].key}" (${error.status})`);
        return true;
      }
      throw error;
    }
    const acked = new Set(Array.isArray(answer?.ack) ? answer.ack : []);
    for (const [key, print] of prints) {
      if (!acked.has(key)) continue;
      queue.acknowledged(key, print);
      // changed again while it travelled: it stays queued, with its new state
      if (fingerprint(store.record(key)) === print) queue.remove(key);
    }
    applyServer(answer?.serveur);
    return acked.size > 0 || Boolean(answer?.serveur?.length);
  }

  async function run(keepalive) {
    try {
      let progressing = true;
      let rounds = 0;
      while (progressing && !stopped && rounds < 100) {
        rounds += 1;
        progressing = await sendBatch(keepalive);
      }
      attempt = 0;
      offline = false;
      status(queue.size() - skipped.size > 0 ? "pending" : "synced");
    } catch (error) {
      if (error.kind === "unauthorized") {
        status("expired");
        onUnauthorized();
        return;
      }
      offline = error.kind === "network";
      const wait = Math.max(backoffDelay(attempt, random), (error.retryAfter || 0) * 1000);
      attempt += 1;
      status(offline ? "offline" : "retry");
      schedule(wait);
    }
  }

  /** Send what is queued now (one run at a time; a second call waits for the running one). */
  function flush({ keepalive = false } = {}) {
    if (stopped) return Promise.resolve();
    if (running) return running;
    if (timer !== null) {
      timers.clear(timer);
      timer = null;
    }
    running = run(keepalive).finally(() => {
      running = null;
    });
    return running;
  }

  /** Tell the room where the learner is (the dashboard's « où en est chacun »). */
  async function presence({ keepalive = false } = {}) {
    try {
      await post("api/presence", place(), { keepalive });
      return true;
    } catch (error) {
      if (error.kind === "unauthorized") {
        status("expired");
        onUnauthorized();
      }
      return false;
    }
  }

  /** Pull the learner's records kept by the room (another device, a cleared browser). */
  async function pull() {
    let response;
    try {
      response = await fetchImpl(endpoint("api/mes-donnees"), {
        headers: { Authorization: `Bearer ${access.jeton}` },
        cache: "no-store",
        credentials: "same-origin",
      });
    } catch {
      return false;
    }
    if (response.status === 401) {
      onUnauthorized();
      return false;
    }
    if (!response.ok) return false;
    try {
      applyServer((await response.json())?.records);
      return true;
    } catch {
      return false;
    }
  }

  return {
    queue,
    enqueue,
    flush,
    presence,
    pull,
    /** Listen to the store, queue what the server lacks, send it. */
    start() {
      stopped = false;
      unsubscribe = store.subscribe((key, value) => {
        if (applying || value === null || value === undefined) return;
        enqueue([key]);
      });
      queue.reconcile(store.entries());
      status(queue.size() ? "pending" : "synced");
      return flush();
    },
    /** Retry now: the network is back, the laptop woke up, the page is visible again. */
    wake() {
      attempt = 0;
      return flush();
    },
    stop() {
      stopped = true;
      unsubscribe();
      if (timer !== null) timers.clear(timer);
      timer = null;
    },
    state: () => ({ pending: queue.size(), attempt, offline, skipped: [...skipped] }),
  };
}

// -- the page ---------------------------------------------------------------------------------

const STYLE = `
.edukit-classe{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin:0 0 1rem;padding:.5rem .75rem;
  border:2px solid var(--md-primary-fg-color,#3f51b5);border-radius:.5rem;background:var(--md-default-bg-color,#fff);
  color:var(--md-default-fg-color,#1a1a1a);font-size:.8rem;line-height:1.5;max-width:100%;box-sizing:border-box}
.edukit-classe__etat{margin:0;font-weight:700;overflow-wrap:anywhere}
.edukit-classe__file{margin:0;flex-basis:100%;overflow-wrap:anywhere}
.edukit-classe__file:empty{display:none}
.edukit-classe button,.edukit-classe-dialog button{font:inherit;font-size:.8rem;min-height:2.75em;padding:.4em .9em;border-radius:.3rem;cursor:pointer;
  border:2px solid var(--md-primary-fg-color,#3f51b5);background:var(--md-default-bg-color,#fff);color:var(--md-default-fg-color,#1a1a1a)}
.edukit-classe-dialog button[data-edukit-classe=rejoindre],.edukit-classe-dialog button[data-edukit-classe=quitter-garder]{
  background:var(--md-primary-fg-color,#3f51b5);color:var(--md-primary-bg-color,#fff)}
.edukit-classe button:focus-visible,.edukit-classe-dialog :focus-visible{outline:3px solid var(--md-accent-fg-color,#c2185b);outline-offset:2px}
.edukit-classe-dialog{box-sizing:border-box;width:min(36rem,calc(100vw - 1rem));max-width:calc(100vw - 1rem);max-height:calc(100vh - 1rem);
  overflow:auto;padding:1rem;border:2px solid var(--md-default-fg-color,#1a1a1a);border-radius:.5rem;
  background:var(--md-default-bg-color,#fff);color:var(--md-default-fg-color,#1a1a1a);font-size:1rem;line-height:1.5}
.edukit-classe-dialog::backdrop{background:rgba(0,0,0,.6)}
.edukit-classe-dialog h2{font-size:1.3rem;margin:0 0 .5rem;line-height:1.3}
.edukit-classe-dialog h3{font-size:1.05rem;margin:1rem 0 .25rem}
.edukit-classe-dialog p{margin:.4rem 0;overflow-wrap:anywhere}
.edukit-classe-dialog label{display:block;font-weight:700;margin-top:.75rem}
.edukit-classe-dialog input{box-sizing:border-box;width:100%;max-width:24rem;font:inherit;padding:.4em;margin-top:.2rem;
  border:2px solid var(--md-default-fg-color--light,#555);border-radius:.3rem;background:var(--md-default-bg-color,#fff);color:inherit}
.edukit-classe-dialog input[aria-invalid=true]{border-color:#b00020}
.edukit-classe-dialog .edukit-classe__hint{font-size:.9rem;margin:.1rem 0}
.edukit-classe-dialog .edukit-classe__notice{border-left:4px solid var(--md-primary-fg-color,#3f51b5);padding-left:.75rem}
.edukit-classe-dialog .edukit-classe__erreur{color:#b00020;font-weight:700}
[data-md-color-scheme=slate] .edukit-classe-dialog .edukit-classe__erreur{color:#ff9e9e}
[data-md-color-scheme=slate] .edukit-classe-dialog input[aria-invalid=true]{border-color:#ff9e9e}
.edukit-classe-dialog .edukit-classe__erreur:empty{display:none}
.edukit-classe__actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}
`;

function el(doc, tag, attributes = {}, ...children) {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? doc.createTextNode(child) : child);
  }
  return element;
}

let counter = 0;
const uid = (prefix) => `edukit-classe-${prefix}-${(counter += 1)}`;

const FOCUSABLE = "a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex='-1'])";

/**
 * Open a modal dialog: labelled by its title, focus inside it (on the title, so a screen reader
 * reads from the top), Tab and Shift+Tab kept inside, Escape cancels, focus goes back where it
 * was. `build(close)` fills it; returns `{dialog, close}`.
 */
function openDialog(doc, { title, describedBy, name, build, onCancel }) {
  const titleId = uid("titre");
  const heading = el(doc, "h2", { id: titleId, tabindex: "-1" }, title);
  const dialog = el(doc, "dialog", {
    class: "edukit-classe-dialog",
    role: "dialog",
    "aria-modal": "true",
    "aria-labelledby": titleId,
    lang: pageLanguage(doc),
    "data-edukit-classe": name,
  });
  const returnTo = doc.activeElement;
  let open = true;
  function close() {
    if (!open) return;
    open = false;
    dialog.removeEventListener("keydown", onKeydown);
    if (dialog.open) dialog.close();
    dialog.remove();
    const target = returnTo && returnTo.isConnected && returnTo !== doc.body ? returnTo : doc.querySelector("[data-edukit-classe=chip] button");
    target?.focus?.();
  }
  function onKeydown(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel(close);
      return;
    }
    if (event.key !== "Tab") return;
    const items = [...dialog.querySelectorAll(FOCUSABLE)].filter((item) => !item.closest("[hidden]"));
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && (doc.activeElement === first || doc.activeElement === heading)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && doc.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
  dialog.addEventListener("keydown", onKeydown);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Escape is handled above, once
  });
  dialog.append(heading, ...build(close));
  if (describedBy) dialog.setAttribute("aria-describedby", describedBy);
  doc.body.append(dialog);
  if (typeof dialog.showModal === "function") dialog.showModal();
  else dialog.setAttribute("open", "");
  heading.focus();
  return { dialog, close };
}

/** The notice, as the server wrote it (French), in paragraphs of text. */
function noticeParagraphs(doc, text) {
  return String(text ?? "")
    .split(/\n\s*\n|(?<=\.)\s+(?=(?:Ce que|Pourquoi|Qui |Combien|Utilisez|Vous pouvez)\b)/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => el(doc, "p", {}, part));
}

/** The English summary of what the room collects, for English pages (the notice is French). */
function englishNotice(doc, days) {
  return [
    "What the room records: the pseudonym you choose, your answers to exercises and tests, the lessons you finish, the time spent and the page you are on.",
    "Why: so that the trainer can follow the group's progress and prepare the training certificates.",
    "Who sees it: only this room's trainer. Everything stays on the trainer's computer.",
    `How long: ${days} days, then everything is erased. Use a pseudonym, never your full name.`,
  ].map((line) => el(doc, "p", {}, line));
}

function startPage({ doc, win, root, info, storeModule }) {
  const lang = pageLanguage(doc);
  const t = translator(lang);
  const local = win.localStorage;
  const session = (() => {
    try {
      return win.sessionStorage;
    } catch {
      return null;
    }
  })();
  const course = doc.querySelector('meta[name="edukit-course"]')?.content || "edukit";
  const store = storeModule.courseStore(course, doc);
  const identity = roomIdentity(info);
  let access = readAccess(local);
  if (access && access.salle !== identity) {
    local.removeItem(TOKEN_SLOT); // a token of another room (or another course) opens nothing here
    access = null;
  }
  let sync = null;
  let heartbeat = null;

  const place = () => {
    const lesson = doc.querySelector("[data-edukit-lesson]")?.dataset?.edukitLesson ?? null;
    return {
      page: `${win.location.pathname}`.slice(0, PAGE_MAX),
      lecon: lesson && LESSON_ID.test(lesson) ? lesson : null,
    };
  };

  // -- the chip ------------------------------------------------------------------------------
  const state = el(doc, "p", { class: "edukit-classe__etat", "data-edukit-classe": "etat" });
  const pending = el(doc, "p", { class: "edukit-classe__file", role: "status", "data-edukit-classe": "file" });
  const button = el(doc, "button", { type: "button", "data-edukit-classe": "bouton" });
  const chip = el(doc, "section", { class: "edukit-classe", "aria-label": t("chip.label"), "data-edukit-classe": "chip", lang }, state, button, pending);
  button.addEventListener("click", () => (access ? askLeave() : showJoin()));

  function showChip() {
    if (access) {
      state.textContent = t("chip.connected", { pseudo: access.pseudo });
      button.textContent = t("chip.leave");
    } else {
      state.textContent = t("chip.notJoined");
      button.textContent = t("chip.join");
    }
    if (!chip.isConnected) {
      const main = doc.querySelector("main");
      const target = main?.querySelector(".md-content") ?? main ?? doc.body;
      target.prepend(chip);
    }
  }

  function showStatus({ state: phase, pending: count, offline }) {
    if (phase === "expired") pending.textContent = t("chip.expired");
    else if (offline && count) pending.textContent = `${t("chip.offline")} ${t("chip.pending", { count })}`;
    else if (count) pending.textContent = t("chip.pending", { count });
    else pending.textContent = "";
    chip.dataset.edukitEtat = phase;
  }

  // -- the playground's model ----------------------------------------------------------------
  function presetModel() {
    if (!session) return;
    const model = info.modele;
    if (access && model && model.disponible && model.nom) {
      session.setItem(PLAYGROUND_ENDPOINT_SLOT, JSON.stringify({ baseUrl: new URL("v1", root).href, model: String(model.nom), salle: true }));
      session.setItem(PLAYGROUND_KEY_SLOT, access.jeton);
    } else {
      const current = readJson(session, PLAYGROUND_ENDPOINT_SLOT, {});
      if (current.salle !== true) return;
      session.removeItem(PLAYGROUND_ENDPOINT_SLOT);
      session.removeItem(PLAYGROUND_KEY_SLOT);
    }
    win.dispatchEvent(new CustomEvent(ENDPOINT_EVENT));
  }

  // -- joined ----------------------------------------------------------------------------------
  function expired() {
    sync?.stop();
    sync = null;
    local.removeItem(TOKEN_SLOT);
    access = null;
    presetModel();
    showChip();
    pending.textContent = t("chip.expired");
    if (!session?.getItem(LATER_SLOT)) showJoin();
  }

  async function joined({ pulled = false } = {}) {
    showChip();
    presetModel();
    sync = createSync({ store, storage: local, access, root, place, onStatus: showStatus, onUnauthorized: expired });
    if (pulled) await sync.pull();
    await sync.start();
    sync.presence();
    if (heartbeat === null) {
      heartbeat = win.setInterval(() => {
        if (doc.visibilityState !== "visible" || !sync) return;
        sync.presence();
        if (sync.queue.size()) sync.wake();
      }, HEARTBEAT_MS);
    }
  }

  // -- the join dialog -------------------------------------------------------------------------
  function showJoin() {
    if (doc.querySelector("[data-edukit-classe=rejoindre-dialogue]")) return;
    const introId = uid("intro");
    const codeHintId = uid("aide-code");
    const pseudoHintId = uid("aide-pseudo");
    const errorId = uid("erreur");
    const codeInput = el(doc, "input", { id: uid("code"), name: "code", type: "text", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", required: true, "aria-describedby": codeHintId, "data-edukit-classe": "code" });
    const pseudoInput = el(doc, "input", { id: uid("pseudo"), name: "pseudo", type: "text", autocomplete: "nickname", maxlength: "40", required: true, "aria-describedby": pseudoHintId, "data-edukit-classe": "pseudo" });
    const error = el(doc, "p", { id: errorId, class: "edukit-classe__erreur", role: "alert", "data-edukit-classe": "erreur" });
    const submit = el(doc, "button", { type: "submit", "data-edukit-classe": "rejoindre" }, t("join.submit"));
    const later = el(doc, "button", { type: "button", "data-edukit-classe": "plus-tard" }, t("join.later"));
    const days = Number.isInteger(info.retention_jours) ? info.retention_jours : null;
    const notice = el(doc, "div", { class: "edukit-classe__notice", "data-edukit-classe": "notice" });
    if (lang === "en") notice.append(...englishNotice(doc, days ?? "?"));
    if (info.notice) notice.append(el(doc, "div", { lang: "fr" }, noticeParagraphs(doc, info.notice)));
    else if (lang !== "en") notice.append(el(doc, "p", {}, t("join.retention", { days: days ?? "?" })));
    if (store.entries().length) notice.append(el(doc, "p", {}, t("join.already")));

    const { close } = openDialog(doc, {
      title: t("join.title"),
      describedBy: introId,
      name: "rejoindre-dialogue",
      onCancel: () => later.click(),
      build: (done) => {
        later.addEventListener("click", () => {
          session?.setItem(LATER_SLOT, "1");
          done();
        });
        const form = el(
          doc,
          "form",
          { novalidate: true, "data-edukit-classe": "formulaire" },
          el(doc, "label", { for: codeInput.id }, t("join.code")),
          el(doc, "p", { id: codeHintId, class: "edukit-classe__hint" }, t("join.codeHint")),
          codeInput,
          el(doc, "label", { for: pseudoInput.id }, t("join.pseudo")),
          el(doc, "p", { id: pseudoHintId, class: "edukit-classe__hint" }, t("join.pseudoHint")),
          pseudoInput,
          error,
          el(doc, "div", { class: "edukit-classe__actions" }, submit, later),
        );
        form.addEventListener("submit", (event) => {
          event.preventDefault();
          send(done);
        });
        return [
          el(doc, "p", { id: introId }, t("join.intro", { room: String(info.nom ?? "") })),
          el(doc, "h3", {}, t("join.noticeTitle")),
          notice,
          form,
        ];
      },
    });

    function fail(message, field) {
      for (const input of [codeInput, pseudoInput]) {
        if (input === field) {
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", `${input === codeInput ? codeHintId : pseudoHintId} ${errorId}`);
        } else {
          input.removeAttribute("aria-invalid");
          input.setAttribute("aria-describedby", input === codeInput ? codeHintId : pseudoHintId);
        }
      }
      error.textContent = message;
      (field ?? submit).focus();
    }

    async function send(done) {
      const code = codeInput.value.trim();
      if (!code) return fail(t("join.codeMissing"), codeInput);
      const checked = checkPseudo(pseudoInput.value, t);
      if (!checked.ok) return fail(checked.message, pseudoInput);
      submit.disabled = true;
      error.textContent = "";
      const previous = readJson(local, TOKEN_SLOT, null);
      const headers = { "Content-Type": "application/json" };
      if (previous?.jeton && previous.salle === identity) headers.Authorization = `Bearer ${previous.jeton}`;
      let response;
      let body = null;
      try {
        response = await win.fetch(new URL("api/rejoindre", root).href, {
          method: "POST",
          headers,
          body: JSON.stringify({ code, pseudo: checked.pseudo }),
          cache: "no-store",
          credentials: "same-origin",
        });
        body = await response.json().catch(() => null);
      } catch {
        submit.disabled = false;
        return fail(t("join.network"), null);
      }
      submit.disabled = false;
      if (!response.ok || typeof body?.jeton !== "string") {
        const message = typeof body?.erreur === "string" && body.erreur ? body.erreur : t("join.failed", { status: response.status });
        const field = response.status === 403 || response.status === 429 ? codeInput : response.status === 400 || response.status === 409 ? pseudoInput : null;
        return fail(message, field);
      }
      access = { jeton: body.jeton, apprenant: String(body.apprenant ?? ""), pseudo: String(body.pseudo ?? checked.pseudo), salle: identity };
      writeJson(local, TOKEN_SLOT, access);
      session?.removeItem(LATER_SLOT);
      if (!store.learner()) store.setLearner(access.pseudo);
      done();
      showChip();
      pending.textContent = t("join.done", { pseudo: access.pseudo });
      joined({ pulled: true });
    }
    return close;
  }

  // -- leaving --------------------------------------------------------------------------------
  function askLeave() {
    const waiting = sync?.queue.size() ?? 0;
    const textId = uid("quitter");
    openDialog(doc, {
      title: t("leave.title"),
      describedBy: textId,
      name: "quitter-dialogue",
      onCancel: (done) => done(),
      build: (done) => {
        const keep = el(doc, "button", { type: "button", "data-edukit-classe": "quitter-garder" }, t("leave.keep"));
        const erase = el(doc, "button", { type: "button", "data-edukit-classe": "quitter-effacer" }, t("leave.erase"));
        const cancel = el(doc, "button", { type: "button", "data-edukit-classe": "quitter-annuler" }, t("leave.cancel"));
        keep.addEventListener("click", () => leave(done, false));
        erase.addEventListener("click", () => leave(done, true));
        cancel.addEventListener("click", () => done());
        return [
          el(doc, "p", { id: textId }, t("leave.text")),
          waiting ? el(doc, "p", { class: "edukit-classe__erreur" }, t("leave.pending")) : null,
          el(doc, "p", {}, t("leave.shared")),
          el(doc, "div", { class: "edukit-classe__actions" }, keep, erase, cancel),
        ];
      },
    });
  }

  function leave(done, erase) {
    sync?.stop();
    sync?.queue.forget();
    sync = null;
    local.removeItem(TOKEN_SLOT);
    access = null;
    session?.setItem(LATER_SLOT, "1");
    presetModel();
    if (erase) store.clear();
    done();
    showChip();
    pending.textContent = t(erase ? "leave.erased" : "leave.done");
    button.focus();
  }

  // -- wiring ---------------------------------------------------------------------------------
  const style = el(doc, "style", { "data-edukit-classe": "style" });
  style.textContent = STYLE;
  doc.head.append(style);
  showChip();
  if (access) joined({ pulled: false });
  else if (!session?.getItem(LATER_SLOT)) showJoin();

  const wake = () => sync?.wake();
  win.addEventListener("online", wake);
  win.addEventListener("pageshow", wake);
  doc.addEventListener("visibilitychange", () => {
    if (!sync) return;
    if (doc.visibilityState === "visible") {
      sync.wake();
      sync.presence();
    } else sync.flush({ keepalive: true });
  });
  win.addEventListener("pagehide", () => sync?.flush({ keepalive: true }));
  // Material's instant navigation swaps the content without loading a page: follow it.
  let first = true;
  win.document$?.subscribe?.(() => {
    showChip();
    if (first) {
      first = false;
      return;
    }
    sync?.presence();
  });
  return { store, get sync() {
    return sync;
  } };
}

/** Start on a page served by `edukit classroom`; resolve to null anywhere else. */
export async function startClassroom({ doc = globalThis.document, win = globalThis.window, moduleUrl = import.meta.url } = {}) {
  const root = siteRoot(moduleUrl);
  let info;
  try {
    const response = await win.fetch(new URL("api/salle", root).href, { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok || !/json/.test(response.headers.get("Content-Type") ?? "")) return null;
    info = await response.json();
  } catch {
    return null;
  }
  if (!isRoom(info)) return null;
  let storeModule;
  try {
    storeModule = await import(new URL("../edukit/store.js", moduleUrl).href);
  } catch (error) {
    console.error("edukit classroom: the progress store could not load", error);
    return null;
  }
  const begin = () => startPage({ doc, win, root, info, storeModule });
  if (doc.readyState === "loading") {
    return new Promise((resolve) => doc.addEventListener("DOMContentLoaded", () => resolve(begin()), { once: true }));
  }
  return begin();
}

if (typeof document !== "undefined" && typeof window !== "undefined" && !globalThis.__edukitClassroom) {
  globalThis.__edukitClassroom = true;
  startClassroom().catch((error) => console.error("edukit classroom: could not start", error));
}
