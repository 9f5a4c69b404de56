// The bias explorer: pick a scenario, move one threshold (or one per group), watch selection
// and error rates per group, the 4/5 rule, and why fairness criteria cannot all hold at once.
// Python ships confusion counts (tp/fp per group per threshold); every rate is computed here
// (bias-metrics.js), so the page needs no kernel. This module holds the explorer's state, its
// controls, summary, table and gaps; the chart (bias-chart.js) and the guided step
// (bias-steps.js) are their own modules. Data never becomes markup: text nodes and DOM APIs only.
import { announce, h, keepKeys, labelledField, liveRegion, uid } from "./a11y.js";
import { createChart } from "./bias-chart.js";
import { biasMessages } from "./bias-messages.js";
import { assessIndices, associationLevel, closestIndex, FOUR_FIFTHS } from "./bias-metrics.js";
import { renderStep } from "./bias-steps.js";
import { translator } from "./i18n.js";

const TABLE_METRICS = ["selection_rate", "tpr", "fpr", "precision", "accuracy"];
const GAPS = ["parity", "opportunity", "odds", "precision"];
const ANNOUNCE_DELAY = 600;
const SYNC_DELAY = 300;

/** The keys the explorer's controls answer to (sliders, radios, selects, buttons, details). */
export const BIAS_KEYS = Object.freeze(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", " ", "Enter"]);

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function debounce(callback, delay) {
  let timer = null;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      callback(...args);
    }, delay);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}

// -- headings that continue the page's outline ------------------------------------------------

// The widget's title sits one level below the heading that precedes it (known once the
// element is in the page), at most level 4.
function heading(ex, depth, text, attributes = {}) {
  return h("div", { role: "heading", "aria-level": String(Math.min(6, ex.baseLevel + depth)), class: `edukit-bias__heading edukit-bias__heading--${depth}`, "data-depth": String(depth), ...attributes }, text);
}

function relevel(ex) {
  const { el } = ex;
  if (!el.isConnected) return;
  let level = 1;
  for (const node of document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")) {
    if (el.contains(node)) continue;
    if (node.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) {
      level = Number(node.getAttribute("aria-level") || node.tagName.slice(1)) || level;
    }
  }
  ex.baseLevel = Math.min(level + 1, 4);
  for (const node of el.querySelectorAll(".edukit-bias__heading")) {
    node.setAttribute("aria-level", String(Math.min(6, ex.baseLevel + Number(node.dataset.depth))));
  }
}

// -- the explorer's state and formats ------------------------------------------------------------

function createExplorer(model, el) {
  const lang = model.get("lang");
  const t = translator(lang, biasMessages);
  const percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
  const decimal2 = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const state = { dataset: 0, variant: 0, mode: "global", global: 0, perGroup: [], step: 0 };
  const ex = {
    model,
    el,
    t,
    decimal2,
    integer: new Intl.NumberFormat(lang),
    pct: (value) => percent.format(value),
    points: (gap) => t("bias.points", { count: Math.round(gap * 100) }),
    list: (items) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")}${t("bias.list.and")}${items.at(-1)}`),
    live: liveRegion(),
    baseLevel: 3,
    state,
    view: null, // the parts built for the current dataset, updated in place
    syncing: false, // our own writes must not be read back half-way (scenario set, threshold not yet)
    payload: () => model.get("payload") ?? {},
    thresholds: () => ex.payload().thresholds ?? [],
    dataset: () => ex.payload().datasets[state.dataset],
    variant: () => ex.dataset().variants[state.variant],
    indices: () => (state.mode === "global" ? ex.dataset().groups.map(() => state.global) : [...state.perGroup]),
    threshold: (index) => decimal2.format(ex.thresholds()[index]),
  };
  ex.heading = (depth, text, attributes) => heading(ex, depth, text, attributes);
  ex.scheduleAnnounce = debounce(() => announce(ex.live, announcement(ex)), ANNOUNCE_DELAY);
  ex.scheduleSync = debounce(() => syncModel(ex), SYNC_DELAY);
  ex.applyPolicy = (policy) => applyPolicy(ex, policy);
  Object.assign(ex, controls(ex));
  return ex;
}

