// The personal-data guard: nothing with personal data leaves without an explicit confirmation.
import { announce, h, uid } from "../a11y.js";
import { scanText } from "../pii.js";

/**
 * Nothing with personal data leaves without an explicit confirmation. `check(prompts)` gives
 * `{ok: true}` or `{ok: false, findings: [{variant, scan}]}`; `confirm(prompts)` lets exactly
 * those texts through once they have been shown; any edit asks again.
 */
export function createSendGuard(scan = scanText) {
  const confirmed = new Set();
  return {
    check(prompts) {
      const findings = [];
      prompts.forEach((prompt, variant) => {
        if (prompt === null || prompt === undefined || confirmed.has(prompt)) return;
        const result = scan(prompt);
        if (result.spans.length) findings.push({ variant, scan: result });
      });
      return findings.length ? { ok: false, findings } : { ok: true, findings: [] };
    },
    confirm(prompts) {
      for (const prompt of prompts) if (prompt !== null && prompt !== undefined) confirmed.add(prompt);
    },
    reset() {
      confirmed.clear();
    },
  };
}

/** `text` as DOM nodes, each span of personal data in a <mark> (text nodes only, never HTML). */
export function highlighted(doc, text, spans, describe = (span) => span.label) {
  const fragment = doc.createDocumentFragment();
  let at = 0;
  for (const span of spans) {
    if (span.start > at) fragment.append(doc.createTextNode(text.slice(at, span.start)));
    const mark = doc.createElement("mark");
    mark.className = "edukit-playground__pii";
    mark.textContent = text.slice(span.start, span.end);
    mark.title = describe(span);
    fragment.append(mark);
    at = span.end;
  }
  if (at < text.length) fragment.append(doc.createTextNode(text.slice(at)));
  return fragment;
}

/**
 * Show what the guard found in `targets` (cards) in `ctx.guardBox`, and let the learner
 * anonymise, confirm or cancel; `send(targets)` sends again once they chose.
 */
export function showGuard(ctx, findings, targets, { cards, guard, send }) {
  const { t, doc, live, guardBox } = ctx;
  const button = (name, label, secondary) => h("button", { type: "button", class: secondary ? "edukit-button edukit-button--secondary" : "edukit-button", "data-playground": name }, label);
  const anonymiseButton = button("guard-anonymise", t("guard.anonymise"), false);
  const confirmButton = button("guard-confirm", t("guard.confirm"), true);
  const cancelButton = button("guard-cancel", t("guard.cancel"), true);
  const describe = (span) => t(`pii.${span.type}`);
  const titleId = uid("guard");
  guardBox.setAttribute("role", "region");
  guardBox.setAttribute("aria-labelledby", titleId);
  guardBox.replaceChildren(
    h("p", { class: "edukit-playground__guard-title", id: titleId }, t("guard.title")),
    h("p", {}, t("guard.intro")),
    ...findings.map(({ variant, scan }) => {
      const card = targets.find((c) => c.index === variant) ?? cards[variant];
      const kinds = Object.entries(scan.counts).map(([type, n]) => `${n} × ${t(`pii.${type}`)}`).join(", ");
      return h(
        "div",
        { class: "edukit-playground__finding", "data-playground": `finding-${card.index}` },
        h("p", { class: "edukit-label" }, t("guard.variant", { letter: card.letter, list: kinds })),
        h("p", { class: "edukit-playground__quoted" }, highlighted(doc, card.input.value, scan.spans, describe)),
      );
    }),
    h("div", { class: "edukit-row" }, anonymiseButton, confirmButton, cancelButton),
  );
  guardBox.hidden = false;
  guardBox.focus();
  const close = () => {
    guardBox.hidden = true;
    guardBox.replaceChildren();
  };
  anonymiseButton.addEventListener("click", () => {
    for (const { variant, scan } of findings) {
      const card = cards[variant];
      card.input.value = scan.anonymised;
      card.analyse();
    }
    close();
    send(targets);
  });
  confirmButton.addEventListener("click", () => {
    guard.confirm(targets.map((card) => card.input.value));
    close();
    send(targets);
  });
  cancelButton.addEventListener("click", () => {
    close();
    announce(live, t("guard.cancelled"));
    targets[0]?.send.focus();
  });
}
