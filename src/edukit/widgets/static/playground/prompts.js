// « Comparer des requêtes »: two to four prompt variants side by side, each with the French
// checklist, sent to the chosen model; the differences between their checklists in words; the
// history of attempts. `ctx` is the widget's shared context, built by ../playground.js.
import { h, labelledField } from "../a11y.js";
import { makeCard } from "./cards.js";
import { sessionSettings } from "./chat.js";
import { checklistDifferences } from "./checklist.js";
import { createSendGuard } from "./guard.js";
import { historyPanel } from "./history.js";
import { miniExplainer } from "./mini.js";
import { numberInput } from "./nextword.js";
import { remoteSettings } from "./remote.js";
import { followKernel, submit } from "./send.js";

/** The answer's temperature and length, and the reference model of the impact estimate. */
function answerSettings({ t, impacts }) {
  const { field: temperatureField, input: temperatureInput } = labelledField(t("settings.temperature"), numberInput({ min: "0", max: "2", step: "0.1", "data-playground": "answer-temperature" }));
  temperatureInput.value = "0.7";
  const { field: maxField, input: maxInput } = labelledField(t("settings.maxTokens"), numberInput({ min: "1", max: "4000", step: "1", "data-playground": "answer-max" }));
  maxInput.value = "300";
  const impactSelect = h("select", { "data-playground": "impact-reference" }, impacts.map((ref) => h("option", { value: ref.id }, ref.label)));
  impactSelect.value = impacts.find((ref) => ref.id === "open-8b")?.id ?? impacts[0]?.id ?? "";
  const { field: impactField } = labelledField(t("impact.reference"), impactSelect);
  return {
    temperatureInput,
    maxInput,
    reference: () => impacts.find((ref) => ref.id === impactSelect.value) ?? null,
    element: h("div", { class: "edukit-playground__pair" }, temperatureField, maxField, impacts.length ? impactField : null),
  };
}

/** The variants' grid with its add / remove / send-all buttons and the checklists compared. */
function variantsGrid(s, checks) {
  const { t, model } = s.ctx;
  const initial = model.get("prompts") || [];
  const grid = h("div", { class: "edukit-playground__grid", "data-playground": "variants" });
  const differences = h("p", { class: "edukit-hint", "data-playground": "differences" });
  const button = (name, label, secondary = true) => h("button", { type: "button", class: secondary ? "edukit-button edukit-button--secondary" : "edukit-button", "data-playground": name }, label);
  const addButton = button("variant-add", t("variant.add"));
  const removeButton = button("variant-remove", t("variant.remove"));
  const sendAll = button("send-all", t("variant.sendAll"), false);
  const cards = s.cardList;
  function compare() {
    const lists = cards.map((card) => card.checklist).filter(Boolean);
    if (lists.length < 2) return;
    const found = checklistDifferences(lists, checks);
    differences.textContent = found.length ? found.map((d) => d.sentence).join(" ") : t("check.same");
  }
  function setVariants(total) {
    while (cards.length < total) {
      const index = cards.length;
      const card = makeCard(s.ctx, index, { initial: initial[index], checks, rubric: s.rubric, onAnalysed: compare, onSend: (one) => submit(s, [one]) });
      cards.push(card);
      grid.append(card.element);
      card.analyse();
    }
    while (cards.length > total) {
      const card = cards.pop();
      card.controller?.abort();
      card.element.remove();
    }
    addButton.disabled = cards.length >= 4;
    removeButton.disabled = cards.length <= 2;
    compare();
  }
  addButton.addEventListener("click", () => {
    setVariants(cards.length + 1);
    cards[cards.length - 1].input.focus();
  });
  removeButton.addEventListener("click", () => setVariants(cards.length - 1));
  sendAll.addEventListener("click", () => submit(s, [...cards]));
  setVariants(Math.max(2, Math.min(4, model.get("variants") || 2)));
  return { grid, differences, buttons: h("div", { class: "edukit-row" }, addButton, removeButton, sendAll) };
}

/** The « comparer des requêtes » panel. */
export function buildPrompts(ctx) {
  const session = sessionSettings();
  const cardList = [];
  const history = [];
  const rubric = ctx.model.get("rubric") || [];
  const guardBox = h("div", { class: "edukit-playground__guard", "data-playground": "guard", tabindex: "-1", hidden: true });
  const s = {
    ctx: { ...ctx, guardBox },
    cardList,
    cards: () => cardList,
    session,
    guard: createSendGuard(),
    rubric,
    history,
    pendingKernel: new Map(),
  };
  s.remote = remoteSettings(ctx, session);
  s.explainer = miniExplainer(ctx, s.cards);
  s.answer = answerSettings(ctx);
  s.reference = s.answer.reference;
  const variants = variantsGrid(s, ctx.model.get("checks") || []);
  if (ctx.kernelLabel) followKernel(s);
  ctx.cleanups.push(() => {
    for (const card of cardList) card.controller?.abort?.();
  });
  s.historyView = historyPanel(ctx, { history, rubric, cards: s.cards });
  const element = h(
    "div",
    { class: "edukit-playground__panel", "data-playground": "panel-prompts" },
    s.remote.group,
    s.remote.box,
    s.answer.element,
    guardBox,
    variants.grid,
    variants.differences,
    s.explainer.element,
    variants.buttons,
    s.historyView.element,
  );
  return { element };
}