function syncModel(ex) {
  const { model } = ex;
  ex.syncing = true;
  try {
    model.set("scenario", ex.dataset().id);
    model.set("remove_protected", ex.state.variant === 1);
    model.set("threshold", ex.thresholds()[ex.state.global]);
    model.save_changes();
  } finally {
    ex.syncing = false;
  }
}

// -- the parts built once ---------------------------------------------------------------------

function controls(ex) {
  const { t } = ex;
  const select = h("select", { "data-bias": "scenario" });
  const protectedBox = h("input", { type: "checkbox", "data-bias": "remove-protected" });
  const removeHintId = uid("bias-hint");
  protectedBox.setAttribute("aria-describedby", removeHintId);
  const modeName = uid("bias-mode");
  return {
    root: h("section", { class: "edukit-bias", "aria-label": t("bias.title") }),
    select,
    scenarioField: labelledField(t("bias.scenario"), select).field,
    summary: h("div", { class: "edukit-bias__summary", "data-bias": "summary" }),
    protectedBox,
    protectedLabel: h("label", { class: "edukit-bias__check" }, protectedBox, h("span", {})),
    removeHintId,
    columns: h("p", { class: "edukit-hint", "data-bias": "columns" }),
    modeRadios: ["global", "group"].map((mode) => h("input", { type: "radio", name: modeName, value: mode, "data-bias": `mode-${mode}` })),
    sliders: h("div", { class: "edukit-bias__sliders", "data-bias": "sliders" }),
    rule: h("p", { class: "edukit-bias__rule", "data-bias": "rule" }),
    tableWrap: h("div", { class: "edukit-bias__scroll", role: "region", tabindex: "0" }),
    gaps: h("dl", { class: "edukit-bias__gaps", "data-bias": "gaps" }),
    chartWrap: h("figure", { class: "edukit-bias__chart", "data-bias": "chart" }),
    stepPanel: h("div", { class: "edukit-bias__step", "data-bias": "step" }),
  };
}

function listen(ex) {
  const { t, state, live, select, protectedBox } = ex;
  select.addEventListener("change", () => {
    state.dataset = Number(select.value);
    state.step = 0;
    buildDataset(ex);
    ex.scheduleSync();
    announce(live, `${ex.dataset().title}. ${announcement(ex)}`);
  });
  protectedBox.addEventListener("change", () => {
    state.variant = protectedBox.checked ? 1 : 0;
    buildVariant(ex);
    ex.scheduleSync();
    ex.scheduleAnnounce.cancel();
    announce(live, `${t(protectedBox.checked ? "bias.announceVariant.without" : "bias.announceVariant.with")} ${announcement(ex)}`);
  });
  for (const radio of ex.modeRadios) {
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      if (radio.value === "group") state.perGroup = ex.dataset().groups.map(() => state.global);
      state.mode = radio.value;
      buildSliders(ex);
      update(ex);
    });
  }
}

function applyPolicy(ex, policy) {
  const { state } = ex;
  state.mode = "group";
  state.perGroup = [...policy.threshold_indices];
  buildSliders(ex);
  update(ex);
  ex.scheduleSync();
  const applied = ex.dataset().groups.map((group, g) => `${group} ${ex.threshold(policy.threshold_indices[g])}`);
  announce(ex.live, `${ex.t("bias.step.applied", { thresholds: ex.list(applied) })} ${announcement(ex)}`);
}

// -- sliders ------------------------------------------------------------------------------------

function slider(ex, label, get, set) {
  const { t } = ex;
  const last = ex.thresholds().length - 1;
  const input = h("input", { type: "range", min: "0", max: String(last), step: "1", class: "edukit-bias__range" });
  const output = h("output", { class: "edukit-bias__value", "aria-hidden": "true" });
  const move = (delta) => {
    const next = Math.min(last, Math.max(0, get() + delta));
    if (next === get()) return;
    set(next);
    input.value = String(next);
    changed(ex);
  };
  const lower = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "aria-label": t("bias.lower", { label }), "data-bias": "lower" }, "−");
  const raise = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "aria-label": t("bias.raise", { label }), "data-bias": "raise" }, "+");
  lower.addEventListener("click", () => move(-1));
  raise.addEventListener("click", () => move(1));
  input.addEventListener("input", () => {
    set(Number(input.value));
    changed(ex);
  });
  const { field } = labelledField(label, input);
  field.classList.add("edukit-bias__slider");
  field.append(h("div", { class: "edukit-bias__stepper" }, lower, output, raise));
  input.value = String(get());
  return { field, input, output, lower, raise, get };
}

