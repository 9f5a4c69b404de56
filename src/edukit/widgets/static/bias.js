// The bias explorer: pick a scenario, move one threshold (or one per group), watch selection
// and error rates per group, the 4/5 rule, and why fairness criteria cannot all hold at once.
// Python ships confusion counts (tp/fp per group per threshold); every rate is computed here,
// so the page needs no kernel. Data never becomes markup: text nodes and DOM APIs only.
import { announce, h, keepKeys, labelledField, liveRegion, uid } from "./a11y.js";
import { translator } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
/** The 4/5 rule: the lowest selection rate should be at least 80 % of the highest. */
export const FOUR_FIFTHS = 0.8;
/** A criterion « holds » in the guided step when groups are at most 5 points apart. */
export const TOLERANCE = 0.05;
/** Metrics drawn in the chart, each with its own pattern (never colour alone). */
const CHART_METRICS = ["selection_rate", "tpr", "fpr"];
const TABLE_METRICS = ["selection_rate", "tpr", "fpr", "precision", "accuracy"];
const ANNOUNCE_DELAY = 600;
const SYNC_DELAY = 300;

// -- computation from confusion counts (pure, tested in node) --------------------------------

const ratio = (numerator, denominator) => (denominator > 0 ? numerator / denominator : 0);

/** Every metric from confusion counts, in fairlearn's conventions (0 when undefined). */
export function ratesFromCounts({ tp, fp, fn, tn }) {
  const n = tp + fp + fn + tn;
  return {
    selection_rate: ratio(tp + fp, n),
    tpr: ratio(tp, tp + fn),
    fpr: ratio(fp, fp + tn),
    precision: ratio(tp, tp + fp),
    accuracy: ratio(tp + tn, n),
  };
}

/** Confusion counts of group `group` of a variant at threshold index `index`. */
export function groupCounts(variant, group, index) {
  const tp = variant.tp[group][index];
  const fp = variant.fp[group][index];
  const positives = variant.positives[group];
  const negatives = variant.sizes[group] - positives;
  return { tp, fp, fn: positives - tp, tn: negatives - fp };
}

/**
 * Assess the decisions given by one threshold index per group: per-group counts and rates,
 * overall rates (counts summed over groups), and the gaps between groups.
 */
export function assessIndices(variant, indices) {
  const groups = indices.map((index, group) => {
    const counts = groupCounts(variant, group, index);
    return { index, size: variant.sizes[group], selected: counts.tp + counts.fp, ...counts, ...ratesFromCounts(counts) };
  });
  const total = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const group of groups) for (const key of Object.keys(total)) total[key] += group[key];
  const present = groups.filter((group) => group.size > 0);
  const spread = (metric) => {
    const values = present.map((group) => group[metric]);
    return values.length ? Math.max(...values) - Math.min(...values) : 0;
  };
  const selections = present.map((group) => group.selection_rate);
  const highest = selections.length ? Math.max(...selections) : 0;
  const lowest = selections.length ? Math.min(...selections) : 0;
  const parityRatio = highest > 0 ? lowest / highest : null;
  return {
    groups,
    overall: { ...total, ...ratesFromCounts(total) },
    disparities: {
      demographic_parity_difference: spread("selection_rate"),
      demographic_parity_ratio: parityRatio,
      equal_opportunity_difference: spread("tpr"),
      equalized_odds_difference: Math.max(spread("tpr"), spread("fpr")),
      precision_difference: spread("precision"),
    },
    passesFourFifths: parityRatio !== null && parityRatio >= FOUR_FIFTHS,
  };
}

/** The index of the grid threshold closest to `value` (ties go to the lowest). */
export function closestIndex(thresholds, value) {
  let best = 0;
  for (let index = 1; index < thresholds.length; index += 1) {
    if (Math.abs(thresholds[index] - value) < Math.abs(thresholds[best] - value) - 1e-12) best = index;
  }
  return best;
}

/** Plain words for an association between 0 and 1 (η or Cramér's V). */
export function associationLevel(value) {
  if (value < 0.1) return "none";
  if (value < 0.3) return "weak";
  if (value < 0.5) return "clear";
  return "strong";
}

/** Which criteria hold (gap within `tolerance`) for a policy of the payload's guided step. */
export function criteriaOf(policy, tolerance = TOLERANCE) {
  return [
    ["parity", policy.demographic_parity_difference],
    ["opportunity", policy.equal_opportunity_difference],
    ["odds", policy.equalized_odds_difference],
    ["precision", policy.precision_difference],
  ].map(([id, gap]) => ({ id, gap, holds: gap <= tolerance + 1e-9 }));
}

// -- strings ------------------------------------------------------------------------------------

