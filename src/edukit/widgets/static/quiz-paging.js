// A paged quiz shows one question at a time, with its position, a progress bar of the
// questions done, and « Question précédente » / « Question suivante » buttons.
import { h, uid } from "./a11y.js";

/** A notebook quiz longer than this shows one question at a time (a test always does). */
export const PAGED_FROM = 8;

/**
 * Whether a quiz shows one question at a time with a progress indicator: in a notebook, for a
 * test (evaluation mode) or more than PAGED_FROM questions; a 69-question evaluation was one
 * output 19,500 px tall. The site's pages keep every question in the page.
 */
export function isPaged({ onSite, mode, count }) {
  return !onSite && count > 1 && (mode === "evaluation" || count > PAGED_FROM);
}

/** The question a paged quiz opens on: the first one not done, else the first. */
export function firstOpenQuestion(states) {
  const index = states.findIndex((state) => !state.done);
  return index < 0 ? 0 : index;
}

/**
 * The pager of `count` questions: `top` (position and progress) goes above the list, `nav`
 * (the buttons) below; the buttons call `onMove(index)`. `show(index, done)` updates it and
 * returns the index shown, clamped to the questions.
 */
export function createPager({ t, count, onMove }) {
  const position = h("p", { id: uid("quiz-position"), class: "edukit-quiz__position-text", "data-quiz": "position" });
  const progressBar = h("progress", { class: "edukit-quiz__progress", max: String(count), value: "0", "aria-label": t("quiz.progressLabel"), "data-quiz": "progress" });
  const previous = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-quiz": "previous" }, t("quiz.previous"));
  const next = h("button", { type: "button", class: "edukit-button", "data-quiz": "next" }, t("quiz.next"));
  let current = 0;
  previous.addEventListener("click", () => onMove(current - 1));
  next.addEventListener("click", () => onMove(current + 1));
  return {
    top: h("div", { class: "edukit-quiz__pager", "data-quiz": "pager" }, position, progressBar),
    nav: h("div", { class: "edukit-row edukit-quiz__nav" }, previous, next),
    current: () => current,
    show(index, done) {
      current = Math.max(0, Math.min(count - 1, index));
      position.textContent = t("quiz.progress", { number: current + 1, total: count, done });
      progressBar.value = done;
      previous.disabled = current === 0;
      next.disabled = current === count - 1;
      return current;
    },
  };
}
