// The bias explorer's arithmetic, from the confusion counts Python ships (tp/fp per group per
// threshold): rates per group in fairlearn's conventions, the gaps between groups, the 4/5
// rule, and which fairness criteria hold. Pure functions, tested in node against Python.

/** The 4/5 rule: the lowest selection rate should be at least 80 % of the highest. */
export const FOUR_FIFTHS = 0.8;
/** A criterion « holds » in the guided step when groups are at most 5 points apart. */
export const TOLERANCE = 0.05;

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
