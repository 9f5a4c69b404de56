// « Le mot suivant »: the course's mini model writes word by word, its choices shown as bars,
// and the sentence starts it recites by heart. `ctx` is the widget's shared context (model,
// translator, live region…), built by ../playground.js.
import { announce, h, labelledField, uid } from "../a11y.js";
import { detokenize, distribution, generate, tokenize } from "../minimodel.js";
import { formatNumber, formatPercent } from "./format.js";

export function numberInput(attributes) {
  return h("input", { type: "number", inputmode: "decimal", ...attributes });
}

/** The prompt and the sampling settings, with their current values read from the fields. */
function controls({ model, t }) {
  const { field: promptField, input: promptInput } = labelledField(
    t("next.prompt"),
    h("textarea", { rows: 2, "data-playground": "next-prompt", spellcheck: "false" }),
    { hint: t("next.promptHint") },
  );
  promptInput.value = model.get("prompt") || "";
  const temperatureLabel = h("span");
  const temperature = h("input", { type: "range", min: "0", max: "2", step: "0.1", "data-playground": "temperature" });
  temperature.value = String(model.get("temperature") ?? 1);
  temperature.id = uid("temperature");
  const temperatureHint = h("p", { class: "edukit-hint", id: uid("hint") }, t("next.temperatureHint"));
  temperature.setAttribute("aria-describedby", temperatureHint.id);
  const temperatureField = h(
    "div",
    { class: "edukit-field" },
    h("label", { for: temperature.id, class: "edukit-label" }, temperatureLabel),
    temperatureHint,
    temperature,
  );
  const { field: topkField, input: topk } = labelledField(t("next.topk"), numberInput({ min: "0", max: "50", step: "1", "data-playground": "topk" }), { hint: t("next.topkHint") });
  topk.value = String(model.get("top_k") ?? 0);
  const { field: seedField, input: seed } = labelledField(t("next.seed"), numberInput({ min: "0", step: "1", "data-playground": "seed" }), { hint: t("next.seedHint") });
  seed.value = String(model.get("seed") ?? 0);
  const { field: wordsField, input: count } = labelledField(t("next.words"), numberInput({ min: "1", max: "200", step: "1", "data-playground": "words" }));
  count.value = String(model.get("words") ?? 20);
  return {
    promptInput,
    temperature,
    temperatureLabel,
    topk,
    seed,
    count,
    fields: [promptField, h("fieldset", { class: "edukit-playground__settings" }, h("legend", {}, t("next.settings")), temperatureField, topkField, seedField, wordsField)],
    settings() {
      const k = Math.max(0, Math.min(50, Math.trunc(Number(topk.value) || 0)));
      return {
        temperature: Math.max(0, Math.min(2, Number(temperature.value) || 0)),
        topK: k || null,
        seed: Math.max(0, Math.trunc(Number(seed.value) || 0)) >>> 0,
      };
    },
    wordsWanted: () => Math.max(1, Math.min(200, Math.trunc(Number(count.value) || 1))),
  };
}

/** The prompt then the generated words, the recited span (`highlight`) in a <mark>. */
function showText({ mini, t }, output, promptText, shown, highlight) {
  const promptWords = tokenize(mini, promptText);
  output.replaceChildren();
  if (!promptWords.length && !shown.length) {
    output.append(t("next.empty"));
    return;
  }
  output.append(h("span", { class: "edukit-playground__prompt" }, detokenize(promptWords)));
  if (!shown.length) return;
  // Rebuild the text word by word so that the recited span can be marked.
  let previous = detokenize(promptWords);
  let mark = null;
  shown.forEach((word, index) => {
    const next = detokenize([...promptWords, ...shown.slice(0, index + 1)]);
    const text = next.slice(previous.length);
    previous = next;
    const inSpan = highlight && index >= highlight[0] && index < highlight[0] + highlight[1];
    if (!inSpan) {
      mark = null;
      output.append(h("span", { class: "edukit-playground__generated" }, text));
    } else if (mark) mark.append(text);
    else {
      const lead = text.match(/^\s*/)[0];
      if (lead) output.append(lead);
      mark = h("mark", { class: "edukit-playground__recited" });
      output.append(mark);
      mark.append(text.slice(lead.length));
    }
  });
}

