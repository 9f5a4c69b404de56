// The quiz widget: shows a QuizPayload (edukit.quiz.quiz_payload) and grades it in the browser,
// with no kernel: the same module in JupyterLab, on notebook pages and on Markdown pages.
// This module holds what a quiz remembers (the question states and the record saved in the
// learner's store) and the widget that puts the parts together: grading (quiz-grading.js),
// answer controls (quiz-controls.js), feedback (quiz-feedback.js), paging (quiz-paging.js)
// and the notebook's export (quiz-export.js).
// Every text (bank and learner input) becomes DOM text nodes: never markup.
import { announce, h, keepKeys, liveRegion, uid } from "./a11y.js";
import { translator } from "./i18n.js";
import { controlsFor } from "./quiz-controls.js";
import { exportBox } from "./quiz-export.js";
import { decimal, fillFeedback, percent, statusText, triesText } from "./quiz-feedback.js";
import { answerFits, checkAnswer, parseNumber } from "./quiz-grading.js";
import { quizMessages } from "./quiz-messages.js";
import { createPager, firstOpenQuestion, isPaged } from "./quiz-paging.js";
import { courseOf, courseStore } from "./store.js";

/** Version of the record saved per quiz in the learner's store. */
export const RECORD_VERSION = 1;

// -- keys kept from JupyterLab --------------------------------------------------------------

