// The bias explorer's guided step « why the criteria cannot all hold »: the base rates, then
// one policy per step (its table, which criteria hold, its accuracy, a button to apply its
// thresholds in the explorer), then what to remember.
import { announce, h } from "./a11y.js";
import { criteriaOf, TOLERANCE } from "./bias-metrics.js";

const POLICY_METRICS = ["selection_rate", "tpr", "fpr", "precision"];

function stepCount(ex) {
  return ex.variant().impossibility.policies.length + 2;
}

function policyTable(ex, policy, name) {
  const { t, pct } = ex;
  const caption = t("bias.policy.caption", { policy: name });
  const header = h("tr", {}, h("th", { scope: "col" }, t("bias.table.group")), h("th", { scope: "col" }, t("bias.table.threshold")), POLICY_METRICS.map((metric) => h("th", { scope: "col" }, t(`bias.metric.${metric}`))));
  const rows = ex.dataset().groups.map((group, g) =>
    h("tr", {}, h("th", { scope: "row" }, group), h("td", {}, ex.threshold(policy.threshold_indices[g])), POLICY_METRICS.map((metric) => h("td", {}, pct(policy[metric][g])))),
  );
  return h(
    "div",
    { class: "edukit-bias__scroll", role: "region", tabindex: "0", "aria-label": caption },
    h("table", { class: "edukit-bias__table" }, h("caption", {}, caption), h("thead", {}, header), h("tbody", {}, rows)),
  );
}

function criteriaList(ex, criteria) {
  const { t } = ex;
  return h(
    "ul",
    { class: "edukit-bias__criteria" },
    criteria.map((criterion) =>
      h(
        "li",
        { class: criterion.holds ? "edukit-ok" : "edukit-bad", "data-criterion": criterion.id, "data-holds": String(criterion.holds) },
        h("strong", {}, t(`bias.criterion.${criterion.id}`)),
        t("bias.criterionSep"),
        t(criterion.holds ? "bias.holds" : "bias.breaks", { gap: ex.points(criterion.gap) }),
      ),
    ),
  );
}

/** The body of a policy's step; its « apply » button calls `ex.applyPolicy(policy)`. */
function policyStep(ex, policy) {
  const { t } = ex;
  const name = t(`bias.policy.${policy.id}`);
  const criteria = criteriaOf(policy);
  const broken = criteria.filter((criterion) => !criterion.holds).map((criterion) => t(`bias.criterion.${criterion.id}`));
  const apply = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-bias": "step-apply" }, t("bias.step.apply"));
  apply.addEventListener("click", () => ex.applyPolicy(policy));
  return [
    ex.heading(2, name, { "data-bias": "policy" }),
    policyTable(ex, policy, name),
    criteriaList(ex, criteria),
    h("p", { "data-bias": "step-verdict" }, broken.length ? t("bias.step.broken", { criteria: ex.list(broken) }) : t("bias.step.allHold")),
    h("p", {}, t("bias.step.accuracy", { accuracy: ex.pct(policy.accuracy) })),
    apply,
  ];
}

function stepBody(ex, total) {
  const { t, state } = ex;
  const step = ex.variant().impossibility;
  if (state.step === total - 1) return [h("p", { "data-bias": "step-end" }, t("bias.step.end"))];
  if (state.step > 0) return policyStep(ex, step.policies[state.step - 1]);
  const rates = ex.dataset().groups.map((group, g) => `${group} ${ex.pct(step.base_rates[g])}`);
  const differ = Math.max(...step.base_rates) - Math.min(...step.base_rates) > TOLERANCE;
  return [
    h("p", {}, t("bias.step.intro", { rates: ex.list(rates) })),
    h("p", {}, t(differ ? "bias.step.introDiffer" : "bias.step.introSame")),
    h("p", {}, t("bias.step.rule")),
  ];
}

/** Draw the current step into `ex.stepPanel`; returns its previous / next buttons. */
export function renderStep(ex) {
  const { t, state } = ex;
  const total = stepCount(ex);
  state.step = Math.min(state.step, total - 1);
  const counter = h("p", { class: "edukit-bias__counter", "data-bias": "step-counter" }, t("bias.step.counter", { step: state.step + 1, total }));
  const previous = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-bias": "step-previous", disabled: state.step === 0 }, t("bias.step.previous"));
  const next = h("button", { type: "button", class: "edukit-button", "data-bias": "step-next", disabled: state.step === total - 1 }, t("bias.step.next"));
  previous.addEventListener("click", () => goStep(ex, -1));
  next.addEventListener("click", () => goStep(ex, 1));
  ex.stepPanel.replaceChildren(
    h("div", { class: "edukit-bias__step-body", "data-bias": "step-body" }, counter, stepBody(ex, total)),
    h("div", { class: "edukit-row" }, previous, next),
  );
  return { previous, next };
}

function goStep(ex, delta) {
  const total = stepCount(ex);
  ex.state.step = Math.min(total - 1, Math.max(0, ex.state.step + delta));
  const buttons = renderStep(ex);
  // Keep the focus where the learner is: on the same button, or on the other one at the ends.
  const wanted = delta > 0 ? buttons.next : buttons.previous;
  (wanted.disabled ? (delta > 0 ? buttons.previous : buttons.next) : wanted).focus();
  announce(ex.live, ex.stepPanel.querySelector("[data-bias=step-body]").textContent);
}
