// « Exporter ma progression » inside a notebook quiz: the learner's name and the button that
// downloads the course's progress file (the same file as the site's progress panel).
import { h, uid } from "./a11y.js";
import { downloadProgress, normalizeLearner } from "./store.js";

/**
 * « Exporter ma progression » inside the quiz, for notebooks: the site has its own progress
 * panel, JupyterLab has none. Same file as the site's (store.js's downloadProgress), with the
 * learner's name kept on this device as the site keeps it.
 */
export function exportBox({ store, t, say, doc = globalThis.document }) {
  const input = h("input", { type: "text", autocomplete: "nickname", spellcheck: "false", maxlength: "80", "data-quiz": "learner" });
  input.id = uid("quiz-learner");
  const hintId = uid("quiz-learner-hint");
  const titleId = uid("quiz-export-title");
  input.setAttribute("aria-describedby", hintId);
  input.value = store.learner();
  const button = h("button", { type: "button", class: "edukit-button", "data-quiz": "export" }, t("quiz.export"));
  const status = h("p", { class: "edukit-quiz__export-status", "data-quiz": "export-status" });
  input.addEventListener("input", () => {
    store.setLearner(input.value);
    if (normalizeLearner(input.value)) input.removeAttribute("aria-invalid");
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing) {
      event.preventDefault();
      button.click();
    }
  });
  button.addEventListener("click", () => {
    const learner = normalizeLearner(input.value);
    if (!learner) {
      input.setAttribute("aria-invalid", "true");
      status.textContent = t("quiz.needName");
      say(status.textContent);
      input.focus();
      return;
    }
    store.setLearner(learner);
    try {
      const { name } = downloadProgress(store, { learner, doc });
      status.textContent = t("quiz.exported", { name });
    } catch (error) {
      status.textContent = t("quiz.exportFailed", { reason: error?.message ?? String(error) });
    }
    say(status.textContent);
  });
  const element = h(
    "div",
    { class: "edukit-quiz__export-box", role: "group", "aria-labelledby": titleId, "data-quiz": "export-box" },
    h("p", { class: "edukit-label", id: titleId }, t("quiz.exportTitle")),
    h("p", { class: "edukit-hint" }, t("quiz.exportIntro")),
    h("div", { class: "edukit-field" }, h("label", { for: input.id, class: "edukit-label" }, t("quiz.learner")), h("p", { id: hintId, class: "edukit-hint" }, t("quiz.learnerHint")), input),
    h("div", { class: "edukit-row" }, button),
    status,
  );
  return { element, input, button, status };
}
