// The records of a learner's progress store and how two copies of them merge: lesson
// completion and time (`lesson:<id>`), quiz records merged question by question, and the rule
// for every other key (the newest wins). The same rules as `edukit.progress.merge`.

/** A date and time as progress files write them (ISO 8601 with a time zone). */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

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

export function isQuizRecord(value) {
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
export function isRecordShape(entry) {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return false;
  const { key, updated } = entry;
  if (typeof key !== "string" || !key || /\s/.test(key) || key.length > 200) return false;
  if (!Object.hasOwn(entry, "value") || entry.value === undefined) return false;
  if (updated !== undefined && updated !== null && (typeof updated !== "string" || !ISO_TIME.test(updated))) return false;
  return !key.startsWith("lesson:") || (LESSON_KEY.test(key) && isLessonValue(entry.value));
}

/** A value that holds no learner work: nothing, an empty text, list or object. */
export function isEmptyValue(value) {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0 || (isQuizRecord(value) && Object.keys(value.items).length === 0);
  return false;
}

// -- lessons: completion and time spent (`lesson:<id>` entries, `edukit.progress.LessonValue`)

const LESSON_ID = /^[a-z0-9][a-z0-9-]*$/;
export const LESSON_KEY = /^lesson:[a-z0-9][a-z0-9-]*$/;
/** Most seconds a lesson entry may hold (`edukit.progress` refuses more). */
export const MAX_LESSON_SECONDS = 10_000_000;

export function isLessonValue(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).every((name) => name === "completed" || name === "seconds") &&
    (value.completed === null || (typeof value.completed === "string" && ISO_TIME.test(value.completed))) &&
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
  const completed = typeof value.completed === "string" && ISO_TIME.test(value.completed) ? value.completed : null;
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

