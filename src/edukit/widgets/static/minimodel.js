// The mini language model in the browser: reads the export of edukit.llm.NGramModel.to_export()
// and gives the same next-word distribution and, for a seed, the same words as Python.
// Pure functions, no DOM: the playground widget imports it; node tests run it as it is.
// Owned by the LLM engineer (edukit.llm); keep it in step with src/edukit/llm/_minimodel.py.

export const BOS = "<s>";

/** mulberry32: the PRNG that edukit.llm._prng.Mulberry32 implements identically. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function random() {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Load an export (the JSON object, or its text). */
export function loadModel(payload) {
  const data = typeof payload === "string" ? JSON.parse(payload) : payload;
  if (data.format !== "edukit-ngram" || data.version !== 1) {
    throw new Error("not an edukit-ngram v1 export");
  }
  const index = new Map(data.vocab.map((word, i) => [word, i]));
  return {
    order: data.order,
    vocab: data.vocab,
    tables: data.tables,
    index,
    tokenRe: new RegExp(data.token_pattern, "g"),
  };
}

/** Split text as edukit.llm.tokenize does (typographic apostrophes become '). */
export function tokenize(model, text) {
  return Array.from(text.replace(/\u2019/g, "'").matchAll(model.tokenRe), (m) => m[0]);
}

/** Continuations after a context, with the same backoff as Python. */
export function continuations(model, words) {
  const history = [];
  for (let i = 0; i < model.order - 1; i += 1) history.push(BOS);
  history.push(...words);
  for (let k = model.order - 1; k >= 0; k -= 1) {
    const suffix = k ? history.slice(history.length - k) : [];
    const ids = suffix.map((w) => model.index.get(w));
    if (ids.some((id) => id === undefined)) continue;
    const flat = model.tables[k][ids.join(",")];
    if (flat && flat.length) {
      const rows = [];
      for (let i = 0; i < flat.length; i += 2) rows.push([model.vocab[flat[i]], flat[i + 1]]);
      return { context: suffix, rows };
    }
  }
  return { context: [], rows: [] };
}

function cut(rows, topK) {
  return topK && topK > 0 ? rows.slice(0, topK) : rows;
}

function weights(rows, temperature) {
  if (!rows.length) return [];
  if (temperature <= 0) return rows.map((_, i) => (i === 0 ? 1 : 0));
  const exponent = 1 / temperature;
  return rows.map(([, count]) => count ** exponent);
}

function toWords(model, prompt) {
  return typeof prompt === "string" ? tokenize(model, prompt) : [...prompt];
}

/** Next-word distribution: {context, words, probabilities}. */
export function distribution(model, context, { temperature = 1, topK = null } = {}) {
  const found = continuations(model, toWords(model, context));
  const rows = cut(found.rows, topK);
  const w = weights(rows, temperature);
  let total = 0;
  for (const x of w) total += x;
  return {
    context: found.context,
    words: rows.map(([word]) => word),
    probabilities: total ? w.map((x) => x / total) : [],
  };
}

/** Continue a prompt by nWords tokens; the same seed gives the same words as Python. */
export function generate(model, prompt, nWords, { temperature = 1, topK = null, seed = 0 } = {}) {
  const random = mulberry32(seed);
  const history = toWords(model, prompt);
  const generated = [];
  for (let n = 0; n < nWords; n += 1) {
    const rows = cut(continuations(model, history).rows, topK);
    if (!rows.length) break;
    const w = weights(rows, temperature);
    let total = 0;
    for (const x of w) total += x;
    const target = random() * total;
    let choice = rows[rows.length - 1][0];
    let cumulative = 0;
    for (let i = 0; i < rows.length; i += 1) {
      cumulative += w[i];
      if (target < cumulative) {
        choice = rows[i][0];
        break;
      }
    }
    generated.push(choice);
    history.push(choice);
  }
  return generated;
}

const NO_SPACE_BEFORE = new Set([".", ",", ")", "\u2026", "%"]);

/** Join tokens into French text, as edukit.llm.detokenize does. */
export function detokenize(tokens) {
  let out = "";
  let previous = "";
  for (const token of tokens) {
    if (out && !NO_SPACE_BEFORE.has(token) && !previous.endsWith("'") && previous !== "(") out += " ";
    out += token;
    previous = token;
  }
  return out;
}