const catalogue = {
  fr: {
    "bias.title": "Explorateur de biais",
    "bias.empty": "Aucune donnée à explorer : le module n'a pas reçu de scénario.",
    "bias.scenario": "Scénario",
    "bias.data": "Les données",
    "bias.rows": "{rows} dossiers fictifs. L'historique dit pour chacun : « {positive} » ou non.",
    "bias.groupLine": "{group} : {size} dossiers ({share} de l'ensemble), dont {rate} avec une décision favorable dans l'historique.",
    "bias.proxy": "La colonne « {proxy} » est liée au groupe (« {protected} ») : {level} (indice {value} sur une échelle de 0 à 1).",
    "bias.proxy.none": "lien presque nul",
    "bias.proxy.weak": "lien faible",
    "bias.proxy.clear": "lien net",
    "bias.proxy.strong": "lien fort",
    "bias.proxyMeaning": "Même sans la colonne « {protected} », un modèle peut retrouver le groupe à travers elle : on parle de variable de substitution.",
    "bias.story": "Comment ces données ont été fabriquées",
    "bias.source": "Source : {source}",
    "bias.model": "Le modèle",
    "bias.removeProtected": "Retirer la colonne protégée (« {protected} ») de l'apprentissage",
    "bias.removeHint": "Le modèle est alors entraîné sans cette colonne. Regardez si l'écart entre groupes disparaît.",
    "bias.columns": "Colonnes utilisées par le modèle : {columns}.",
    "bias.thresholds": "Le seuil de décision",
    "bias.thresholdHint": "Le modèle donne un score entre 0 et 1 à chaque dossier. Les dossiers dont le score atteint le seuil sont acceptés.",
    "bias.mode.global": "Un seul seuil pour tout le monde",
    "bias.mode.group": "Un seuil par groupe",
    "bias.slider.global": "Seuil pour tous les groupes",
    "bias.slider.group": "Seuil pour le groupe « {group} »",
    "bias.lower": "Baisser le seuil : {label}",
    "bias.raise": "Monter le seuil : {label}",
    "bias.valuetext": "seuil {threshold} : {rate} des dossiers acceptés",
    "bias.results": "Les résultats",
    "bias.table.caption": "Mesures par groupe au seuil choisi",
    "bias.table.group": "Groupe",
    "bias.table.threshold": "Seuil",
    "bias.table.accepted": "Acceptés",
    "bias.table.acceptedValue": "{selected} sur {size}",
    "bias.overall": "Ensemble",
    "bias.metric.selection_rate": "Taux de sélection",
    "bias.metric.tpr": "Qualifiés acceptés (taux de vrais positifs)",
    "bias.metric.fpr": "Acceptés à tort (taux de faux positifs)",
    "bias.metric.precision": "Précision",
    "bias.metric.accuracy": "Exactitude",
    "bias.short.selection_rate": "sélection",
    "bias.short.tpr": "qualifiés acceptés",
    "bias.short.fpr": "acceptés à tort",
    "bias.rule.none": "Aucun dossier n'est accepté : la règle des 4/5 ne s'applique pas.",
    "bias.rule.pass": "✓ Règle des 4/5 respectée : le groupe « {low} » ({lowRate}) est retenu à {ratio} fois le taux du groupe « {high} » ({highRate}). C'est au moins 0,8.",
    "bias.rule.fail": "⚠ Règle des 4/5 non respectée : le groupe « {low} » ({lowRate}) est retenu à {ratio} fois le taux du groupe « {high} » ({highRate}). C'est moins que 0,8 : l'écart doit être examiné.",
    "bias.gaps": "Écarts entre groupes",
    "bias.gap.parity": "Parité démographique (écart de taux de sélection)",
    "bias.gap.opportunity": "Égalité des chances (écart de qualifiés acceptés)",
    "bias.gap.odds": "Égalité des erreurs (plus grand écart de qualifiés acceptés ou d'acceptés à tort)",
    "bias.gap.precision": "Précision égale (écart de précision)",
    "bias.points.one": "{count} point",
    "bias.points.other": "{count} points",
    "bias.chart": "Graphique : taux par groupe",
    "bias.chart.fourFifths": "4/5 du taux le plus haut",
    "bias.chart.desc": "Graphique en barres. {groups} La ligne pointillée marque 4/5 du taux de sélection le plus haut : {line}.",
    "bias.chart.descGroup": "{group} : sélection {selection_rate}, qualifiés acceptés {tpr}, acceptés à tort {fpr}.",
    "bias.announce": "Seuil {threshold}. {groups} {rule}",
    "bias.announceGroup": "{group} {rate} sélectionnés.",
    "bias.announceRule.pass": "Règle des 4/5 respectée.",
    "bias.announceRule.fail": "Règle des 4/5 non respectée.",
    "bias.announceRule.none": "Personne n'est accepté.",
    "bias.announceVariant.with": "Modèle entraîné avec la colonne protégée.",
    "bias.announceVariant.without": "Modèle entraîné sans la colonne protégée.",
    "bias.explain": "Que veulent dire ces mesures ?",
    "bias.explain.1": "Le taux de sélection est la part des dossiers d'un groupe qui sont acceptés.",
    "bias.explain.2": "Les « qualifiés acceptés » sont, parmi les dossiers favorables dans l'historique, la part acceptée par le modèle. L'égalité des chances demande la même part dans chaque groupe.",
    "bias.explain.3": "Les « acceptés à tort » sont, parmi les dossiers défavorables dans l'historique, la part acceptée quand même. L'égalité des erreurs demande aussi la même part dans chaque groupe.",
    "bias.explain.4": "La précision est la part de bonnes décisions parmi les dossiers acceptés. L'exactitude est la part de bonnes décisions parmi tous les dossiers.",
    "bias.explain.5": "Cet outil sert à évaluer les écarts entre groupes. Changer les seuils peut atténuer un écart, mais pas tous les écarts à la fois. Le choix d'un critère est un choix de valeurs, à faire ouvertement.",
    "bias.explain.6": "Attention : la « bonne réponse » vient ici des décisions passées. Si le passé était injuste, la référence l'est aussi.",
    "bias.step.title": "On ne peut pas tout satisfaire (critères incompatibles)",
    "bias.step.counter": "Étape {step} sur {total}",
    "bias.step.previous": "Étape précédente",
    "bias.step.next": "Étape suivante",
    "bias.step.intro": "Dans l'historique, la part de dossiers favorables n'est pas la même dans chaque groupe (on parle de taux de base) : {rates}.",
    "bias.step.introDiffer": "Ces taux de base sont différents. Nous allons essayer trois façons de fixer les seuils, et regarder quels critères d'équité tiennent.",
    "bias.step.introSame": "Ces taux de base sont presque égaux : les critères peuvent alors tenir ensemble plus facilement.",
    "bias.step.rule": "Un critère « tient » quand l'écart entre groupes est de 5 points ou moins.",
    "bias.policy.single_threshold": "Un seul seuil (0,50) pour tout le monde",
    "bias.policy.demographic_parity": "Des seuils par groupe qui égalisent les taux de sélection",
    "bias.policy.equal_opportunity": "Des seuils par groupe qui égalisent les qualifiés acceptés",
    "bias.policy.caption": "Mesures par groupe : {policy}",
    "bias.criterion.parity": "Parité démographique",
    "bias.criterion.opportunity": "Égalité des chances",
    "bias.criterion.odds": "Égalité des erreurs",
    "bias.criterion.precision": "Précision égale",
    "bias.holds": "✓ tient (écart de {gap})",
    "bias.breaks": "✗ ne tient pas (écart de {gap})",
    "bias.step.broken": "Avec ce choix, ne tiennent pas : {criteria}.",
    "bias.step.allHold": "Avec ce choix, tous les critères tiennent.",
    "bias.step.accuracy": "Exactitude d'ensemble : {accuracy}.",
    "bias.step.apply": "Essayer ces seuils dans l'explorateur",
    "bias.step.applied": "Seuils appliqués dans l'explorateur : {thresholds}.",
    "bias.step.end": "À retenir : quand les taux de base diffèrent, égaliser un critère en écarte un autre. Aucun seuil ne les satisfait tous. Choisir un critère est un choix de valeurs : il faut l'écrire, avec ses raisons, et garder une revue humaine et un recours.",
    "bias.list.and": " et ",
    "bias.criterionSep": " : ",
    "bias.mode": "Comment fixer le seuil",
  },
  en: {
    "bias.title": "Bias explorer",
    "bias.empty": "Nothing to explore: the module received no scenario.",
    "bias.scenario": "Scenario",
    "bias.data": "The data",
    "bias.rows": "{rows} fictitious records. For each one the history says « {positive} » or not.",
    "bias.groupLine": "{group}: {size} records ({share} of all), {rate} of them with a favourable past decision.",
    "bias.proxy": "The column « {proxy} » is linked to the group (« {protected} »): {level} (index {value} on a scale from 0 to 1).",
    "bias.proxy.none": "almost no link",
    "bias.proxy.weak": "weak link",
    "bias.proxy.clear": "clear link",
    "bias.proxy.strong": "strong link",
    "bias.proxyMeaning": "Even without the column « {protected} », a model can find the group through it: it is a proxy variable.",
    "bias.story": "How these data were made",
    "bias.source": "Source: {source}",
    "bias.model": "The model",
    "bias.removeProtected": "Remove the protected column (« {protected} ») from training",
    "bias.removeHint": "The model is then trained without this column. Check whether the gap between groups goes away.",
    "bias.columns": "Columns used by the model: {columns}.",
    "bias.thresholds": "The decision threshold",
    "bias.thresholdHint": "The model gives each record a score between 0 and 1. Records whose score reaches the threshold are accepted.",
    "bias.mode.global": "One threshold for everybody",
    "bias.mode.group": "One threshold per group",
    "bias.slider.global": "Threshold for every group",
    "bias.slider.group": "Threshold for the group « {group} »",
    "bias.lower": "Lower the threshold: {label}",
    "bias.raise": "Raise the threshold: {label}",
    "bias.valuetext": "threshold {threshold}: {rate} of records accepted",
    "bias.results": "The results",
    "bias.table.caption": "Measures per group at the chosen threshold",
    "bias.table.group": "Group",
    "bias.table.threshold": "Threshold",
    "bias.table.accepted": "Accepted",
    "bias.table.acceptedValue": "{selected} of {size}",
    "bias.overall": "All",
    "bias.metric.selection_rate": "Selection rate",
    "bias.metric.tpr": "Qualified accepted (true positive rate)",
    "bias.metric.fpr": "Wrongly accepted (false positive rate)",
    "bias.metric.precision": "Precision",
    "bias.metric.accuracy": "Accuracy",
    "bias.short.selection_rate": "selection",
    "bias.short.tpr": "qualified accepted",
    "bias.short.fpr": "wrongly accepted",
    "bias.rule.none": "No record is accepted: the 4/5 rule does not apply.",
    "bias.rule.pass": "✓ 4/5 rule met: the group « {low} » ({lowRate}) is selected at {ratio} times the rate of the group « {high} » ({highRate}). That is at least 0.8.",
    "bias.rule.fail": "⚠ 4/5 rule not met: the group « {low} » ({lowRate}) is selected at {ratio} times the rate of the group « {high} » ({highRate}). That is below 0.8: the gap must be examined.",
    "bias.gaps": "Gaps between groups",
    "bias.gap.parity": "Demographic parity (gap in selection rates)",
    "bias.gap.opportunity": "Equal opportunity (gap in qualified accepted)",
    "bias.gap.odds": "Equalized odds (largest gap in qualified or wrongly accepted)",
    "bias.gap.precision": "Equal precision (gap in precision)",
    "bias.points.one": "{count} point",
    "bias.points.other": "{count} points",
    "bias.chart": "Chart: rates per group",
    "bias.chart.fourFifths": "4/5 of the highest rate",
    "bias.chart.desc": "Bar chart. {groups} The dotted line marks 4/5 of the highest selection rate: {line}.",
    "bias.chart.descGroup": "{group}: selection {selection_rate}, qualified accepted {tpr}, wrongly accepted {fpr}.",
    "bias.announce": "Threshold {threshold}. {groups} {rule}",
    "bias.announceGroup": "{group} {rate} selected.",
    "bias.announceRule.pass": "4/5 rule met.",
    "bias.announceRule.fail": "4/5 rule not met.",
    "bias.announceRule.none": "Nobody is accepted.",
    "bias.announceVariant.with": "Model trained with the protected column.",
    "bias.announceVariant.without": "Model trained without the protected column.",
    "bias.explain": "What do these measures mean?",
    "bias.explain.1": "The selection rate is the share of a group's records that are accepted.",
    "bias.explain.2": "« Qualified accepted » is, among records with a favourable past decision, the share the model accepts. Equal opportunity asks for the same share in every group.",
    "bias.explain.3": "« Wrongly accepted » is, among records with an unfavourable past decision, the share accepted anyway. Equalized odds also asks for the same share in every group.",
    "bias.explain.4": "Precision is the share of right decisions among accepted records. Accuracy is the share of right decisions among all records.",
    "bias.explain.5": "This tool helps to assess gaps between groups. Changing thresholds can mitigate one gap, but not every gap at once. Choosing a criterion is a value choice, to be made openly.",
    "bias.explain.6": "Beware: the « right answer » here comes from past decisions. If the past was unfair, so is the reference.",
    "bias.step.title": "You cannot satisfy them all (incompatible criteria)",
    "bias.step.counter": "Step {step} of {total}",
    "bias.step.previous": "Previous step",
    "bias.step.next": "Next step",
    "bias.step.intro": "In the history, the share of favourable records differs between groups (the base rates): {rates}.",
    "bias.step.introDiffer": "These base rates differ. We will try three ways of setting thresholds and see which fairness criteria hold.",
    "bias.step.introSame": "These base rates are almost equal: the criteria can then hold together more easily.",
    "bias.step.rule": "A criterion « holds » when groups are at most 5 points apart.",
    "bias.policy.single_threshold": "One threshold (0.50) for everybody",
    "bias.policy.demographic_parity": "Per-group thresholds that equalise selection rates",
    "bias.policy.equal_opportunity": "Per-group thresholds that equalise qualified accepted",
    "bias.policy.caption": "Measures per group: {policy}",
    "bias.criterion.parity": "Demographic parity",
    "bias.criterion.opportunity": "Equal opportunity",
    "bias.criterion.odds": "Equalized odds",
    "bias.criterion.precision": "Equal precision",
    "bias.holds": "✓ holds (gap of {gap})",
    "bias.breaks": "✗ does not hold (gap of {gap})",
    "bias.step.broken": "With this choice, these do not hold: {criteria}.",
    "bias.step.allHold": "With this choice, every criterion holds.",
    "bias.step.accuracy": "Overall accuracy: {accuracy}.",
    "bias.step.apply": "Try these thresholds in the explorer",
    "bias.step.applied": "Thresholds applied in the explorer: {thresholds}.",
    "bias.step.end": "Remember: when base rates differ, equalising one criterion pulls another apart. No threshold satisfies them all. Choosing a criterion is a value choice: write it down with its reasons, and keep human review and a way to appeal.",
    "bias.list.and": " and ",
    "bias.criterionSep": ": ",
    "bias.mode": "How to set the threshold",
  },
};

