// The bias explorer's arithmetic against the Python payload: every rate the widget computes
// from tp/fp must equal the precomputed curves of edukit.fairness, at every threshold.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fakeRoot, pressed } from "./keys.mjs";

import { keepKeys } from "../../src/edukit/widgets/static/a11y.js";
import { fileURLToPath } from "node:url";

import { BIAS_KEYS } from "../../src/edukit/widgets/static/bias.js";
import { frenchSpaces } from "../../src/edukit/widgets/static/bias-messages.js";
import {
  assessIndices,
  associationLevel,
  closestIndex,
  criteriaOf,
  groupCounts,
  ratesFromCounts,
} from "../../src/edukit/widgets/static/bias-metrics.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PYTHON = [join(ROOT, ".venv", "bin", "python"), "python3"].find((path) => path === "python3" || existsSync(path));
const METRICS = ["selection_rate", "tpr", "fpr", "precision", "accuracy"];

// The full payload (with the curves the widget drops): two scenarios, 5 and 2 groups.
const payload = JSON.parse(
  execFileSync(
    PYTHON,
    [
      "-c",
      [
        "import json",
        "from edukit.fairness import bias_payload, make_scenario",
        "data = [make_scenario('credit', n_samples=3000, n_groups=5, seed=4), make_scenario('recrutement', n_samples=2000, seed=1)]",
        "print(json.dumps(bias_payload(datasets=data, seed=4)))",
      ].join("\n"),
    ],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  ),
);
const half = 0.5 * 10 ** -payload.decimals + 1e-12;
const variants = payload.datasets.flatMap((dataset) => dataset.variants.map((variant) => ({ dataset, variant })));

test("the payload has what the test needs (two datasets, both variants, 101 thresholds)", () => {
  assert.equal(payload.thresholds.length, 101);
  assert.deepEqual(payload.datasets.map((d) => d.groups.length), [5, 2]);
  assert.equal(variants.length, 4);
});

test("per-group rates from tp/fp equal the payload's by_group curves at every threshold", () => {
  let checked = 0;
  for (const { variant } of variants) {
    for (let group = 0; group < variant.sizes.length; group += 1) {
      for (let index = 0; index < payload.thresholds.length; index += 1) {
        const rates = ratesFromCounts(groupCounts(variant, group, index));
        for (const metric of METRICS) {
          const expected = variant.by_group[metric][group][index];
          assert.ok(Math.abs(rates[metric] - expected) <= half, `${metric} g${group} t${index}: ${rates[metric]} vs ${expected}`);
          checked += 1;
        }
      }
    }
  }
  assert.equal(checked, (5 + 2) * 2 * 101 * METRICS.length);
});

test("one global threshold gives the payload's overall curves and disparities", () => {
  for (const { variant } of variants) {
    const groups = variant.sizes.length;
    for (let index = 0; index < payload.thresholds.length; index += 1) {
      const result = assessIndices(variant, Array(groups).fill(index));
      for (const metric of METRICS) assert.ok(Math.abs(result.overall[metric] - variant.overall[metric][index]) <= half, `overall ${metric} t${index}`);
      for (const name of ["demographic_parity_difference", "equal_opportunity_difference", "equalized_odds_difference"]) {
        assert.ok(Math.abs(result.disparities[name] - variant.disparities[name][index]) <= 2 * half, `${name} t${index}`);
      }
      const ratio = variant.disparities.demographic_parity_ratio[index];
      if (ratio === null) assert.equal(result.disparities.demographic_parity_ratio, null);
      else {
        assert.ok(Math.abs(result.disparities.demographic_parity_ratio - ratio) <= half, `ratio t${index}`);
        assert.equal(result.passesFourFifths, result.disparities.demographic_parity_ratio >= 0.8);
      }
    }
  }
});

test("per-group thresholds: counts sum over groups, each at its own index", () => {
  for (const { variant } of variants) {
    const groups = variant.sizes.length;
    const picks = Array.from({ length: groups }, (_, g) => (17 + 23 * g) % 101);
    const result = assessIndices(variant, picks);
    let tp = 0;
    let fp = 0;
    for (let g = 0; g < groups; g += 1) {
      tp += variant.tp[g][picks[g]];
      fp += variant.fp[g][picks[g]];
      assert.equal(result.groups[g].index, picks[g]);
      assert.equal(result.groups[g].selected, variant.tp[g][picks[g]] + variant.fp[g][picks[g]]);
    }
    const rows = variant.sizes.reduce((a, b) => a + b, 0);
    const positives = variant.positives.reduce((a, b) => a + b, 0);
    assert.equal(result.overall.tp, tp);
    assert.equal(result.overall.fp, fp);
    assert.equal(result.overall.fn + result.overall.tp, positives);
    assert.equal(result.overall.tp + result.overall.fp + result.overall.fn + result.overall.tn, rows);
    assert.equal(result.overall.selection_rate, (tp + fp) / rows);
  }
});

