// The answer controls of one question, one builder per type. Each returns
// `{nodes, first(), read(), write(answer), lock(locked), marks(answer, showKey), expected()}`:
// `read()` gives the answer in the payload's ids (undefined when nothing is chosen yet).
// Keyboard first: radios, checkboxes, text fields, lists, and move up / move down buttons for
// ordering (no drag-only interaction).
import { h, uid } from "./a11y.js";
import { mark } from "./quiz-feedback.js";

/** Controls of one question; `ctx` is `{t, lang, number, say, submit}`. */
export function controlsFor(item, ctx) {
  const name = uid(`quiz-${ctx.number}`);
  if (item.type === "single" || item.type === "multiple" || item.type === "true_false") return choiceControls(item, ctx, name);
  if (item.type === "short" || item.type === "numeric") return textControls(item, ctx);
  if (item.type === "matching") return matchingControls(item, ctx);
  return orderingControls(item, ctx);
}

/** Radios (one answer, true / false) or checkboxes (several). */
function choiceControls(item, { t }, name) {
  const practice = item.practice;
  const multiple = item.type === "multiple";
  const options = item.type === "true_false" ? [{ id: "true", text: t("quiz.true") }, { id: "false", text: t("quiz.false") }] : item.options;
  const rows = options.map((option) => {
    const input = h("input", { type: multiple ? "checkbox" : "radio", name, value: option.id, class: "edukit-quiz__input" });
    const slot = h("span", { class: "edukit-quiz__option-feedback" });
    const row = h("div", { class: "edukit-quiz__choice" }, h("label", { class: "edukit-quiz__choice-label" }, input, h("span", {}, option.text)), slot);
    return { option, input, slot, row };
  });
  const toId = (id) => (item.type === "true_false" ? id === "true" : id);
  return {
    nodes: [h("div", { class: "edukit-quiz__choices" }, rows.map((row) => row.row))],
    first: () => rows.find((row) => row.input.checked)?.input ?? rows[0].input,
    read() {
      const checked = rows.filter((row) => row.input.checked).map((row) => row.option.id);
      if (!checked.length) return undefined;
      return multiple ? checked : toId(checked[0]);
    },
    write(answer) {
      const chosen = new Set(multiple ? answer : [String(answer)]);
      for (const row of rows) row.input.checked = chosen.has(row.option.id);
    },
    lock(locked) {
      for (const row of rows) row.input.disabled = locked;
    },
    marks(answer, showKey) {
      const chosen = new Set(answer === undefined ? [] : multiple ? answer : [String(answer)]);
      for (const row of rows) {
        row.slot.replaceChildren();
        row.row.classList.remove("edukit-quiz__choice--chosen");
        if (chosen.has(row.option.id)) row.row.classList.add("edukit-quiz__choice--chosen");
        if (!practice) continue;
        const right = practice.correct.includes(row.option.id);
        const feedback = practice.option_feedback[row.option.id];
        if (chosen.has(row.option.id)) row.slot.append(mark(right ? "ok" : "bad", t(right ? "quiz.optionRight" : "quiz.optionWrong"), feedback));
        else if (showKey && right && multiple) row.slot.append(mark("ok", t("quiz.optionExpected")));
      }
    },
    expected() {
      if (!practice || multiple) return null;
      const right = options.find((option) => practice.correct.includes(option.id));
      return right ? t("quiz.expected", { text: right.text }) : null;
    },
  };
}

/** One text field: a few words, or a number with its unit. Enter submits. */
function textControls(item, ctx) {
  const { t } = ctx;
  const practice = item.practice;
  const numeric = item.type === "numeric";
  const label = numeric && item.unit ? t("quiz.yourAnswerUnit", { unit: item.unit }) : t("quiz.yourAnswer");
  const input = h("input", { type: "text", class: "edukit-quiz__text", autocomplete: "off", spellcheck: numeric ? "false" : "true", inputmode: numeric ? "decimal" : null });
  input.id = uid("quiz-answer");
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing) {
      event.preventDefault();
      ctx.submit();
    }
  });
  const unit = numeric && item.unit ? h("span", { class: "edukit-quiz__unit", "aria-hidden": "true" }, item.unit) : null;
  return {
    nodes: [h("div", { class: "edukit-field" }, h("label", { for: input.id, class: "edukit-label" }, label), h("div", { class: "edukit-quiz__text-row" }, input, unit))],
    first: () => input,
    read: () => (input.value.trim() ? input.value : undefined),
    write(answer) {
      input.value = answer;
    },
    lock(locked) {
      input.readOnly = locked;
      input.setAttribute("aria-readonly", String(locked));
    },
    marks() {},
    expected() {
      if (!practice) return null;
      if (!numeric) return t("quiz.accepted", { text: practice.answers.join(" ; ") });
      const format = (value) => new Intl.NumberFormat(ctx.lang, { maximumFractionDigits: 10 }).format(value);
      const params = { value: format(practice.value), unit: item.unit ? ` ${item.unit}` : "", tolerance: format(practice.tolerance || 0) };
      return t(practice.tolerance ? "quiz.expectedTolerance" : "quiz.expectedNumeric", params);
    },
    input,
  };
}