function changed(ex) {
  update(ex);
  ex.scheduleAnnounce();
  ex.scheduleSync();
}

function buildSliders(ex) {
  const { t, state, view } = ex;
  view.sliders =
    state.mode === "global"
      ? [slider(ex, t("bias.slider.global"), () => state.global, (value) => (state.global = value))]
      : ex.dataset().groups.map((group, index) =>
          slider(ex, t("bias.slider.group", { group }), () => state.perGroup[index], (value) => (state.perGroup[index] = value)),
        );
  for (const [index, item] of view.sliders.entries()) item.input.dataset.bias = state.mode === "global" ? "slider" : `slider-${index}`;
  ex.sliders.replaceChildren(...view.sliders.map((item) => item.field));
  for (const radio of ex.modeRadios) radio.checked = radio.value === state.mode;
}

// -- summary, table, gaps -------------------------------------------------------------------------

function proxyLine(ex, data) {
  const proxy = data.proxies[0]?.label ?? "";
  if (!proxy) return null;
  const { t } = ex;
  const level = t(`bias.proxy.${associationLevel(data.summary.proxy_association)}`);
  const value = ex.decimal2.format(data.summary.proxy_association);
  return h("p", { "data-bias": "proxy" }, t("bias.proxy", { proxy, protected: data.protected.label, level, value }), " ", t("bias.proxyMeaning", { protected: data.protected.label }));
}

function buildSummary(ex) {
  const { t, pct, integer } = ex;
  const data = ex.dataset();
  const info = data.summary;
  const rows = info.rows;
  const groupItems = data.groups.map((group, index) =>
    h("li", {}, t("bias.groupLine", { group, size: integer.format(info.group_sizes[index]), share: pct(info.group_sizes[index] / rows), rate: pct(info.base_rates[index]) })),
  );
  ex.summary.replaceChildren(
    h("p", { class: "edukit-bias__description" }, data.description),
    ex.heading(1, t("bias.data")),
    h("p", {}, t("bias.rows", { rows: integer.format(rows), positive: data.positive_label })),
    h("ul", {}, groupItems),
    proxyLine(ex, data),
    data.story?.length ? h("details", {}, h("summary", {}, t("bias.story")), h("ul", {}, data.story.map((line) => h("li", {}, line)))) : null,
    h("p", { class: "edukit-hint" }, t("bias.source", { source: data.source })),
  );
  ex.protectedLabel.lastChild.textContent = t("bias.removeProtected", { protected: data.protected.label });
}

function buildTable(ex) {
  const { t, view } = ex;
  const captionId = uid("bias-caption");
  const header = h(
    "tr",
    {},
    h("th", { scope: "col" }, t("bias.table.group")),
    h("th", { scope: "col" }, t("bias.table.threshold")),
    h("th", { scope: "col" }, t("bias.table.accepted")),
    TABLE_METRICS.map((metric) => h("th", { scope: "col" }, t(`bias.metric.${metric}`))),
  );
  const makeRow = (label) => {
    const cells = [h("td", {}), h("td", {}), ...TABLE_METRICS.map(() => h("td", {}))];
    return { row: h("tr", {}, h("th", { scope: "row" }, label), cells), cells };
  };
  view.rows = ex.dataset().groups.map((group) => makeRow(group));
  view.overallRow = makeRow(t("bias.overall"));
  view.overallRow.row.classList.add("edukit-bias__overall");
  ex.tableWrap.setAttribute("aria-labelledby", captionId);
  ex.tableWrap.replaceChildren(
    h(
      "table",
      { class: "edukit-bias__table", "data-bias": "table" },
      h("caption", { id: captionId }, t("bias.table.caption")),
      h("thead", {}, header),
      h("tbody", {}, view.rows.map((item) => item.row), view.overallRow.row),
    ),
  );
}

function buildGaps(ex) {
  ex.view.gaps = {};
  ex.gaps.replaceChildren();
  for (const id of GAPS) {
    const value = h("dd", { "data-bias": `gap-${id}` });
    ex.view.gaps[id] = value;
    ex.gaps.append(h("dt", {}, ex.t(`bias.gap.${id}`)), value);
  }
}

