// Numbers, tokens and impacts as the learner reads them (French decimal comma).

/** The variants' letters, in order (at most four variants). */
export const LETTERS = ["A", "B", "C", "D"];

/** Numbers as the learner reads them: French decimal comma, a few significant digits. */
export function formatNumber(value, lang = "fr", digits = 2) {
  if (!Number.isFinite(value)) return "?";
  if (value === 0) return "0";
  return new Intl.NumberFormat(lang === "en" ? "en-GB" : "fr-FR", { maximumSignificantDigits: digits }).format(value);
}

export function formatPercent(probability, lang = "fr") {
  const digits = probability >= 0.1 ? 1 : 2;
  return new Intl.NumberFormat(lang === "en" ? "en-GB" : "fr-FR", {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: digits,
  }).format(probability);
}

// -- tokens and impacts -------------------------------------------------------------------------

/** edukit.llm.estimate_tokens: words and punctuation marks × 1.1, never fewer than chars / 4. */
export function estimateTokens(text) {
  const pieces = String(text).match(/[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]/gu)?.length ?? 0;
  return Math.max(Math.ceil(pieces * 1.1), Math.ceil(String(text).length / 4));
}

/** Energy (Wh) and emissions (g CO2e) ranges of `tokens` output tokens for a reference model. */
export function impactFor(reference, tokens) {
  if (!reference) return null;
  return {
    label: reference.label,
    energy_wh: reference.energy_wh_per_token.map((v) => v * tokens),
    gwp_gco2eq: reference.gwp_g_per_token.map((v) => v * tokens),
    source: reference.source,
  };
}

/** A range `[low, high]` in words: one number when both ends read the same. */
export function formatRange([low, high], lang) {
  const a = formatNumber(low, lang);
  const b = formatNumber(high, lang);
  return a === b ? a : `${a}–${b}`;
}
