// The prompt playground (« bac à sable des requêtes »): the course's mini model word by word,
// prompt variants side by side with the French checklist, ratings, history export, and real
// models — through Python in JupyterLab, or straight from the page to an OpenAI-compatible
// service (key in sessionStorage only, sent only to the origin it was typed for). Model
// output is always text, never HTML. Each part lives in its own module under playground/;
// this entry draws the two activities and re-exports the pure helpers for node's test runner
// (tests/js/playground.test.mjs).
import { h, keepKeys, liveRegion, prefersReducedMotion, uid } from "./a11y.js";
import { translator } from "./i18n.js";
import { loadModel } from "./minimodel.js";
import { CATALOGUE } from "./playground/catalogue.js";
import { formatNumber } from "./playground/format.js";
import { buildNextWord } from "./playground/nextword.js";
import { buildPrompts } from "./playground/prompts.js";

export { throttledAnnouncer } from "./playground/announcer.js";
export { ENDPOINT_EVENT, StreamError, callEndpoint, chatRequest, keyFor, originOf, readChatStream, sessionSettings, sseDecoder } from "./playground/chat.js";
export { analysePrompt, checklistDifferences } from "./playground/checklist.js";
export { estimateTokens, formatNumber, formatPercent, impactFor } from "./playground/format.js";
export { createSendGuard, highlighted } from "./playground/guard.js";
export { escapeMarkdown, historyToJson, historyToMarkdown } from "./playground/history.js";
export { miniComparison } from "./playground/mini.js";

/** The keys the playground's controls answer to (slider, text areas, fields, radios, buttons). */
export const PLAYGROUND_KEYS = Object.freeze(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", " ", "Enter"]);

/** What every part of the widget reads: the model, the words, the live region, cleanups. */
function widgetContext(model, el) {
  const lang = model.get("lang");
  const onSite = Boolean(el.closest?.("[data-edukit-mount]"));
  let mini = null;
  try {
    const exported = model.get("model_export");
    if (exported && exported.format) mini = loadModel(exported);
  } catch (error) {
    console.error("edukit playground: the mini model could not load", error);
  }
  return {
    model,
    lang,
    t: translator(lang, CATALOGUE),
    doc: el.ownerDocument ?? document,
    kernelLabel: onSite ? "" : model.get("kernel_backend") || "",
    live: liveRegion(),
    cleanups: [keepKeys(el, PLAYGROUND_KEYS)],
    mini,
    impacts: model.get("impacts") || [],
    reduced: prefersReducedMotion(),
  };
}

/** The buttons that switch between the two activities (one panel shown at a time). */
function modeSwitch(ctx, panels) {
  const { t, model } = ctx;
  const modes = [
    ["mot-suivant", t("mode.next"), panels.next],
    ["requetes", t("mode.prompts"), panels.prompts],
  ].map(([mode, label, panel]) => {
    const button = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": `mode-${mode}` }, label);
    return { mode, button, panel };
  });
  const show = (mode) => {
    for (const entry of modes) {
      const active = entry.mode === mode;
      entry.button.setAttribute("aria-pressed", String(active));
      entry.panel.hidden = !active;
    }
  };
  for (const entry of modes) entry.button.addEventListener("click", () => show(entry.mode));
  show(model.get("mode") === "requetes" ? "requetes" : "mot-suivant");
  return h("div", { class: "edukit-row", role: "group", "aria-label": t("mode.label") }, modes.map((entry) => entry.button));
}

export default {
  render({ model, el }) {
    const ctx = widgetContext(model, el);
    const { t, lang, mini } = ctx;
    const info = model.get("model_info") || {};
    const nextPanel = mini ? buildNextWord(ctx) : h("p", { class: "edukit-note" }, t("info.noModel"));
    const promptsPanel = buildPrompts(ctx).element;
    const switcher = modeSwitch(ctx, { next: nextPanel, prompts: promptsPanel });
    // Two playgrounds on one page need distinct region names: the default says the activity.
    const title = model.get("title") || `${t("title")} : ${model.get("mode") === "requetes" ? t("mode.prompts") : t("mode.next")}`;
    const titleId = uid("playground-title");
    const modelInfo = mini
      ? h(
          "p",
          { class: "edukit-hint", "data-playground": "model-info" },
          t("info.model", {
            source: info.source ?? "?",
            words: formatNumber(info.training_words ?? 0, lang, 6),
            vocab: formatNumber(info.vocab_shipped ?? mini.vocab.length - 1, lang, 6),
          }),
        )
      : null;
    el.replaceChildren(
      h(
        "section",
        { class: "edukit-playground", "aria-labelledby": titleId },
        h("p", { class: "edukit-playground__title", id: titleId }, title),
        modelInfo,
        switcher,
        nextPanel,
        promptsPanel,
        ctx.live,
      ),
    );
    return () => {
      for (const cleanup of ctx.cleanups) cleanup();
    };
  },
};