/** One list per left-hand item, to choose its match. */
function matchingControls(item, { t }) {
  const practice = item.practice;
  const rows = item.lefts.map((left) => {
    const select = h("select", { class: "edukit-quiz__select" }, h("option", { value: "" }, t("quiz.choose")), item.rights.map((right) => h("option", { value: right.id }, right.text)));
    select.id = uid("quiz-match");
    const slot = h("span", { class: "edukit-quiz__option-feedback" });
    const row = h("div", { class: "edukit-field edukit-quiz__pair" }, h("label", { for: select.id, class: "edukit-label" }, left.text), select, slot);
    return { left, select, slot, row };
  });
  const rightText = Object.fromEntries(item.rights.map((right) => [right.id, right.text]));
  return {
    nodes: [h("div", { class: "edukit-quiz__pairs" }, rows.map((row) => row.row))],
    first: () => rows[0].select,
    read() {
      if (rows.some((row) => !row.select.value)) return undefined;
      return Object.fromEntries(rows.map((row) => [row.left.id, row.select.value]));
    },
    write(answer) {
      for (const row of rows) row.select.value = answer[row.left.id] ?? "";
    },
    lock(locked) {
      for (const row of rows) row.select.disabled = locked;
    },
    marks(answer, showKey) {
      for (const row of rows) {
        row.slot.replaceChildren();
        if (!practice || answer === undefined) continue;
        const expected = practice.pairs[row.left.id];
        if (answer[row.left.id] === expected) row.slot.append(mark("ok", t("quiz.pairRight")));
        else row.slot.append(mark("bad", showKey ? t("quiz.pairWrong", { text: rightText[expected] }) : t("quiz.pairWrongHidden")));
      }
    },
    expected: () => null,
  };
}

/** Steps to put in order with « Monter » / « Descendre » buttons; each move is announced. */
function orderingControls(item, ctx) {
  const { t } = ctx;
  const practice = item.practice;
  let order = item.options.map((option) => option.id);
  const byId = Object.fromEntries(item.options.map((option) => [option.id, option]));
  const list = h("ol", { class: "edukit-quiz__steps" });
  const entries = {};
  let locked = false;
  for (const option of item.options) {
    const up = h("button", { type: "button", class: "edukit-button edukit-button--secondary edukit-quiz__move", "aria-label": t("quiz.moveUp", { text: option.text }) }, h("span", { "aria-hidden": "true" }, "↑ "), t("quiz.moveUpShort"));
    const down = h("button", { type: "button", class: "edukit-button edukit-button--secondary edukit-quiz__move", "aria-label": t("quiz.moveDown", { text: option.text }) }, h("span", { "aria-hidden": "true" }, "↓ "), t("quiz.moveDownShort"));
    const position = h("span", { class: "edukit-quiz__position", "aria-hidden": "true" });
    const slot = h("span", { class: "edukit-quiz__option-feedback" });
    const row = h("li", { class: "edukit-quiz__step", "data-step": option.id }, h("div", { class: "edukit-quiz__step-main" }, position, h("span", { class: "edukit-quiz__step-text" }, option.text)), h("div", { class: "edukit-quiz__step-buttons" }, up, down), slot);
    entries[option.id] = { row, up, down, position, slot };
    up.addEventListener("click", () => move(option.id, -1, up));
    down.addEventListener("click", () => move(option.id, 1, down));
  }
  function layout() {
    list.replaceChildren(...order.map((id) => entries[id].row));
    order.forEach((id, index) => {
      const entry = entries[id];
      entry.position.textContent = t("quiz.position", { position: index + 1 });
      entry.up.disabled = locked || index === 0;
      entry.down.disabled = locked || index === order.length - 1;
    });
  }
  function move(id, delta, button) {
    const index = order.indexOf(id);
    const target = index + delta;
    if (locked || target < 0 || target >= order.length) return;
    order = [...order];
    [order[index], order[target]] = [order[target], order[index]];
    layout();
    const entry = entries[id];
    (button.disabled ? (button === entry.up ? entry.down : entry.up) : button).focus();
    ctx.say(t("quiz.moved", { text: byId[id].text, position: target + 1, total: order.length }));
  }
  layout();
  return {
    nodes: [list],
    first: () => [entries[order[0]].down, entries[order[0]].up].find((button) => !button.disabled),
    read: () => [...order],
    write(answer) {
      order = [...answer];
      layout();
    },
    lock(value) {
      locked = value;
      layout();
    },
    marks(answer, showKey) {
      for (const [index, id] of order.entries()) {
        const entry = entries[id];
        entry.slot.replaceChildren();
        if (!practice || answer === undefined) continue;
        const right = practice.correct[index] === id;
        entry.slot.append(mark(right ? "ok" : "bad", t(right ? "quiz.stepRight" : "quiz.stepWrong")));
      }
      void showKey;
    },
    expected() {
      if (!practice) return null;
      return h("div", {}, t("quiz.expectedOrder"), h("ol", { class: "edukit-quiz__expected-order" }, practice.correct.map((id) => h("li", {}, byId[id].text))));
    },
  };
}
