// One prompt variant's card: its text, its checklist as the learner types, the answer, the
// cost line and the rubric. Text from the learner or the model is only ever text nodes.
import { announce, h, labelledField, uid } from "../a11y.js";
import { analysePrompt } from "./checklist.js";
import { LETTERS } from "./format.js";

function checklistItems(t, index, checklist) {
  return checklist.items.map((item) =>
    h(
      "li",
      { class: item.found ? "edukit-playground__check edukit-ok" : "edukit-playground__check", "data-found": String(item.found) },
      h("span", { class: "edukit-playground__mark", "aria-hidden": "true" }, item.found ? "✓" : "✗"),
      h(
        "span",
        {},
        h("strong", {}, `${item.label} — ${item.found ? t("check.found") : t("check.missing")}`),
        ` : ${item.comment}`,
        item.found && item.evidence?.length
          ? h("span", { class: "edukit-playground__evidence", "data-playground": `evidence-${index}-${item.id}` }, ` ${t("check.evidence", { list: item.evidence.map((e) => `« ${e.text} »`).join(", ") })}`)
          : null,
        item.suggestion ? h("span", { class: "edukit-playground__tip" }, ` ${item.suggestion}`) : null,
      ),
    ),
  );
}

/** The rating selects of the rubric: each change is kept in the card's history entry. */
function rubricSelects({ t, live }, card, rubric) {
  return rubric.map((criterion) => {
    const select = h(
      "select",
      { "data-playground": `rate-${card.index}-${criterion.id}` },
      h("option", { value: "" }, t("rubric.unset")),
      Object.entries(criterion.levels).map(([level, label]) => h("option", { value: level }, `${level} – ${label}`)),
    );
    select.addEventListener("change", () => {
      if (!card.entry) return;
      if (select.value) card.entry.ratings[criterion.id] = Number(select.value);
      else delete card.entry.ratings[criterion.id];
      announce(live, t("rubric.saved"));
    });
    return labelledField(criterion.label, select, { hint: criterion.question }).field;
  });
}

/**
 * The card of variant `index`. `onAnalysed()` runs after each new checklist, `onSend(card)`
 * when its send button is pressed; the caller sets `card.controller` while an answer streams.
 */
export function makeCard(ctx, index, { initial, checks, rubric, onAnalysed, onSend }) {
  const { t } = ctx;
  const letter = LETTERS[index];
  const button = (name, label, secondary = false, hidden = false) =>
    h("button", { type: "button", class: secondary ? "edukit-button edukit-button--secondary" : "edukit-button", hidden, "data-playground": name }, label);
  const { field, input } = labelledField(t("variant.name", { letter }), h("textarea", { rows: 6, "data-playground": `prompt-${index}`, spellcheck: "true" }));
  input.value = initial ?? "";
  const score = h("p", { class: "edukit-playground__score", "data-playground": `score-${index}` });
  const list = h("ul", { class: "edukit-playground__checks", "data-playground": `checks-${index}` });
  const send = button(`send-${index}`, t("variant.send", { letter }));
  const stop = button(`stop-${index}`, t("variant.stop"), true, true);
  const answerTitle = h("p", { class: "edukit-label", id: uid("answer") }, t("variant.answer", { letter }));
  const answer = h("div", { class: "edukit-playground__answer", "data-playground": `answer-${index}`, "aria-labelledby": answerTitle.id, role: "region" });
  const ratings = h("div", { class: "edukit-playground__rubric" });
  const card = {
    index,
    letter,
    input,
    send,
    stop,
    answer,
    status: h("p", { class: "edukit-hint", "data-playground": `status-${index}` }),
    cost: h("p", { class: "edukit-hint", "data-playground": `cost-${index}` }),
    rubricBox: h("details", { class: "edukit-playground__rate", hidden: true }, h("summary", {}, t("rubric.title")), ratings),
    controller: null,
    entry: null,
    checklist: null,
  };
  card.element = h(
    "div",
    { class: "edukit-playground__card", "data-playground": `card-${index}`, role: "group", "aria-label": t("variant.name", { letter }) },
    field,
    h("p", { class: "edukit-label" }, t("check.title")),
    score,
    list,
    h("div", { class: "edukit-row" }, send, stop),
    answerTitle,
    answer,
    card.status,
    card.cost,
    card.rubricBox,
  );
  ratings.append(...rubricSelects(ctx, card, rubric));
  card.analyse = () => {
    card.checklist = analysePrompt(checks, input.value);
    score.textContent = t("check.score", { count: card.checklist.score, score: card.checklist.score, total: card.checklist.total });
    list.replaceChildren(...checklistItems(t, index, card.checklist));
    onAnalysed();
  };
  input.addEventListener("input", card.analyse);
  send.addEventListener("click", () => onSend(card));
  stop.addEventListener("click", () => card.controller?.abort());
  return card;
}
