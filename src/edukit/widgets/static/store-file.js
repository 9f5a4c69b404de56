// The progress file a learner carries to another device or hands to a trainer: its canonical
// JSON and SHA-256 seal (as `edukit.progress` computes them), its name, its validation with a
// French reason for every refusal, and the browser's download and file import.
//
// FILE_VERSION is the version of the exported file that `edukit.progress` reads (version 2: a
// learner name and a SHA-256 seal over the canonical JSON of the rest, computed with the
// synchronous SHA-256 of sha256.js so that it works on plain-HTTP classroom addresses, where
// Web Crypto is missing). It is not the version of the localStorage keys (store.js).
import { sha256Fallback } from "./sha256.js";
import { ISO_TIME, isLessonValue, LESSON_KEY } from "./store-records.js";

export const FILE_VERSION = 2;
export const SCHEMA = "edukit-progress";
/** Longest learner name a progress file may carry (`edukit.progress.ProgressFile.learner`). */
export const MAX_LEARNER_LENGTH = 80;
/** Largest progress file read, in bytes: `edukit.progress`'s MAX_BYTES (a test holds them equal). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
const MAX_ENTRIES = 10_000;
const ASK_AGAIN = "Exportez-le à nouveau depuis l'appareil où vous avez suivi le cours.";
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

// -- checking a file before anything is written ------------------------------------------------

function headerProblem(data, course) {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return "Ce fichier ne contient pas une progression edukit.";
  if (data.schema !== SCHEMA) return "Ce fichier n'est pas un fichier de progression edukit (champ « schema » absent ou différent).";
  if (data.version !== 1 && data.version !== FILE_VERSION) {
    if (Number.isInteger(data.version) && data.version > FILE_VERSION) {
      return `Ce fichier de progression est en version ${data.version}, plus récente que celle que lit ce site (${FILE_VERSION}) : il vient d'une version plus récente du cours.`;
    }
    return `Ce fichier de progression est en version ${JSON.stringify(data.version)} ; ce site lit les versions 1 et ${FILE_VERSION} : utilisez un fichier exporté depuis ce site.`;
  }
  if (data.course !== course) return `Ce fichier concerne le cours « ${String(data.course)} », pas le cours « ${course} » de ce site.`;
  return null;
}

/** A version 2 file: its seal matches, and it says whose progress it is. */
function sealProblem(data) {
  const integrity = data.integrity;
  if (!integrity || typeof integrity !== "object" || integrity.algorithm !== "sha256" || typeof integrity.digest !== "string") {
    return `L'empreinte du fichier (champ « integrity ») est absente ou illisible : le fichier a été modifié après son export. ${ASK_AGAIN}`;
  }
  if (sealProgress(data).integrity.digest !== integrity.digest) {
    return `Ce fichier a été modifié après son export (empreinte SHA-256 différente) : il a peut-être été abîmé pendant la copie. ${ASK_AGAIN}`;
  }
  if (typeof data.learner !== "string" || !normalizeLearner(data.learner)) {
    return "Le fichier ne dit pas à qui est cette progression (champ « learner » absent ou vide).";
  }
  if (Array.from(data.learner.trim()).length > MAX_LEARNER_LENGTH || /[\u0000-\u001f\u007f]/.test(data.learner)) {
    return "Le nom inscrit dans le fichier (champ « learner ») est trop long ou contient des caractères non permis.";
  }
  return null;
}

function entryProblem(entry, number, seen) {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return `L'entrée n° ${number} n'est pas un objet.`;
  if (typeof entry.key !== "string" || !entry.key || /\s/.test(entry.key) || entry.key.length > 200) {
    return `L'entrée n° ${number} n'a pas de clé valide.`;
  }
  if (seen.has(entry.key)) return `La clé « ${entry.key} » apparaît deux fois dans le fichier.`;
  seen.add(entry.key);
  if (!Object.hasOwn(entry, "value")) return `L'entrée « ${entry.key} » n'a pas de valeur.`;
  if (entry.updated !== undefined && entry.updated !== null && (typeof entry.updated !== "string" || !ISO_TIME.test(entry.updated))) {
    return `La date de l'entrée « ${entry.key} » est illisible.`;
  }
  if (entry.key.startsWith("lesson:") && !(LESSON_KEY.test(entry.key) && isLessonValue(entry.value))) {
    return `L'entrée de leçon « ${entry.key} » est mal formée (attendu : une date « completed » ou rien, et un nombre entier de secondes).`;
  }
  return null;
}

function entriesProblem(data) {
  if (typeof data.exported !== "string" || !ISO_TIME.test(data.exported)) return "La date d'export du fichier est absente ou illisible.";
  if (!Array.isArray(data.entries)) return "Le fichier ne contient pas de liste d'entrées (« entries »).";
  if (data.entries.length > MAX_ENTRIES) return `Le fichier contient plus de ${MAX_ENTRIES} entrées : ce n'est pas un fichier de progression ordinaire.`;
  const seen = new Set();
  for (const [index, entry] of data.entries.entries()) {
    const problem = entryProblem(entry, index + 1, seen);
    if (problem) return problem;
  }
  return null;
}

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
  const reason = headerProblem(data, course) ?? (data.version === FILE_VERSION ? sealProblem(data) : null) ?? entriesProblem(data);
  if (reason) return { ok: false, reason };
  return { ok: true, data, version: data.version, verified: data.version === FILE_VERSION };
}

// -- the browser's side: download and file import ---------------------------------------------
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
    return { ok: false, reason: "Ce fichier est trop gros pour être un fichier de progression (plus de 8 Mo)." };
  }
  return store.importProgress(await file.text());
}