/** The next word's probabilities after `context`: the ten most likely as bars. */
function showDistribution({ mini, t, lang }, view, context, options) {
  const found = distribution(mini, context, options);
  const visible = context.slice(-8);
  view.title.textContent = context.length ? t("next.distribution", { context: (context.length > 8 ? "… " : "") + detokenize(visible) }) : t("next.distributionStart");
  const used = found.context.filter((word) => word !== "<s>");
  const notes = [];
  if (!found.words.length) notes.push(t("next.none"));
  else if (used.length) notes.push(t("next.context", { count: used.length, words: detokenize(used) }));
  else if (context.length) notes.push(t("next.contextNone"));
  if (options.temperature === 0) notes.push(t("next.greedy"));
  view.note.textContent = notes.join(" ");
  const max = Math.max(...found.probabilities.slice(0, 10), 0);
  view.bars.replaceChildren(
    ...found.words.slice(0, 10).map((word, index) => {
      const probability = found.probabilities[index];
      const fill = h("span", { class: "edukit-playground__fill" });
      fill.style.width = `${max ? (100 * probability) / max : 0}%`;
      return h(
        "li",
        { class: "edukit-playground__bar" },
        h("span", { class: "edukit-playground__word" }, word === "<s>" ? "¶" : word),
        h("span", { class: "edukit-playground__track", "aria-hidden": "true" }, fill),
        h("span", { class: "edukit-playground__pct" }, formatPercent(probability, lang)),
      );
    }),
  );
  const rest = found.probabilities.slice(10).reduce((sum, p) => sum + p, 0);
  view.others.textContent = found.words.length > 10 ? t("next.others", { percent: formatPercent(rest, lang) }) : "";
}

/** Memorisation: sentence starts from the course the model recites at temperature 0. */
function memoPanel({ model, t }, result, onTry) {
  const examples = model.get("memorisation") || [];
  return h(
    "div",
    { class: "edukit-playground__memo" },
    h("p", { class: "edukit-label" }, t("memo.title")),
    h("p", { class: "edukit-hint" }, examples.length ? t("memo.intro") : t("memo.none")),
    h(
      "div",
      { class: "edukit-row" },
      examples.map((example, index) => {
        const button = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": `memo-${index}` }, t("memo.try", { prompt: example.prompt }));
        button.addEventListener("click", () => onTry(example));
        return button;
      }),
    ),
    result,
  );
}

// The panel's state `st`: {ctx, form, view, output, memoResult, many, generated, highlight
// ([start, length] of a recited span in `generated`, or null), timer}.

function show(st, shownCount = st.generated.length) {
  const shown = st.generated.slice(0, shownCount);
  showText(st.ctx, st.output, st.form.promptInput.value, shown, st.highlight);
  showDistribution(st.ctx, st.view, [...tokenize(st.ctx.mini, st.form.promptInput.value), ...shown], st.form.settings());
}

function refresh(st) {
  const { t, lang } = st.ctx;
  const { temperature } = st.form;
  st.form.temperatureLabel.textContent = t("next.temperature", { value: formatNumber(Number(temperature.value), lang, 2) });
  temperature.setAttribute("aria-valuetext", formatNumber(Number(temperature.value), lang, 2));
  st.many.textContent = t("next.many", { count: st.form.wordsWanted() });
  show(st);
}

function stopAnimation(st) {
  if (st.timer !== null) clearInterval(st.timer);
  st.timer = null;
}

function forget(st) {
  stopAnimation(st);
  st.generated = [];
  st.highlight = null;
  st.memoResult.textContent = "";
  refresh(st);
}

