// The browser sampler of the mini language model (src/edukit/widgets/static/minimodel.js).
// The export below is what edukit.llm.NGramModel.train(["le chat dort .", "le chat mange .",
// "le chien dort ."], order=3).to_json() produces; the expected words come from Python.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  detokenize,
  distribution,
  generate,
  loadModel,
  mulberry32,
  tokenize,
} from "../../src/edukit/widgets/static/minimodel.js";

const EXPORT = {
  format: "edukit-ngram",
  version: 1,
  order: 3,
  token_pattern:
    "(?:[cdjlmnstCDJLMNST]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu|[qQ]uoiqu|[pP]resqu|[qQ]uelqu)'(?=[A-Za-zÀ-ÖØ-öø-ÿŒœÆæ])|[A-Za-zÀ-ÖØ-öø-ÿŒœÆæ0-9]+(?:['\\-][A-Za-zÀ-ÖØ-öø-ÿŒœÆæ0-9]+)*|[.,;:!?…«»()%€]",
  vocab: ["<s>", ".", "le", "chat", "dort", "chien", "mange"],
  tables: [
    { "": [1, 3, 2, 3, 3, 2, 4, 2, 5, 1, 6, 1] },
    { 0: [2, 3], 2: [3, 2, 5, 1], 3: [4, 1, 6, 1], 4: [1, 2], 6: [1, 1], 5: [4, 1] },
    { "0,0": [2, 3], "0,2": [3, 2, 5, 1], "2,3": [4, 1, 6, 1], "3,4": [1, 1], "3,6": [1, 1], "2,5": [4, 1], "5,4": [1, 1] },
  ],
  pruning: null,
};

test("mulberry32 gives the reference sequence", () => {
  const random = mulberry32(1);
  const values = [random(), random(), random()].map((x) => Math.round(x * 4294967296));
  assert.deepEqual(values, [2693262067, 11749833, 2265367787]);
});

test("distribution uses the longest known context and temperature", () => {
  const model = loadModel(JSON.stringify(EXPORT));
  const d = distribution(model, "le");
  assert.deepEqual(d.context, ["<s>", "le"]);
  assert.deepEqual(d.words, ["chat", "chien"]);
  assert.deepEqual(d.probabilities, [2 / 3, 1 / 3]);
  const hot = distribution(model, "le", { temperature: 0.5 });
  assert.deepEqual(hot.probabilities, [4 / 5, 1 / 5]);
  const greedy = distribution(model, "le", { temperature: 0 });
  assert.deepEqual(greedy.probabilities, [1, 0]);
  const unknown = distribution(model, "zèbre", { topK: 2 });
  assert.deepEqual(unknown.context, []);
  assert.deepEqual(unknown.words, [".", "le"]);
});

test("seeded generation matches Python's words", () => {
  const model = loadModel(EXPORT);
  assert.deepEqual(generate(model, "le", 6, { seed: 3 }), ["chien", "dort", ".", ".", "dort", "."]);
  assert.deepEqual(generate(model, "le", 6, { seed: 3, temperature: 0.5 }), ["chat", "dort", ".", ".", "chat", "dort"]);
  assert.deepEqual(generate(model, "le", 4, { seed: 9 }), generate(model, "le", 4, { seed: 9 }));
});

test("tokenize and detokenize follow French typography", () => {
  const model = loadModel(EXPORT);
  assert.deepEqual(tokenize(model, "L’IA, aujourd'hui : 3 %."), ["L'", "IA", ",", "aujourd'hui", ":", "3", "%", "."]);
  assert.equal(detokenize(["l'", "IA", "est", "utile", ",", "non", "?"]), "l'IA est utile, non ?");
});

test("a foreign payload is refused", () => {
  assert.throws(() => loadModel({ format: "other", version: 1 }), /edukit-ngram/);
});
