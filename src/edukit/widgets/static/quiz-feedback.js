// What a quiz shows once a question is answered: the status line, the tries left, the expected
// answer, the explanation and its source, and the marks placed beside options. Bank text and
// learner input only ever become DOM text nodes; a source link is kept only for http(s).
import { h } from "./a11y.js";

const ICONS = { ok: "✓", partial: "◑", bad: "✗", unknown: "?" };

/** "ok", "partial" or "bad" for a score in [0, 1]. */
export function statusOf(score) {
  if (score >= 1) return "ok";
  return score > 0 ? "partial" : "bad";
}

export function icon(kind) {
  return h("span", { class: "edukit-quiz__icon", "aria-hidden": "true" }, ICONS[kind]);
}

/** A mark beside an option, a pair or a step: icon, word, and the option's own feedback. */
export function mark(kind, text, extra) {
  return h("span", { class: `edukit-quiz__mark edukit-${kind === "partial" ? "partial" : kind}` }, icon(kind), " ", text, extra ? ` — ${extra}` : "");
}

function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

export function percent(value, lang) {
  return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(value);
}

export function decimal(value, lang) {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value);
}

/** The sentence that says how an answer went (right, partly right, wrong, « Je ne sais pas »). */
export function statusText(state, { t, lang }) {
  if (state.dontKnow) return t("quiz.dontKnowStatus");
  const kind = statusOf(state.score);
  if (kind === "partial") return t("quiz.partial", { percent: percent(state.score, lang) });
  return t(kind === "ok" ? "quiz.correct" : "quiz.incorrect");
}

/** What is left to do with an answered question (tries left, locked…), or "". */
export function triesText(state, { t, mode, limit }) {
  if (mode === "evaluation" && state.done) return t("quiz.locked");
  if (state.done) return state.score >= 1 ? "" : t("quiz.noTriesLeft");
  if (limit) return t("quiz.triesLeft", { count: limit - state.tries });
  return t("quiz.tryAgain");
}

function sourceLine(source, t) {
  const parts = [source.publisher, source.date, source.section].filter(Boolean);
  const href = source.url ? safeUrl(source.url) : null;
  const title = href ? h("a", { href, rel: "noopener noreferrer external" }, source.title) : source.title;
  return h(
    "p",
    { class: "edukit-quiz__source", "data-quiz": "source" },
    h("strong", {}, t("quiz.source")),
    title,
    parts.length ? `, ${parts.join(", ")}` : "",
    source.url && !href ? ` (${source.url})` : "",
  );
}

/**
 * Fill the (emptied) feedback box of an answered question. `quiz` gives `t`, `lang`, `mode`
 * and `limit`; the expected answer, explanation and source come only once the question is
 * done, and only in practice mode (an evaluation payload has no readable key).
 */
export function fillFeedback(feedback, { item, state, controls }, quiz) {
  const { t } = quiz;
  const kind = state.dontKnow ? "unknown" : statusOf(state.score);
  feedback.classList.add(`edukit-quiz__feedback--${kind}`);
  feedback.append(h("p", { class: `edukit-quiz__status edukit-${kind}`, "data-quiz": "status" }, icon(kind), " ", statusText(state, quiz)));
  const practice = item.practice;
  if (practice && !state.dontKnow) {
    const general = state.score >= 1 ? practice.feedback_correct : practice.feedback_incorrect;
    if (general) feedback.append(h("p", { "data-quiz": "general" }, general));
  }
  const tries = triesText(state, quiz);
  if (tries) feedback.append(h("p", { class: "edukit-quiz__tries" }, tries));
  if (!practice || !state.done) return;
  const expected = state.score >= 1 ? null : controls.expected();
  if (expected) feedback.append(typeof expected === "string" ? h("p", { "data-quiz": "expected" }, expected) : expected);
  if (practice.explanation) feedback.append(h("p", { "data-quiz": "explanation" }, h("strong", {}, t("quiz.explanation")), practice.explanation));
  if (practice.source && practice.source.title) feedback.append(sourceLine(practice.source, t));
}