/** Generate up to `total` words; new words appear one by one unless motion is reduced. */
function extend(st, total, { keepHighlight = false } = {}) {
  const { t, live, mini, reduced } = st.ctx;
  stopAnimation(st);
  if (!keepHighlight) {
    st.highlight = null;
    st.memoResult.textContent = "";
  }
  const before = st.generated.length;
  st.generated = generate(mini, st.form.promptInput.value, total, st.form.settings());
  const added = st.generated.slice(before);
  const say = () => announce(live, t("next.added", { count: added.length, words: detokenize(added) }));
  if (added.length > 1 && !reduced) {
    let shown = before;
    st.timer = setInterval(() => {
      shown += 1;
      show(st, shown);
      if (shown >= st.generated.length) {
        stopAnimation(st);
        say();
      }
    }, 60);
  } else {
    refresh(st);
    if (added.length) say();
    else announce(live, t("next.none"));
  }
}

function wire(st, { one, many, redraw, reset }) {
  const { promptInput, temperature, topk, seed, count } = st.form;
  one.addEventListener("click", () => extend(st, st.generated.length + 1));
  many.addEventListener("click", () => extend(st, st.generated.length + st.form.wordsWanted()));
  redraw.addEventListener("click", () => {
    seed.value = String((st.form.settings().seed + 1) >>> 0);
    extend(st, Math.max(st.generated.length, st.form.wordsWanted()));
  });
  reset.addEventListener("click", () => forget(st));
  promptInput.addEventListener("input", () => forget(st));
  for (const input of [temperature, topk, seed]) {
    input.addEventListener("change", () => (st.generated.length ? extend(st, st.generated.length) : refresh(st)));
  }
  temperature.addEventListener("input", () => refresh(st));
  count.addEventListener("input", () => refresh(st));
  st.ctx.cleanups.push(() => stopAnimation(st));
}

/** The « le mot suivant » panel: `ctx.mini` is the loaded mini model. */
export function buildNextWord(ctx) {
  const { t } = ctx;
  const button = (name, label, secondary = false) => h("button", { type: "button", class: secondary ? "edukit-button edukit-button--secondary" : "edukit-button", "data-playground": name }, label);
  const buttons = {
    one: button("next-one", t("next.one")),
    many: button("next-many", ""),
    redraw: button("next-redraw", t("next.redraw"), true),
    reset: button("next-reset", t("next.reset"), true),
  };
  const distTitle = h("p", { class: "edukit-label", id: uid("dist") });
  const st = {
    ctx,
    form: controls(ctx),
    output: h("p", { class: "edukit-playground__text", "data-playground": "next-text", "aria-labelledby": uid("text") }),
    view: {
      title: distTitle,
      note: h("p", { class: "edukit-hint", "data-playground": "next-context" }),
      bars: h("ol", { class: "edukit-playground__bars", "data-playground": "distribution", "aria-labelledby": distTitle.id }),
      others: h("p", { class: "edukit-hint" }),
    },
    memoResult: h("p", { class: "edukit-hint", "data-playground": "memo-result" }),
    many: buttons.many,
    generated: [],
    highlight: null,
    timer: null,
  };
  wire(st, buttons);
  const memo = memoPanel(ctx, st.memoResult, (example) => {
    st.form.promptInput.value = example.prompt;
    st.form.temperature.value = "0";
    st.form.topk.value = "0";
    st.generated = [];
    st.highlight = [example.span_start, example.span_length];
    extend(st, example.words.length, { keepHighlight: true });
    st.memoResult.textContent = t("memo.result", { count: example.span_length, origin: example.origin });
  });
  refresh(st);
  return h(
    "div",
    { class: "edukit-playground__panel", "data-playground": "panel-next" },
    ...st.form.fields,
    h("div", { class: "edukit-row" }, buttons.one, buttons.many, buttons.redraw, buttons.reset),
    h("p", { class: "edukit-label", id: st.output.getAttribute("aria-labelledby") }, t("next.text")),
    st.output,
    st.view.title,
    st.view.note,
    st.view.bars,
    st.view.others,
    memo,
  );
}