/** The keys the quiz's controls answer to (radios, checkboxes, text, lists, buttons). */
export const QUIZ_KEYS = Object.freeze(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", " ", "Enter"]);


// -- question states and the saved record (documented in edukit.widgets._quiz) --------------

/** What a quiz can be for; the trainer's report reads it from the record. */
export const PURPOSES = Object.freeze(["positionnement", "evaluation-finale", "entrainement"]);

/** The state of a question nobody has answered yet. */
export function blankState() {
  return { answer: undefined, score: 0, tries: 0, done: false, open: true, dontKnow: false, answered: null };
}

/**
 * The state after « Je ne sais pas »: an attempt scored 0 with no answer, marked as such; it
 * locks the question like any answer once the attempts are used (one in evaluation mode).
 */
export function dontKnowState(state, limit, answered) {
  const tries = state.tries + 1;
  return { answer: undefined, score: 0, tries, done: limit > 0 && tries >= limit, open: false, dontKnow: true, answered };
}

/** The record saved for a quiz: `items` of the payload and their `states`, in the same order. */
export function quizRecord({ items, states, mode, purpose = "", lesson = "" }) {
  const record = { version: RECORD_VERSION, mode: mode === "evaluation" ? "evaluation" : "practice" };
  if (PURPOSES.includes(purpose)) record.purpose = purpose;
  if (lesson) record.lesson = lesson;
  const entries = {};
  let score = 0;
  items.forEach((item, index) => {
    const state = states[index];
    if (!state || !(state.tries > 0)) return;
    const entry = {
      answer: state.dontKnow || state.answer === undefined ? null : state.answer,
      score: state.dontKnow ? 0 : state.score,
      tries: state.tries,
      done: Boolean(state.done),
      objectives: [...(item.objectives ?? [])],
      tags: [...(item.tags ?? [])],
    };
    if (state.answered) entry.answered = state.answered;
    if (state.dontKnow) entry.dont_know = true;
    entries[item.id] = entry;
    score += entry.score;
  });
  record.items = entries;
  record.score = score;
  record.total = items.length;
  record.completed = items.length > 0 && items.every((_, index) => Boolean(states[index]?.done));
  return record;
}

/** A question's state from its saved entry, or a blank state when the entry no longer fits. */
export function restoredState(item, entry, limit) {
  if (!entry || typeof entry !== "object" || !(Number(entry.tries) > 0)) return blankState();
  const dontKnow = entry.dont_know === true;
  if (!dontKnow && !answerFits(item, entry.answer)) return blankState();
  const tries = Number(entry.tries);
  return {
    answer: dontKnow ? undefined : entry.answer,
    score: dontKnow ? 0 : Math.min(1, Math.max(0, Number(entry.score) || 0)),
    tries,
    done: Boolean(entry.done) || (limit > 0 && tries >= limit),
    open: false,
    dontKnow,
    answered: typeof entry.answered === "string" ? entry.answered : null,
  };
}

/** The state after a graded try: the answer, its score, one try more; locked when right or out of tries. */
export function answeredState(state, { answer, score, limit, answered }) {
  const tries = state.tries + 1;
  return { answer, score, tries, done: score >= 1 || (limit > 0 && tries >= limit), open: false, dontKnow: false, answered };
}

/**
 * Grade `answer` to question `index`, then record it in `states[index]` as it is once the
 * grading is done: a restore() during the await (another tab, an imported file) replaces that
 * state, and the answer goes into the new one rather than into a state nobody keeps. Nothing
 * is recorded when the question got locked meanwhile, or when the quiz was reset (`epoch()`
 * changed). Returns the new state, or null.
 */
export async function gradeAnswer({ states, index, item, answer, limit, check = checkAnswer, now = () => new Date().toISOString(), epoch = () => 0 }) {
  const started = epoch();
  const score = await check(item, answer);
  const current = states[index];
  if (epoch() !== started || !current || current.done) return null;
  states[index] = answeredState(current, { answer, score, limit, answered: now() });
  return states[index];
}

function emptyRecord() {
  return { version: RECORD_VERSION, items: {} };
}

/** What a question's controls show when nothing is answered. */
export function emptyAnswer(item) {
  if (item.type === "multiple") return [];
  if (item.type === "matching") return {};
  if (item.type === "ordering") return item.options.map((option) => option.id);
  return item.type === "short" || item.type === "numeric" ? "" : null;
}

// -- the view ---------------------------------------------------------------------------------

// Moving the focus forces a layout of the whole page: done right after the feedback is
// painted, it no longer holds the feedback back (the live region speaks meanwhile).
function focusAfterPaint(element) {
  const focus = () => setTimeout(() => element.isConnected && element.focus(), 0);
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(focus);
  else focus();
}

function save(quiz) {
  const { model, store, items, states, mode, purpose } = quiz;
  quiz.record = quizRecord({ items, states, mode, purpose, lesson: model.get("lesson") || "" });
  quiz.writing = true;
  try {
    store.set(quiz.storeKey, quiz.record);
  } finally {
    quiz.writing = false;
  }
  sendToRoom(quiz);
}

// In a notebook with a training room: the kernel sends the record (its token stays there).
function sendToRoom(quiz) {
  if (quiz.onSite || !quiz.model.get("classroom_sync")) return;
  const entry = quiz.store.entries().find((found) => found.key === quiz.storeKey);
  if (!entry || !entry.value) return;
  quiz.model.send({ type: "sync", records: [{ key: quiz.storeKey, updated: entry.updated ?? null, value: entry.value }] });
  quiz.syncStatus.hidden = false;
  quiz.syncStatus.textContent = quiz.t("quiz.syncing");
}

function showSynced(quiz, message) {
  if (!message || message.type !== "synced") return;
  const { syncStatus, t } = quiz;
  syncStatus.hidden = false;
  syncStatus.textContent = message.ok ? t("quiz.synced") : t("quiz.syncFailed", { reason: String(message.reason ?? "") });
  quiz.say(syncStatus.textContent);
}

function showSummary(quiz) {
  const { items, states, t, lang } = quiz;
  const score = states.reduce((sum, state) => sum + (state.tries ? state.score : 0), 0);
  const done = states.filter((state) => state.done).length;
  const unknown = states.filter((state) => state.tries > 0 && state.dontKnow).length;
  const text =
    done === items.length
      ? t("quiz.finalScore", { score: decimal(score, lang), total: items.length, percent: percent(score / items.length, lang) })
      : t("quiz.score", { score: decimal(score, lang), total: items.length, answered: done });
  quiz.summary.textContent = unknown ? `${text} ${t("quiz.dontKnowCount", { count: unknown })}` : text;
  quiz.reset.hidden = quiz.mode === "evaluation" || !states.some((state) => state.tries > 0);
  quiz.exportHint.hidden = !quiz.exportable || done !== items.length;
  if (quiz.pager) showPage(quiz, quiz.pager.current(), false);
}

// Paged quizzes: one question shown, the others hidden; the focus goes to the question.
function showPage(quiz, index, focus) {
  const { questions, states } = quiz;
  const current = quiz.pager.show(index, states.filter((state) => state.done).length);
  questions.forEach((question, i) => (question.entry.hidden = i !== current));
  if (!focus) return;
  const question = questions[current];
  const state = states[current];
  focusAfterPaint(state.open && !state.done ? question.controls.first() ?? question.feedback : question.feedback.hidden ? question.legend : question.feedback);
}

function showQuestion(quiz, index) {
  const { t, mode, limit } = quiz;
  const question = quiz.questions[index];
  const state = quiz.states[index];
  const { controls, feedback, submit, dontKnow, retry, reveal, attempt } = question;
  const editing = state.open && !state.done;
  controls.lock(!editing);
  controls.marks(editing || state.dontKnow ? undefined : state.answer, state.done);
  submit.hidden = !editing;
  dontKnow.hidden = !editing;
  retry.hidden = editing || state.done;
  reveal.hidden = editing || state.done || mode !== "practice";
  attempt.textContent = limit > 1 && !state.done && editing ? t("quiz.attempt", { number: state.tries + 1, max: limit }) : "";
  feedback.replaceChildren();
  feedback.className = "edukit-quiz__feedback";
  feedback.hidden = !(state.tries > 0) || editing;
  if (!feedback.hidden) fillFeedback(feedback, { item: question.item, state, controls }, quiz);
}

function showNote(quiz, question, text) {
  question.note.textContent = text;
  question.note.hidden = false;
  quiz.say(text);
}

async function submitQuestion(quiz, index) {
  const question = quiz.questions[index];
  const state = quiz.states[index];
  if (question.busy || state.done || !state.open) return;
  const answer = question.controls.read();
  if (answer === undefined) return showNote(quiz, question, quiz.t("quiz.missing"));
  if (question.item.type === "numeric" && parseNumber(answer, question.item.unit) === null) {
    return showNote(quiz, question, quiz.t("quiz.notANumber", { text: answer.trim() }));
  }
  question.note.hidden = true;
  question.busy = true;
  let answered;
  try {
    answered = await gradeAnswer({ states: quiz.states, index, item: question.item, answer, limit: quiz.limit, epoch: () => quiz.epoch });
  } finally {
    question.busy = false;
  }
  if (!answered) return;
  question.controls.write(answer); // a restore meanwhile may have put back the saved answer
  afterAnswer(quiz, index);
}

// « Je ne sais pas »: an attempt worth 0, recorded and marked as such.
function dontKnowQuestion(quiz, index) {
  const question = quiz.questions[index];
  const state = quiz.states[index];
  if (question.busy || state.done || !state.open) return;
  question.note.hidden = true;
  quiz.states[index] = dontKnowState(state, quiz.limit, new Date().toISOString());
  question.controls.write(emptyAnswer(question.item));
  afterAnswer(quiz, index);
}

function afterAnswer(quiz, index) {
  const { t, states } = quiz;
  const question = quiz.questions[index];
  save(quiz);
  showQuestion(quiz, index);
  showSummary(quiz);
  focusAfterPaint(!question.retry.hidden ? question.retry : question.feedback);
  const done = states.every((entry) => entry.done);
  const status = [statusText(states[index], quiz), triesText(states[index], quiz)].filter(Boolean).join(" ");
  quiz.say([t("quiz.announce", { number: index + 1, status }), done ? quiz.summary.textContent : ""].filter(Boolean).join(" "));
}

function button(quiz, name, text, extra = {}) {
  return h("button", { type: "button", class: "edukit-button", "data-quiz": name, ...extra }, quiz.t(text));
}

function buildQuestion(quiz, item, index) {
  const { t, lang, say, items } = quiz;
  const number = index + 1;
  const question = { item, busy: false };
  const controls = controlsFor(item, { t, lang, number, say, submit: () => submitQuestion(quiz, index) });
  const hintId = uid("quiz-hint");
  const secondary = "edukit-button edukit-button--secondary";
  const legend = h("legend", { class: "edukit-quiz__legend", tabindex: "-1" }, h("span", { class: "edukit-quiz__number" }, t("quiz.questionOf", { number, total: items.length })), h("span", { class: "edukit-quiz__prompt" }, item.prompt));
  const note = h("p", { class: "edukit-quiz__note", hidden: true, "data-quiz": "note" });
  const submit = button(quiz, "submit", "quiz.submit");
  const dontKnow = button(quiz, "dont-know", "quiz.dontKnow", { class: secondary, "aria-label": t("quiz.dontKnowLabel", { number }) });
  const retry = button(quiz, "retry", "quiz.retry", { hidden: true });
  const reveal = button(quiz, "reveal", "quiz.reveal", { class: secondary, hidden: true });
  const attempt = h("span", { class: "edukit-quiz__attempt" });
  const feedback = h("div", { class: "edukit-quiz__feedback", tabindex: "-1", hidden: true, "data-quiz": "feedback" });
  const fieldset = h(
    "fieldset",
    { class: "edukit-quiz__question", "aria-describedby": hintId, "data-quiz-item": item.id, "data-quiz-type": item.type },
    legend,
    h("p", { id: hintId, class: "edukit-hint" }, t(`quiz.hint.${item.type}`)),
    controls.nodes,
    note,
    h("div", { class: "edukit-row edukit-quiz__actions" }, submit, dontKnow, retry, reveal, attempt),
    feedback,
  );
  submit.addEventListener("click", () => submitQuestion(quiz, index));
  dontKnow.addEventListener("click", () => dontKnowQuestion(quiz, index));
  retry.addEventListener("click", () => {
    quiz.states[index].open = true;
    showQuestion(quiz, index);
    controls.first()?.focus();
  });
  reveal.addEventListener("click", () => {
    quiz.states[index].done = true;
    save(quiz);
    showQuestion(quiz, index);
    showSummary(quiz);
    feedback.focus();
    say(feedback.textContent);
  });
  return Object.assign(question, { controls, feedback, submit, dontKnow, retry, reveal, attempt, note, fieldset, legend, entry: h("li", {}, fieldset) });
}

function restore(quiz) {
  const { items, questions, states } = quiz;
  const saved = quiz.store.get(quiz.storeKey);
  quiz.record = saved && saved.version === RECORD_VERSION && saved.items ? saved : emptyRecord();
  items.forEach((item, index) => {
    states[index] = restoredState(item, quiz.record.items[item.id], quiz.limit);
    const state = states[index];
    if (state.tries > 0) questions[index].controls.write(state.dontKnow ? emptyAnswer(item) : state.answer);
    showQuestion(quiz, index);
  });
  showSummary(quiz);
}

function resetQuiz(quiz) {
  quiz.epoch += 1; // an answer still being graded is not recorded into the fresh quiz
  quiz.store.remove(quiz.storeKey);
  for (const question of quiz.questions) question.note.hidden = true;
  restore(quiz);
  quiz.items.forEach((item, index) => quiz.questions[index].controls.write(emptyAnswer(item)));
  if (quiz.pager) showPage(quiz, 0, false);
  quiz.questions[0].controls.first()?.focus();
  quiz.say(quiz.t("quiz.resetDone"));
}

// A test shows the export open; a practice quiz keeps it folded under its button name.
function notebookExport(quiz) {
  const { store, t, say, el } = quiz;
  const box = exportBox({ store, t, say, doc: el.ownerDocument ?? document }).element;
  if (quiz.mode === "evaluation") return box;
  return h("details", { class: "edukit-quiz__export-details", "data-quiz": "export-details" }, h("summary", {}, t("quiz.export")), box);
}

function quizSection(quiz) {
  const { t, mode, pager } = quiz;
  const titleId = uid("quiz-title");
  return h(
    "section",
    { class: "edukit-quiz", "aria-labelledby": titleId, "data-quiz-mode": mode },
    h("p", { id: titleId, class: "edukit-quiz__title" }, quiz.model.get("title") || t("quiz.label")),
    h("p", { class: "edukit-quiz__intro" }, t(`quiz.intro.${mode}`)),
    pager ? pager.top : null,
    h("ol", { class: "edukit-quiz__list" }, quiz.questions.map((question) => question.entry)),
    pager ? pager.nav : null,
    h("div", { class: "edukit-row edukit-quiz__footer" }, quiz.summary, quiz.reset),
    quiz.exportHint,
    quiz.syncStatus,
    quiz.onSite ? null : notebookExport(quiz),
    quiz.live,
  );
}

/** The quiz of the model's payload drawn in `el`, or null (and a note) when it has no item. */
function buildQuiz({ model, el, store, t, lang, onSite }) {
  const payload = model.get("payload") ?? {};
  const items = Array.isArray(payload.items) ? payload.items : [];
  if (!items.length) {
    // The runtime shows the Python side's problem (a bad bank) under the widget.
    el.replaceChildren(model.get("error") ? "" : h("p", { class: "edukit-note" }, t("quiz.empty")));
    return null;
  }
  const mode = payload.mode === "evaluation" ? "evaluation" : "practice";
  const purpose = model.get("purpose") || "";
  const live = liveRegion();
  const quiz = {
    model,
    el,
    store,
    t,
    lang,
    onSite,
    items,
    mode,
    purpose,
    live,
    limit: Math.max(0, Number(model.get("attempts")) || 0),
    storeKey: model.get("key") || "quiz:unnamed",
    exportable: mode === "evaluation" && (purpose === "positionnement" || purpose === "evaluation-finale"),
    say: (text) => announce(live, text),
    record: emptyRecord(),
    states: items.map(() => blankState()),
    questions: [],
    writing: false, // this quiz's own store.set: its subscriber does not restore
    epoch: 0, // bumped by « Recommencer le quiz »
    pager: null,
    summary: h("p", { class: "edukit-quiz__summary", "data-quiz": "summary" }),
    reset: h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-quiz": "reset" }, t("quiz.reset")),
    exportHint: h("p", { class: "edukit-quiz__export", "data-quiz": "export-hint", hidden: true }, t("quiz.exportHint")),
    syncStatus: h("p", { class: "edukit-hint", "data-quiz": "sync-status", hidden: true }),
  };
  quiz.pager = isPaged({ onSite, mode, count: items.length }) ? createPager({ t, count: items.length, onMove: (index) => showPage(quiz, index, true) }) : null;
  items.forEach((item, index) => quiz.questions.push(buildQuestion(quiz, item, index)));
  quiz.reset.addEventListener("click", () => resetQuiz(quiz));
  el.replaceChildren(quizSection(quiz));
  restore(quiz);
  if (quiz.pager) showPage(quiz, firstOpenQuestion(quiz.states), false);
  // Answers saved before (or while the room was away) go again when the quiz is shown.
  if (Object.keys(quiz.record.items ?? {}).length) sendToRoom(quiz);
  return quiz;
}

const REBUILD_ON = ["payload", "attempts", "title", "key", "purpose", "lesson"];

export default {
  render({ model, el }) {
    const lang = model.get("lang");
    const t = translator(lang, quizMessages);
    const store = courseStore(courseOf(model));
    // On the site, the progress panel exports; in a notebook the quiz offers it itself.
    const onSite = Boolean(el.closest?.("[data-edukit-mount]"));
    let quiz = null;
    let unsubscribe = () => {};
    const hearKernel = (message) => quiz && showSynced(quiz, message);
    model.on("msg:custom", hearKernel);

    function build() {
      unsubscribe();
      quiz = buildQuiz({ model, el, store, t, lang, onSite });
      const shown = quiz;
      if (shown) unsubscribe = store.subscribe((key) => key === shown.storeKey && !shown.writing && restore(shown));
    }

    build();
    const releaseKeys = keepKeys(el, QUIZ_KEYS);
    const rebuild = () => build();
    for (const name of REBUILD_ON) model.on(`change:${name}`, rebuild);
    return () => {
      unsubscribe();
      releaseKeys();
      model.off("msg:custom", hearKernel);
      for (const name of REBUILD_ON) model.off(`change:${name}`, rebuild);
    };
  },
};