/** French typography: a non-breaking space before « : ; ? ! » and inside « guillemets ». */
export function frenchSpaces(text) {
  return text.replace(/ (?=[:;?!»])/g, "\u00a0").replace(/« /g, "«\u00a0");
}
for (const [key, text] of Object.entries(catalogue.fr)) catalogue.fr[key] = frenchSpaces(text);

// -- small DOM helpers -----------------------------------------------------------------------

function svg(tag, attributes = {}) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

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

// -- keys kept from JupyterLab ----------------------------------------------------------------

/** The keys the explorer's controls answer to (sliders, radios, selects, buttons, details). */
export const BIAS_KEYS = Object.freeze(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", " ", "Enter"]);


// -- the widget --------------------------------------------------------------------------------

export default {
  render({ model, el }) {
    const lang = model.get("lang");
    const t = translator(lang, catalogue);
    const percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
    const decimal2 = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const integer = new Intl.NumberFormat(lang);
    const pct = (value) => percent.format(value);
    const points = (gap) => t("bias.points", { count: Math.round(gap * 100) });
    const list = (items) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")}${t("bias.list.and")}${items.at(-1)}`);

    const live = liveRegion();
    // Headings continue the page's outline: the widget's title sits one level below the
    // heading that precedes it (known once the element is in the page), at most level 4.
    let baseLevel = 3;
    const heading = (depth, text, attributes = {}) =>
      h("div", { role: "heading", "aria-level": String(Math.min(6, baseLevel + depth)), class: `edukit-bias__heading edukit-bias__heading--${depth}`, "data-depth": String(depth), ...attributes }, text);
    const relevel = () => {
      if (!el.isConnected) return;
      let level = 1;
      for (const node of document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")) {
        if (el.contains(node)) continue;
        if (node.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) {
          level = Number(node.getAttribute("aria-level") || node.tagName.slice(1)) || level;
        }
      }
      baseLevel = Math.min(level + 1, 4);
      for (const node of el.querySelectorAll(".edukit-bias__heading")) {
        node.setAttribute("aria-level", String(Math.min(6, baseLevel + Number(node.dataset.depth))));
      }
    };
    const root = h("section", { class: "edukit-bias", "aria-label": t("bias.title") });
    const state = { dataset: 0, variant: 0, mode: "global", global: 0, perGroup: [], step: 0 };
    let view = null; // the parts built for the current dataset, updated in place

    const payload = () => model.get("payload") ?? {};
    const thresholds = () => payload().thresholds ?? [];
    const dataset = () => payload().datasets[state.dataset];
    const variant = () => dataset().variants[state.variant];
    const indices = () => (state.mode === "global" ? dataset().groups.map(() => state.global) : [...state.perGroup]);
    const threshold = (index) => decimal2.format(thresholds()[index]);

    const scheduleAnnounce = debounce(() => announce(live, announcement()), ANNOUNCE_DELAY);
    let syncing = false;
    const scheduleSync = debounce(() => {
      // Our own writes must not be read back half-way (scenario set, threshold not yet).
      syncing = true;
      try {
        model.set("scenario", dataset().id);
        model.set("remove_protected", state.variant === 1);
        model.set("threshold", thresholds()[state.global]);
        model.save_changes();
      } finally {
        syncing = false;
      }
    }, SYNC_DELAY);

    // -- the parts built once -------------------------------------------------------------

    const select = h("select", { "data-bias": "scenario" });
    const { field: scenarioField } = labelledField(t("bias.scenario"), select);
    const summary = h("div", { class: "edukit-bias__summary", "data-bias": "summary" });
    const protectedBox = h("input", { type: "checkbox", "data-bias": "remove-protected" });
    const protectedLabel = h("label", { class: "edukit-bias__check" }, protectedBox, h("span", {}));
    const removeHintId = uid("bias-hint");
    protectedBox.setAttribute("aria-describedby", removeHintId);
    const columns = h("p", { class: "edukit-hint", "data-bias": "columns" });
    const modeName = uid("bias-mode");
    const modeRadios = ["global", "group"].map((mode) =>
      h("input", { type: "radio", name: modeName, value: mode, "data-bias": `mode-${mode}` }),
    );
    const sliders = h("div", { class: "edukit-bias__sliders", "data-bias": "sliders" });
    const rule = h("p", { class: "edukit-bias__rule", "data-bias": "rule" });
    const tableWrap = h("div", { class: "edukit-bias__scroll", role: "region", tabindex: "0" });
    const gaps = h("dl", { class: "edukit-bias__gaps", "data-bias": "gaps" });
    const chartWrap = h("figure", { class: "edukit-bias__chart", "data-bias": "chart" });
    const stepPanel = h("div", { class: "edukit-bias__step", "data-bias": "step" });

    select.addEventListener("change", () => {
      state.dataset = Number(select.value);
      state.step = 0;
      buildDataset();
      scheduleSync();
      announce(live, `${dataset().title}. ${announcement()}`);
    });
    protectedBox.addEventListener("change", () => {
      state.variant = protectedBox.checked ? 1 : 0;
      buildVariant();
      scheduleSync();
      scheduleAnnounce.cancel();
      announce(live, `${t(protectedBox.checked ? "bias.announceVariant.without" : "bias.announceVariant.with")} ${announcement()}`);
    });
    for (const radio of modeRadios) {
      radio.addEventListener("change", () => {
        if (!radio.checked) return;
        if (radio.value === "group") state.perGroup = dataset().groups.map(() => state.global);
        state.mode = radio.value;
        buildSliders();
        update();
      });
    }

    // -- sliders -----------------------------------------------------------------------------

    function slider(label, get, set) {
      const last = thresholds().length - 1;
      const input = h("input", { type: "range", min: "0", max: String(last), step: "1", class: "edukit-bias__range" });
      const output = h("output", { class: "edukit-bias__value", "aria-hidden": "true" });
      const move = (delta) => {
        const next = Math.min(last, Math.max(0, get() + delta));
        if (next === get()) return;
        set(next);
        input.value = String(next);
        changed();
      };
      const lower = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "aria-label": t("bias.lower", { label }), "data-bias": "lower" }, "−");
      const raise = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "aria-label": t("bias.raise", { label }), "data-bias": "raise" }, "+");
      lower.addEventListener("click", () => move(-1));
      raise.addEventListener("click", () => move(1));
      input.addEventListener("input", () => {
        set(Number(input.value));
        changed();
      });
      const { field } = labelledField(label, input);
      field.classList.add("edukit-bias__slider");
      field.append(h("div", { class: "edukit-bias__stepper" }, lower, output, raise));
      input.value = String(get());
      return { field, input, output, lower, raise, get };
    }

    function changed() {
      update();
      scheduleAnnounce();
      scheduleSync();
    }

    function buildSliders() {
      const groups = dataset().groups;
      view.sliders =
        state.mode === "global"
          ? [slider(t("bias.slider.global"), () => state.global, (value) => (state.global = value))]
          : groups.map((group, index) =>
              slider(t("bias.slider.group", { group }), () => state.perGroup[index], (value) => (state.perGroup[index] = value)),
            );
      for (const [index, item] of view.sliders.entries()) item.input.dataset.bias = state.mode === "global" ? "slider" : `slider-${index}`;
      sliders.replaceChildren(...view.sliders.map((item) => item.field));
      for (const radio of modeRadios) radio.checked = radio.value === state.mode;
    }

    // -- summary -----------------------------------------------------------------------------

    function buildSummary() {
      const data = dataset();
      const info = data.summary;
      const rows = info.rows;
      const groupItems = data.groups.map((group, index) =>
        h(
          "li",
          {},
          t("bias.groupLine", {
            group,
            size: integer.format(info.group_sizes[index]),
            share: pct(info.group_sizes[index] / rows),
            rate: pct(info.base_rates[index]),
          }),
        ),
      );
      const proxy = data.proxies[0]?.label ?? "";
      summary.replaceChildren(
        h("p", { class: "edukit-bias__description" }, data.description),
        heading(1, t("bias.data")),
        h("p", {}, t("bias.rows", { rows: integer.format(rows), positive: data.positive_label })),
        h("ul", {}, groupItems),
        proxy
          ? h(
              "p",
              { "data-bias": "proxy" },
              t("bias.proxy", {
                proxy,
                protected: data.protected.label,
                level: t(`bias.proxy.${associationLevel(info.proxy_association)}`),
                value: decimal2.format(info.proxy_association),
              }),
              " ",
              t("bias.proxyMeaning", { protected: data.protected.label }),
            )
          : null,
        data.story?.length
          ? h("details", {}, h("summary", {}, t("bias.story")), h("ul", {}, data.story.map((line) => h("li", {}, line))))
          : null,
        h("p", { class: "edukit-hint" }, t("bias.source", { source: data.source })),
      );
      protectedLabel.lastChild.textContent = t("bias.removeProtected", { protected: data.protected.label });
    }

    // -- metrics table -------------------------------------------------------------------------

    function buildTable() {
      const groups = dataset().groups;
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
      view.rows = groups.map((group) => makeRow(group));
      view.overallRow = makeRow(t("bias.overall"));
      view.overallRow.row.classList.add("edukit-bias__overall");
      tableWrap.setAttribute("aria-labelledby", captionId);
      tableWrap.replaceChildren(
        h(
          "table",
          { class: "edukit-bias__table", "data-bias": "table" },
          h("caption", { id: captionId }, t("bias.table.caption")),
          h("thead", {}, header),
          h("tbody", {}, view.rows.map((item) => item.row), view.overallRow.row),
        ),
      );
    }

    // -- chart -----------------------------------------------------------------------------------

    function buildChart() {
      const groups = dataset().groups;
      const prefix = uid("bias-pattern");
      const width = 320;
      const labelWidth = 0;
      const barMax = 230;
      const bar = 14;
      const groupHeight = 22 + CHART_METRICS.length * (bar + 4) + 8;
      const height = 10 + groups.length * groupHeight;
      const descId = uid("bias-chart-desc");
      const titleId = uid("bias-chart-title");
      const chart = svg("svg", {
        viewBox: `0 0 ${width} ${height}`,
        class: "edukit-bias__svg",
        role: "img",
        "aria-labelledby": titleId,
        "aria-describedby": descId,
        preserveAspectRatio: "xMinYMin meet",
      });
      const title = svg("title", { id: titleId });
      title.textContent = t("bias.chart");
      const defs = svg("defs");
      const patterns = {
        selection_rate: null,
        tpr: svg("pattern", { id: `${prefix}-tpr`, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }),
        fpr: svg("pattern", { id: `${prefix}-fpr`, width: 5, height: 5, patternUnits: "userSpaceOnUse" }),
      };
      patterns.tpr.append(svg("rect", { width: 6, height: 6, class: "edukit-bias__pattern-bg" }), svg("rect", { width: 3, height: 6, class: "edukit-bias__pattern-fg" }));
      patterns.fpr.append(svg("rect", { width: 5, height: 5, class: "edukit-bias__pattern-bg" }), svg("circle", { cx: 2.5, cy: 2.5, r: 1.4, class: "edukit-bias__pattern-fg" }));
      defs.append(patterns.tpr, patterns.fpr);
      const fill = (metric) => (patterns[metric] ? `url(#${prefix}-${metric})` : null);
      chart.append(title, defs);
      view.bars = groups.map((group, g) => {
        const top = 10 + g * groupHeight;
        const label = svg("text", { x: labelWidth, y: top + 12, class: "edukit-bias__chart-group" });
        label.textContent = group;
        chart.append(label);
        return CHART_METRICS.map((metric, m) => {
          const y = top + 20 + m * (bar + 4);
          const track = svg("rect", { x: labelWidth, y, width: barMax, height: bar, class: "edukit-bias__track" });
          const rect = svg("rect", { x: labelWidth, y, width: 0, height: bar, class: `edukit-bias__bar edukit-bias__bar--${metric}` });
          if (fill(metric)) rect.setAttribute("fill", fill(metric));
          const value = svg("text", { x: labelWidth + barMax + 6, y: y + bar - 3, class: "edukit-bias__chart-value" });
          chart.append(track, rect, value);
          return { rect, value, metric };
        });
      });
      const line = svg("line", { x1: 0, x2: 0, y1: 4, y2: height - 2, class: "edukit-bias__four-fifths" });
      chart.append(line);
      const legend = h(
        "ul",
        { class: "edukit-bias__legend", "aria-hidden": "true" },
        CHART_METRICS.map((metric) => {
          const swatch = svg("svg", { width: 18, height: 14, viewBox: "0 0 18 14", class: "edukit-bias__swatch" });
          const rect = svg("rect", { width: 18, height: 14, class: `edukit-bias__bar edukit-bias__bar--${metric}` });
          if (fill(metric)) rect.setAttribute("fill", fill(metric));
          swatch.append(rect);
          return h("li", {}, swatch, t(`bias.metric.${metric}`));
        }),
        h("li", {}, h("span", { class: "edukit-bias__legend-line" }), t("bias.chart.fourFifths")),
      );
      view.chart = { line, barMax, labelWidth };
      view.chartDesc = h("p", { id: descId, class: "edukit-sr-only", "data-bias": "chart-desc" });
      // The legend's swatches use the chart's patterns, so the chart comes first in the DOM.
      chartWrap.replaceChildren(h("figcaption", {}, t("bias.chart")), chart, legend, view.chartDesc);
    }

    // -- gaps ----------------------------------------------------------------------------------

    function buildGaps() {
      view.gaps = {};
      gaps.replaceChildren();
      for (const id of ["parity", "opportunity", "odds", "precision"]) {
        const value = h("dd", { "data-bias": `gap-${id}` });
        view.gaps[id] = value;
        gaps.append(h("dt", {}, t(`bias.gap.${id}`)), value);
      }
    }

    // -- the guided step -------------------------------------------------------------------------

    function stepCount() {
      return variant().impossibility.policies.length + 2;
    }

    function renderStep() {
      const data = dataset();
      const step = variant().impossibility;
      const total = stepCount();
      state.step = Math.min(state.step, total - 1);
      const counter = h("p", { class: "edukit-bias__counter", "data-bias": "step-counter" }, t("bias.step.counter", { step: state.step + 1, total }));
      const previous = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-bias": "step-previous", disabled: state.step === 0 }, t("bias.step.previous"));
      const next = h("button", { type: "button", class: "edukit-button", "data-bias": "step-next", disabled: state.step === total - 1 }, t("bias.step.next"));
      previous.addEventListener("click", () => goStep(-1, previous, next));
      next.addEventListener("click", () => goStep(1, previous, next));
      const body = [];
      const rates = data.groups.map((group, g) => `${group} ${pct(step.base_rates[g])}`);
      const differ = Math.max(...step.base_rates) - Math.min(...step.base_rates) > TOLERANCE;
      if (state.step === 0) {
        body.push(h("p", {}, t("bias.step.intro", { rates: list(rates) })));
        body.push(h("p", {}, t(differ ? "bias.step.introDiffer" : "bias.step.introSame")));
        body.push(h("p", {}, t("bias.step.rule")));
      } else if (state.step === total - 1) {
        body.push(h("p", { "data-bias": "step-end" }, t("bias.step.end")));
      } else {
        const policy = step.policies[state.step - 1];
        const name = t(`bias.policy.${policy.id}`);
        body.push(heading(2, name, { "data-bias": "policy" }));
        body.push(policyTable(policy, name));
        const criteria = criteriaOf(policy);
        body.push(
          h(
            "ul",
            { class: "edukit-bias__criteria" },
            criteria.map((criterion) =>
              h(
                "li",
                { class: criterion.holds ? "edukit-ok" : "edukit-bad", "data-criterion": criterion.id, "data-holds": String(criterion.holds) },
                h("strong", {}, t(`bias.criterion.${criterion.id}`)),
                t("bias.criterionSep"),
                t(criterion.holds ? "bias.holds" : "bias.breaks", { gap: points(criterion.gap) }),
              ),
            ),
          ),
        );
        const broken = criteria.filter((criterion) => !criterion.holds).map((criterion) => t(`bias.criterion.${criterion.id}`));
        body.push(h("p", { "data-bias": "step-verdict" }, broken.length ? t("bias.step.broken", { criteria: list(broken) }) : t("bias.step.allHold")));
        body.push(h("p", {}, t("bias.step.accuracy", { accuracy: pct(policy.accuracy) })));
        const apply = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-bias": "step-apply" }, t("bias.step.apply"));
        apply.addEventListener("click", () => {
          state.mode = "group";
          state.perGroup = [...policy.threshold_indices];
          buildSliders();
          update();
          scheduleSync();
          const applied = data.groups.map((group, g) => `${group} ${threshold(policy.threshold_indices[g])}`);
          announce(live, `${t("bias.step.applied", { thresholds: list(applied) })} ${announcement()}`);
        });
        body.push(apply);
      }
      stepPanel.replaceChildren(
        h("div", { class: "edukit-bias__step-body", "data-bias": "step-body" }, counter, body),
        h("div", { class: "edukit-row" }, previous, next),
      );
      return { previous, next };
    }

    function goStep(delta, previous, next) {
      const total = stepCount();
      state.step = Math.min(total - 1, Math.max(0, state.step + delta));
      const buttons = renderStep();
      // Keep the focus where the learner is: on the same button, or on the other one at the ends.
      const wanted = delta > 0 ? buttons.next : buttons.previous;
      (wanted.disabled ? (delta > 0 ? buttons.previous : buttons.next) : wanted).focus();
      announce(live, stepPanel.querySelector("[data-bias=step-body]").textContent);
    }

    function policyTable(policy, name) {
      const groups = dataset().groups;
      return h(
        "div",
        { class: "edukit-bias__scroll", role: "region", tabindex: "0", "aria-label": t("bias.policy.caption", { policy: name }) },
        h(
          "table",
          { class: "edukit-bias__table" },
          h("caption", {}, t("bias.policy.caption", { policy: name })),
          h(
            "thead",
            {},
            h("tr", {}, h("th", { scope: "col" }, t("bias.table.group")), h("th", { scope: "col" }, t("bias.table.threshold")), ["selection_rate", "tpr", "fpr", "precision"].map((metric) => h("th", { scope: "col" }, t(`bias.metric.${metric}`)))),
          ),
          h(
            "tbody",
            {},
            groups.map((group, g) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, group),
                h("td", {}, threshold(policy.threshold_indices[g])),
                ["selection_rate", "tpr", "fpr", "precision"].map((metric) => h("td", {}, pct(policy[metric][g]))),
              ),
            ),
          ),
        ),
      );
    }

    // -- building and updating -------------------------------------------------------------------

    function buildVariant() {
      protectedBox.checked = state.variant === 1;
      const data = dataset();
      const labels = Object.fromEntries([data.protected, ...data.proxies, ...data.features].map((column) => [column.column, column.label]));
      setText(columns, t("bias.columns", { columns: variant().columns.map((column) => labels[column] ?? column).join(", ") }));
      update();
      renderStep();
    }

    function buildDataset() {
      view = {};
      const data = dataset();
      state.perGroup = data.groups.map(() => state.global);
      select.value = String(state.dataset);
      buildSummary();
      buildSliders();
      buildTable();
      buildChart();
      buildGaps();
      buildVariant();
    }

    function update() {
      const data = dataset();
      const result = assessIndices(variant(), indices());
      const grid = thresholds();
      // Sliders: value, visible value and the French text read by screen readers.
      for (const [index, item] of view.sliders.entries()) {
        const position = item.get();
        if (item.input.value !== String(position)) item.input.value = String(position);
        const rate = state.mode === "global" ? result.overall.selection_rate : result.groups[index].selection_rate;
        setText(item.output, threshold(position));
        item.input.setAttribute("aria-valuetext", t("bias.valuetext", { threshold: threshold(position), rate: pct(rate) }));
        item.lower.disabled = position <= 0;
        item.raise.disabled = position >= grid.length - 1;
      }
      // Table.
      const fill = (cells, values, thresholdText) => {
        setText(cells[0], thresholdText);
        setText(cells[1], t("bias.table.acceptedValue", { selected: integer.format(values.tp + values.fp), size: integer.format(values.tp + values.fp + values.fn + values.tn) }));
        for (const [m, metric] of TABLE_METRICS.entries()) setText(cells[m + 2], pct(values[metric]));
      };
      for (const [g, group] of result.groups.entries()) fill(view.rows[g].cells, group, threshold(group.index));
      fill(view.overallRow.cells, result.overall, state.mode === "global" ? threshold(state.global) : "—");
      // 4/5 rule.
      const d = result.disparities;
      rule.className = `edukit-bias__rule ${d.demographic_parity_ratio === null ? "" : result.passesFourFifths ? "edukit-ok" : "edukit-bad"}`;
      rule.dataset.passes = String(result.passesFourFifths);
      if (d.demographic_parity_ratio === null) setText(rule, t("bias.rule.none"));
      else {
        const rates = result.groups.map((group) => group.selection_rate);
        const low = rates.indexOf(Math.min(...rates));
        const high = rates.indexOf(Math.max(...rates));
        setText(
          rule,
          t(result.passesFourFifths ? "bias.rule.pass" : "bias.rule.fail", {
            low: data.groups[low],
            high: data.groups[high],
            lowRate: pct(rates[low]),
            highRate: pct(rates[high]),
            ratio: decimal2.format(d.demographic_parity_ratio),
          }),
        );
      }
      // Gaps.
      setText(view.gaps.parity, points(d.demographic_parity_difference));
      setText(view.gaps.opportunity, points(d.equal_opportunity_difference));
      setText(view.gaps.odds, points(d.equalized_odds_difference));
      setText(view.gaps.precision, points(d.precision_difference));
      // Chart and its text alternative.
      const { barMax, labelWidth, line } = view.chart;
      for (const [g, bars] of view.bars.entries()) {
        for (const { rect, value, metric } of bars) {
          const rate = result.groups[g][metric];
          rect.setAttribute("width", (rate * barMax).toFixed(1));
          setText(value, pct(rate));
        }
      }
      const highest = Math.max(...result.groups.map((group) => group.selection_rate));
      const x = (labelWidth + FOUR_FIFTHS * highest * barMax).toFixed(1);
      line.setAttribute("x1", x);
      line.setAttribute("x2", x);
      const described = result.groups.map((group, g) =>
        t("bias.chart.descGroup", { group: data.groups[g], selection_rate: pct(group.selection_rate), tpr: pct(group.tpr), fpr: pct(group.fpr) }),
      );
      setText(view.chartDesc, t("bias.chart.desc", { groups: described.join(" "), line: pct(FOUR_FIFTHS * highest) }));
    }

    function announcement() {
      const data = dataset();
      const result = assessIndices(variant(), indices());
      const groups = result.groups.map((group, g) => t("bias.announceGroup", { group: data.groups[g], rate: pct(group.selection_rate) }));
      const ruleText = result.disparities.demographic_parity_ratio === null ? "none" : result.passesFourFifths ? "pass" : "fail";
      const thresholdText = state.mode === "global" ? threshold(state.global) : list(result.groups.map((group, g) => `${data.groups[g]} ${threshold(group.index)}`));
      return t("bias.announce", { threshold: thresholdText, groups: groups.join(" "), rule: t(`bias.announceRule.${ruleText}`) });
    }

    // -- start from the model's state ------------------------------------------------------------

    function applyModelView() {
      const ids = payload().datasets.map((data) => data.id);
      const wanted = ids.indexOf(model.get("scenario"));
      state.dataset = wanted >= 0 ? wanted : 0;
      state.variant = model.get("remove_protected") ? 1 : 0;
      state.global = closestIndex(thresholds(), model.get("threshold") ?? 0.5);
    }

    function start() {
      const data = payload();
      if (!data.datasets?.length || !data.thresholds?.length) {
        root.replaceChildren(h("p", { class: "edukit-note" }, t("bias.empty")), live);
        return;
      }
      applyModelView();
      state.mode = "global";
      state.step = 0;
      select.replaceChildren(...data.datasets.map((item, index) => h("option", { value: String(index) }, item.title)));
      root.replaceChildren(
        heading(0, t("bias.title")),
        scenarioField,
        summary,
        h(
          "fieldset",
          { class: "edukit-bias__group" },
          h("legend", {}, t("bias.model")),
          protectedLabel,
          h("p", { id: removeHintId, class: "edukit-hint" }, t("bias.removeHint")),
          columns,
        ),
        h(
          "fieldset",
          { class: "edukit-bias__group" },
          h("legend", {}, t("bias.thresholds")),
          h("p", { class: "edukit-hint" }, t("bias.thresholdHint")),
          h(
            "div",
            { class: "edukit-bias__modes", role: "radiogroup", "aria-label": t("bias.mode") },
            modeRadios.map((radio) => h("label", { class: "edukit-bias__check" }, radio, h("span", {}, t(`bias.mode.${radio.value}`)))),
          ),
          sliders,
        ),
        heading(1, t("bias.results")),
        rule,
        tableWrap,
        chartWrap,
        heading(2, t("bias.gaps")),
        gaps,
        h(
          "details",
          { class: "edukit-bias__explain" },
          h("summary", {}, t("bias.explain")),
          [1, 2, 3, 4, 5, 6].map((n) => h("p", {}, t(`bias.explain.${n}`))),
        ),
        h("section", { class: "edukit-bias__impossible", "aria-label": t("bias.step.title") }, heading(1, t("bias.step.title")), stepPanel),
        live,
      );
      buildDataset();
    }

    const onPayload = () => start();
    const onView = () => {
      if (!view || syncing) return;
      const before = [state.dataset, state.variant, state.global];
      applyModelView();
      if (before[0] !== state.dataset) buildDataset();
      else if (before[1] !== state.variant) buildVariant();
      else if (before[2] !== state.global) {
        if (state.mode === "global") update();
      }
    };
    model.on("change:payload", onPayload);
    model.on("change:scenario change:remove_protected change:threshold", onView);
    start();
    el.replaceChildren(root);
    const releaseKeys = keepKeys(el, BIAS_KEYS);
    relevel();
    const frame = requestAnimationFrame(relevel);
    return () => {
      releaseKeys();
      cancelAnimationFrame(frame);
      scheduleAnnounce.cancel();
      scheduleSync.cancel();
      model.off("change:payload", onPayload);
      model.off("change:scenario change:remove_protected change:threshold", onView);
    };
  },
};