test("the three policies of the guided step are reproduced from their threshold indices", () => {
  for (const { variant } of variants) {
    for (const policy of variant.impossibility.policies) {
      const result = assessIndices(variant, policy.threshold_indices);
      for (const metric of ["selection_rate", "tpr", "fpr", "precision"]) {
        result.groups.forEach((group, g) => assert.ok(Math.abs(group[metric] - policy[metric][g]) <= half, `${policy.id} ${metric}`));
      }
      assert.ok(Math.abs(result.overall.accuracy - policy.accuracy) <= half);
      for (const name of ["demographic_parity_difference", "equal_opportunity_difference", "equalized_odds_difference", "precision_difference"]) {
        assert.ok(Math.abs(result.disparities[name] - policy[name]) <= 2 * half, `${policy.id} ${name}`);
      }
    }
  }
});

test("with different base rates, each policy breaks at least one criterion", () => {
  for (const { variant } of variants) {
    const rates = variant.impossibility.base_rates;
    assert.ok(Math.max(...rates) - Math.min(...rates) > 0.05);
    const byId = Object.fromEntries(variant.impossibility.policies.map((p) => [p.id, criteriaOf(p)]));
    for (const criteria of Object.values(byId)) assert.ok(criteria.some((c) => !c.holds));
    assert.equal(byId.demographic_parity.find((c) => c.id === "parity").holds, true);
    assert.equal(byId.equal_opportunity.find((c) => c.id === "opportunity").holds, true);
  }
});

test("rates of an empty denominator are 0, like fairlearn", () => {
  assert.deepEqual(ratesFromCounts({ tp: 0, fp: 0, fn: 0, tn: 0 }), { selection_rate: 0, tpr: 0, fpr: 0, precision: 0, accuracy: 0 });
  const nobody = assessIndices({ sizes: [2, 3], positives: [1, 1], tp: [[0], [0]], fp: [[0], [0]] }, [0, 0]);
  assert.equal(nobody.disparities.demographic_parity_ratio, null);
  assert.equal(nobody.passesFourFifths, false);
});

test("helpers: closest threshold, association words, French spaces", () => {
  assert.equal(closestIndex(payload.thresholds, 0.5), 50);
  assert.equal(closestIndex(payload.thresholds, 0.333), 33);
  assert.equal(closestIndex(payload.thresholds, 2), 100);
  assert.deepEqual([0.05, 0.2, 0.4, 0.7].map(associationLevel), ["none", "weak", "clear", "strong"]);
  assert.equal(frenchSpaces("Règle : « oui » ?"), "Règle\u00a0: «\u00a0oui\u00a0»\u00a0?");
});

// -- keys kept from JupyterLab (the real-JupyterLab test is tests/jupyterlab/test_keyboard_in_lab.py)

test("the bias explorer keeps its keys from the notebook, never Tab nor modified keys", () => {
  const root = fakeRoot();
  const release = keepKeys(root, [...BIAS_KEYS, "Tab"]);
  for (const key of BIAS_KEYS) assert.equal(pressed(root, key), true, key);
  for (const key of ["ArrowDown", "ArrowRight", " ", "Enter", "Home", "End"]) assert.ok(BIAS_KEYS.includes(key), key);
  assert.equal(pressed(root, "Tab"), false);
  assert.equal(pressed(root, "Tab", { shiftKey: true }), false);
  assert.equal(pressed(root, "a"), false);
  assert.equal(pressed(root, "s", { ctrlKey: true }), false);
  assert.equal(pressed(root, "Enter", { ctrlKey: true }), false);
  assert.equal(pressed(root, "ArrowDown", { altKey: true }), false);
  assert.equal(pressed(root, "ArrowDown", { metaKey: true }), false);
  assert.equal(pressed(root, "Enter", { shiftKey: true }), true);
  release();
  assert.equal(root.handlers.size, 0);
});