// -- building and updating ------------------------------------------------------------------------

function buildVariant(ex) {
  ex.protectedBox.checked = ex.state.variant === 1;
  const data = ex.dataset();
  const labels = Object.fromEntries([data.protected, ...data.proxies, ...data.features].map((column) => [column.column, column.label]));
  setText(ex.columns, ex.t("bias.columns", { columns: ex.variant().columns.map((column) => labels[column] ?? column).join(", ") }));
  update(ex);
  renderStep(ex);
}

function buildDataset(ex) {
  ex.view = {};
  const data = ex.dataset();
  ex.state.perGroup = data.groups.map(() => ex.state.global);
  ex.select.value = String(ex.state.dataset);
  buildSummary(ex);
  buildSliders(ex);
  buildTable(ex);
  ex.view.chart = createChart({ t: ex.t, groups: data.groups, pct: ex.pct });
  ex.chartWrap.replaceChildren(...ex.view.chart.nodes);
  buildGaps(ex);
  buildVariant(ex);
}

// Sliders: value, visible value and the French text read by screen readers.
function updateSliders(ex, result) {
  const last = ex.thresholds().length - 1;
  for (const [index, item] of ex.view.sliders.entries()) {
    const position = item.get();
    if (item.input.value !== String(position)) item.input.value = String(position);
    const rate = ex.state.mode === "global" ? result.overall.selection_rate : result.groups[index].selection_rate;
    setText(item.output, ex.threshold(position));
    item.input.setAttribute("aria-valuetext", ex.t("bias.valuetext", { threshold: ex.threshold(position), rate: ex.pct(rate) }));
    item.lower.disabled = position <= 0;
    item.raise.disabled = position >= last;
  }
}

function updateTable(ex, result) {
  const { t, integer, view } = ex;
  const fill = (cells, values, thresholdText) => {
    setText(cells[0], thresholdText);
    setText(cells[1], t("bias.table.acceptedValue", { selected: integer.format(values.tp + values.fp), size: integer.format(values.tp + values.fp + values.fn + values.tn) }));
    for (const [m, metric] of TABLE_METRICS.entries()) setText(cells[m + 2], ex.pct(values[metric]));
  };
  for (const [g, group] of result.groups.entries()) fill(view.rows[g].cells, group, ex.threshold(group.index));
  fill(view.overallRow.cells, result.overall, ex.state.mode === "global" ? ex.threshold(ex.state.global) : "—");
}

function updateRule(ex, result) {
  const { rule, t, pct } = ex;
  const ratio = result.disparities.demographic_parity_ratio;
  rule.className = `edukit-bias__rule ${ratio === null ? "" : result.passesFourFifths ? "edukit-ok" : "edukit-bad"}`;
  rule.dataset.passes = String(result.passesFourFifths);
  if (ratio === null) return setText(rule, t("bias.rule.none"));
  const groups = ex.dataset().groups;
  const rates = result.groups.map((group) => group.selection_rate);
  const low = rates.indexOf(Math.min(...rates));
  const high = rates.indexOf(Math.max(...rates));
  const values = { low: groups[low], high: groups[high], lowRate: pct(rates[low]), highRate: pct(rates[high]), ratio: ex.decimal2.format(ratio) };
  setText(rule, t(result.passesFourFifths ? "bias.rule.pass" : "bias.rule.fail", values));
}

function update(ex) {
  const result = assessIndices(ex.variant(), ex.indices());
  const d = result.disparities;
  updateSliders(ex, result);
  updateTable(ex, result);
  updateRule(ex, result);
  setText(ex.view.gaps.parity, ex.points(d.demographic_parity_difference));
  setText(ex.view.gaps.opportunity, ex.points(d.equal_opportunity_difference));
  setText(ex.view.gaps.odds, ex.points(d.equalized_odds_difference));
  setText(ex.view.gaps.precision, ex.points(d.precision_difference));
  ex.view.chart.update(result);
}

