// The bias explorer's chart: per group, bars of the selection rate, true positive rate and
// false positive rate, each with its own pattern (never colour alone), the 4/5 line, and a
// text alternative read by screen readers. SVG built with DOM APIs only.
import { h, uid } from "./a11y.js";
import { FOUR_FIFTHS } from "./bias-metrics.js";

const SVG = "http://www.w3.org/2000/svg";
/** Metrics drawn in the chart, each with its own pattern. */
const CHART_METRICS = ["selection_rate", "tpr", "fpr"];
const WIDTH = 320;
const BAR_MAX = 230;
const BAR = 14;
const GROUP_HEIGHT = 22 + CHART_METRICS.length * (BAR + 4) + 8;

function svg(tag, attributes = {}) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** The hatched and dotted patterns; `fill(metric)` is the fill of a metric's bars (or null). */
function patternDefs(prefix) {
  const defs = svg("defs");
  const patterns = {
    selection_rate: null,
    tpr: svg("pattern", { id: `${prefix}-tpr`, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }),
    fpr: svg("pattern", { id: `${prefix}-fpr`, width: 5, height: 5, patternUnits: "userSpaceOnUse" }),
  };
  patterns.tpr.append(svg("rect", { width: 6, height: 6, class: "edukit-bias__pattern-bg" }), svg("rect", { width: 3, height: 6, class: "edukit-bias__pattern-fg" }));
  patterns.fpr.append(svg("rect", { width: 5, height: 5, class: "edukit-bias__pattern-bg" }), svg("circle", { cx: 2.5, cy: 2.5, r: 1.4, class: "edukit-bias__pattern-fg" }));
  defs.append(patterns.tpr, patterns.fpr);
  return { defs, fill: (metric) => (patterns[metric] ? `url(#${prefix}-${metric})` : null) };
}

function bar(metric, attributes, fill) {
  const rect = svg("rect", { ...attributes, class: `edukit-bias__bar edukit-bias__bar--${metric}` });
  if (fill(metric)) rect.setAttribute("fill", fill(metric));
  return rect;
}

/** One group's label and bars, appended to `chart`; returns the bars to update. */
function groupBars(chart, group, g, fill) {
  const top = 10 + g * GROUP_HEIGHT;
  const label = svg("text", { x: 0, y: top + 12, class: "edukit-bias__chart-group" });
  label.textContent = group;
  chart.append(label);
  return CHART_METRICS.map((metric, m) => {
    const y = top + 20 + m * (BAR + 4);
    const track = svg("rect", { x: 0, y, width: BAR_MAX, height: BAR, class: "edukit-bias__track" });
    const rect = bar(metric, { x: 0, y, width: 0, height: BAR }, fill);
    const value = svg("text", { x: BAR_MAX + 6, y: y + BAR - 3, class: "edukit-bias__chart-value" });
    chart.append(track, rect, value);
    return { rect, value, metric };
  });
}

function legend(t, fill) {
  return h(
    "ul",
    { class: "edukit-bias__legend", "aria-hidden": "true" },
    CHART_METRICS.map((metric) => {
      const swatch = svg("svg", { width: 18, height: 14, viewBox: "0 0 18 14", class: "edukit-bias__swatch" });
      swatch.append(bar(metric, { width: 18, height: 14 }, fill));
      return h("li", {}, swatch, t(`bias.metric.${metric}`));
    }),
    h("li", {}, h("span", { class: "edukit-bias__legend-line" }), t("bias.chart.fourFifths")),
  );
}

/**
 * The chart of a scenario's `groups`: `nodes` go into the figure (the chart before its legend,
 * whose swatches use the chart's patterns); `update(result)` draws an `assessIndices` result.
 */
export function createChart({ t, groups, pct }) {
  const height = 10 + groups.length * GROUP_HEIGHT;
  const descId = uid("bias-chart-desc");
  const titleId = uid("bias-chart-title");
  const { defs, fill } = patternDefs(uid("bias-pattern"));
  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "edukit-bias__svg", role: "img", "aria-labelledby": titleId, "aria-describedby": descId, preserveAspectRatio: "xMinYMin meet" });
  const title = svg("title", { id: titleId });
  title.textContent = t("bias.chart");
  chart.append(title, defs);
  const bars = groups.map((group, g) => groupBars(chart, group, g, fill));
  const line = svg("line", { x1: 0, x2: 0, y1: 4, y2: height - 2, class: "edukit-bias__four-fifths" });
  chart.append(line);
  const description = h("p", { id: descId, class: "edukit-sr-only", "data-bias": "chart-desc" });
  function update(result) {
    for (const [g, groupBarsShown] of bars.entries()) {
      for (const { rect, value, metric } of groupBarsShown) {
        const rate = result.groups[g][metric];
        rect.setAttribute("width", (rate * BAR_MAX).toFixed(1));
        setText(value, pct(rate));
      }
    }
    const highest = Math.max(...result.groups.map((group) => group.selection_rate));
    const x = (FOUR_FIFTHS * highest * BAR_MAX).toFixed(1);
    line.setAttribute("x1", x);
    line.setAttribute("x2", x);
    const described = result.groups.map((group, g) =>
      t("bias.chart.descGroup", { group: groups[g], selection_rate: pct(group.selection_rate), tpr: pct(group.tpr), fpr: pct(group.fpr) }),
    );
    setText(description, t("bias.chart.desc", { groups: described.join(" "), line: pct(FOUR_FIFTHS * highest) }));
  }
  return { nodes: [h("figcaption", {}, t("bias.chart")), chart, legend(t, fill), description], update };
}