function announcement(ex) {
  const { t, state } = ex;
  const data = ex.dataset();
  const result = assessIndices(ex.variant(), ex.indices());
  const groups = result.groups.map((group, g) => t("bias.announceGroup", { group: data.groups[g], rate: ex.pct(group.selection_rate) }));
  const ruleText = result.disparities.demographic_parity_ratio === null ? "none" : result.passesFourFifths ? "pass" : "fail";
  const thresholdText = state.mode === "global" ? ex.threshold(state.global) : ex.list(result.groups.map((group, g) => `${data.groups[g]} ${ex.threshold(group.index)}`));
  return t("bias.announce", { threshold: thresholdText, groups: groups.join(" "), rule: t(`bias.announceRule.${ruleText}`) });
}

// -- start from the model's state -------------------------------------------------------------------

function applyModelView(ex) {
  const { model, state } = ex;
  const ids = ex.payload().datasets.map((data) => data.id);
  const wanted = ids.indexOf(model.get("scenario"));
  state.dataset = wanted >= 0 ? wanted : 0;
  state.variant = model.get("remove_protected") ? 1 : 0;
  state.global = closestIndex(ex.thresholds(), model.get("threshold") ?? 0.5);
}

function layout(ex) {
  const { t } = ex;
  return [
    ex.heading(0, t("bias.title")),
    ex.scenarioField,
    ex.summary,
    h("fieldset", { class: "edukit-bias__group" }, h("legend", {}, t("bias.model")), ex.protectedLabel, h("p", { id: ex.removeHintId, class: "edukit-hint" }, t("bias.removeHint")), ex.columns),
    h(
      "fieldset",
      { class: "edukit-bias__group" },
      h("legend", {}, t("bias.thresholds")),
      h("p", { class: "edukit-hint" }, t("bias.thresholdHint")),
      h(
        "div",
        { class: "edukit-bias__modes", role: "radiogroup", "aria-label": t("bias.mode") },
        ex.modeRadios.map((radio) => h("label", { class: "edukit-bias__check" }, radio, h("span", {}, t(`bias.mode.${radio.value}`)))),
      ),
      ex.sliders,
    ),
    ex.heading(1, t("bias.results")),
    ex.rule,
    ex.tableWrap,
    ex.chartWrap,
    ex.heading(2, t("bias.gaps")),
    ex.gaps,
    h("details", { class: "edukit-bias__explain" }, h("summary", {}, t("bias.explain")), [1, 2, 3, 4, 5, 6].map((n) => h("p", {}, t(`bias.explain.${n}`)))),
    h("section", { class: "edukit-bias__impossible", "aria-label": t("bias.step.title") }, ex.heading(1, t("bias.step.title")), ex.stepPanel),
    ex.live,
  ];
}

function start(ex) {
  const data = ex.payload();
  if (!data.datasets?.length || !data.thresholds?.length) {
    ex.root.replaceChildren(h("p", { class: "edukit-note" }, ex.t("bias.empty")), ex.live);
    return;
  }
  applyModelView(ex);
  ex.state.mode = "global";
  ex.state.step = 0;
  ex.select.replaceChildren(...data.datasets.map((item, index) => h("option", { value: String(index) }, item.title)));
  ex.root.replaceChildren(...layout(ex));
  buildDataset(ex);
}

// The model changed from Python (or another view): follow it without rebuilding more than needed.
function followModel(ex) {
  const { state } = ex;
  if (!ex.view || ex.syncing) return;
  const before = [state.dataset, state.variant, state.global];
  applyModelView(ex);
  if (before[0] !== state.dataset) buildDataset(ex);
  else if (before[1] !== state.variant) buildVariant(ex);
  else if (before[2] !== state.global && state.mode === "global") update(ex);
}

const VIEW_EVENTS = "change:scenario change:remove_protected change:threshold";

export default {
  render({ model, el }) {
    const ex = createExplorer(model, el);
    listen(ex);
    const onPayload = () => start(ex);
    const onView = () => followModel(ex);
    model.on("change:payload", onPayload);
    model.on(VIEW_EVENTS, onView);
    start(ex);
    el.replaceChildren(ex.root);
    const releaseKeys = keepKeys(el, BIAS_KEYS);
    relevel(ex);
    const frame = requestAnimationFrame(() => relevel(ex));
    return () => {
      releaseKeys();
      cancelAnimationFrame(frame);
      ex.scheduleAnnounce.cancel();
      ex.scheduleSync.cancel();
      model.off("change:payload", onPayload);
      model.off(VIEW_EVENTS, onView);
    };
  },
};
