// The personal-data guard in the browser: a port of edukit.llm._pii (same patterns, same
// checks: NIR and IBAN mod-97 keys, Luhn for cards, valid dates next to « né(e) », street
// addresses, e-mails and French phone numbers). Offsets are JavaScript string indices (UTF-16),
// i.e. Python's `start_utf16` / `end_utf16`. Person names need Presidio: Python only.
// Pure functions, no DOM: node's test runner imports this file as it is.

export const PII_LABELS = Object.freeze({
  EMAIL: "EMAIL",
  PHONE: "TÉLÉPHONE",
  NIR: "NIR",
  IBAN: "IBAN",
  CARD: "CARTE BANCAIRE",
  BIRTH_DATE: "DATE DE NAISSANCE",
  ADDRESS: "ADRESSE",
  PERSON: "PERSONNE",
});
const PRIORITY = ["IBAN", "NIR", "CARD", "EMAIL", "PHONE", "BIRTH_DATE", "ADDRESS", "PERSON"];

// Python's \w and \b are Unicode-aware; JavaScript's are ASCII only, even with the u flag.
const W = "\\p{L}\\p{N}_";
const B = `(?:(?<=[${W}])(?![${W}])|(?<![${W}])(?=[${W}]))`;

/** The Luhn check of card numbers. */
export function luhnIsValid(number) {
  const digits = [...String(number)].filter((c) => c >= "0" && c <= "9").map(Number);
  if (digits.length < 2) return false;
  let total = 0;
  digits.reverse().forEach((digit, i) => {
    let value = digit;
    if (i % 2 === 1) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    total += value;
  });
  return total % 10 === 0;
}

const IBAN_LENGTHS = { FR: 27, MC: 27, DE: 22, BE: 16, ES: 24, IT: 27, LU: 20, CH: 21, GB: 22, NL: 18, PT: 25, IE: 22, AT: 20 };

function mod97(digits) {
  let rest = 0;
  for (const c of digits) rest = (rest * 10 + Number(c)) % 97;
  return rest;
}

/** ISO 13616: first four characters to the end, letters to numbers, mod 97 = 1. */
export function ibanIsValid(iban) {
  const compact = String(iban).replace(/[\s-]/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const expected = IBAN_LENGTHS[compact.slice(0, 2)];
  if (expected !== undefined && compact.length !== expected) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  const numeric = [...rearranged].map((c) => parseInt(c, 36).toString()).join("");
  return mod97(numeric) === 1;
}

/** The French social-security number (NIR) with its key; Corsica's 2A/2B handled. */
export function nirIsValid(nir) {
  const compact = String(nir).replace(/[\s.]/g, "").toUpperCase();
  if (!/^[1-478]\d{4}(?:\d{2}|2A|2B)\d{6}\d{2}$/.test(compact)) return false;
  const month = Number(compact.slice(3, 5));
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99))) return false;
  const body = compact.slice(0, 13);
  const key = Number(compact.slice(13));
  const department = body.slice(5, 7);
  let number;
  if (department === "2A") number = Number(body.slice(0, 5) + "19" + body.slice(7)) - 1_000_000;
  else if (department === "2B") number = Number(body.slice(0, 5) + "18" + body.slice(7)) - 2_000_000;
  else number = Number(body);
  return key === 97 - (number % 97);
}

// -- patterns ---------------------------------------------------------------------------------

const EMAIL = new RegExp(`(?<![${W}.+\\-])[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*\\.[A-Za-z]{2,}(?![${W}\\-])`, "gu");
const PHONE = new RegExp(`(?<![${W}+])(?:(?:\\+|00)33[\\s.\\-]?(?:\\(0\\)[\\s.\\-]?)?|0)[1-9](?:[\\s.\\-]?\\d{2}){4}(?!\\d)`, "gu");
const NIR = new RegExp(
  `(?<![${W}])[1-478][\\s.]?\\d{2}[\\s.]?\\d{2}[\\s.]?(?:(?:\\d{2}|2[AaBb])[\\s.]?\\d{3}|\\d{3}[\\s.]?\\d{2})[\\s.]?\\d{3}[\\s.]?\\d{2}(?![${W}])`,
  "gu",
);
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?![A-Za-z0-9])/gu;
const CARD = /(?<!\d)[2-6]\d{0,3}(?:[ -]?\d){11,17}(?!\d)/gu;

const MONTHS = {
  janvier: 1, février: 2, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, août: 8, aout: 8,
  septembre: 9, octobre: 10, novembre: 11, décembre: 12, decembre: 12,
};
const DATE = new RegExp(
  "(?<!\\d)(?:" +
    "(?<d1>\\d{1,2})[/.\\-](?<m1>\\d{1,2})[/.\\-](?<y1>\\d{4}|\\d{2})" +
    `|(?<d2>1er|\\d{1,2})\\s+(?<m2>${Object.keys(MONTHS).join("|")})\\s+(?<y2>\\d{4})` +
    "|(?<y3>\\d{4})-(?<m3>\\d{2})-(?<d3>\\d{2})" +
    ")(?!\\d)",
  "giu",
);
const BIRTH_CONTEXT = new RegExp(`(?:${B}né\\(e\\)|${B}née?s?${B}|${B}naissance${B}|${B}DDN${B}|${B}date de naiss\\.?|${B}born${B})`, "giu");

/** A case-insensitive spelling of `word` (the address pattern is case-sensitive elsewhere). */
function anyCase(word) {
  return [...word].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c === "." ? "\\." : c)).join("");
}
const STREET_WORDS = [
  "rue", "avenue", "av.", "boulevard", "bd", "place", "allées?", "impasse", "chemin", "route", "quai", "cours", "square",
  "passage", "résidence", "faubourg", "rond-point", "voie", "sentier", "cité", "hameau", "villa", "esplanade", "promenade",
  "parvis", "lotissement", "chaussée", "montée", "traverse", "sente", "domaine", "clos",
];
const STREET_TYPE = `(?:${STREET_WORDS.map((w) => (w === "allées?" ? `${anyCase("allée")}[sS]?` : anyCase(w))).join("|")})`;
const PARTICLE = "(?:des|du|de|la|les|le|d'|l'|d’|l’|et|sur|sous|en|aux|au)";
const NAME_WORD = `(?:[A-ZÀ-ÖØ-Þ][${W}À-ÿ'’\\-]*|\\d{1,4}(?:er)?${B})`;
const CAP_WORD = `[A-ZÀ-ÖØ-Þ][${W}À-ÿ'’\\-]*`;
const ADDRESS = new RegExp(
  `(?<![${W}])\\d{1,4}(?:\\s?(?:bis|ter|quater|[A-D]))?,?\\s+${STREET_TYPE}${B}\\.?\\s+` +
    `(?:${PARTICLE}\\s*)*(?=${CAP_WORD}|\\d{1,4}(?:er)?\\s+${CAP_WORD})${NAME_WORD}` +
    `(?:[\\s\\-]+(?:${PARTICLE}\\s*)*${NAME_WORD})*` +
    `(?:,?\\s+(?:\\d{5}|\\d{2}\\s\\d{3})\\s+${CAP_WORD}(?:[\\s\\-]+${CAP_WORD})*)?`,
  "gu",
);

function dateIsValid(groups, today) {
  let day;
  let month;
  let year;
  if (groups.d1) {
    [day, month, year] = [Number(groups.d1), Number(groups.m1), Number(groups.y1)];
    if (groups.y1.length === 2) year += year > today.getFullYear() % 100 ? 1900 : 2000;
  } else if (groups.d2) {
    day = groups.d2.toLowerCase() === "1er" ? 1 : Number(groups.d2);
    month = MONTHS[groups.m2.toLowerCase()];
    year = Number(groups.y2);
    if (month === undefined) return false;
  } else {
    [day, month, year] = [Number(groups.d3), Number(groups.m3), Number(groups.y3)];
  }
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  const todayUTC = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return date.getTime() >= Date.UTC(1890, 0, 1) && date.getTime() <= todayUTC;
}

function* matches(pattern, text) {
  pattern.lastIndex = 0;
  for (const match of text.matchAll(pattern)) yield match;
}

function* birthDates(text, today) {
  for (const match of matches(DATE, text)) {
    if (!dateIsValid(match.groups, today)) continue;
    // Python's finditer(text, pos, endpos): the text ends at the date, lookbehind sees before pos.
    const head = text.slice(0, match.index);
    const context = new RegExp(BIRTH_CONTEXT.source, "giu");
    context.lastIndex = Math.max(0, match.index - 45);
    let found;
    while ((found = context.exec(head)) !== null) {
      if (found[0] === "") context.lastIndex += 1;
      const gap = head.slice(found.index + found[0].length);
      if (gap.length <= 25 && !/[.,;!?\n]/.test(gap.replaceAll("(e)", ""))) {
        yield [match.index, match.index + match[0].length];
        break;
      }
    }
  }
}

function* ibans(text) {
  for (const match of matches(IBAN, text)) {
    let candidate = match[0];
    while (candidate.replace(/\s/g, "").length >= 15) {
      if (ibanIsValid(candidate)) {
        yield [match.index, match.index + candidate.length];
        break;
      }
      if (!candidate.includes(" ")) break;
      candidate = candidate.slice(0, candidate.lastIndexOf(" "));
    }
  }
}

function cardOk(candidate) {
  const digits = candidate.replace(/\D/g, "");
  return digits.length >= 13 && digits.length <= 19 && new Set(digits).size > 1 && luhnIsValid(digits);
}

function* rawSpans(text, today) {
  for (const [start, end] of ibans(text)) yield ["IBAN", start, end];
  for (const m of matches(NIR, text)) if (nirIsValid(m[0])) yield ["NIR", m.index, m.index + m[0].length];
  for (const m of matches(CARD, text)) if (cardOk(m[0])) yield ["CARD", m.index, m.index + m[0].length];
  for (const m of matches(EMAIL, text)) yield ["EMAIL", m.index, m.index + m[0].length];
  for (const m of matches(PHONE, text)) yield ["PHONE", m.index, m.index + m[0].length];
  for (const [start, end] of birthDates(text, today)) yield ["BIRTH_DATE", start, end];
  for (const m of matches(ADDRESS, text)) {
    let end = m.index + m[0].length;
    while (end > m.index && " ,-'’".includes(text[end - 1])) end -= 1;
    yield ["ADDRESS", m.index, end];
  }
}

/**
 * Personal data in `text`, in reading order: `[{type, label, start, end, text}]`.
 * `today` fixes "now" for birth dates (a date in the future is no birth date).
 */
export function findPersonalData(text, { today = new Date() } = {}) {
  const unique = new Map();
  for (const [type, start, end] of rawSpans(String(text), today)) unique.set(`${type}:${start}:${end}`, [type, start, end]);
  const rank = (type) => (PRIORITY.includes(type) ? PRIORITY.indexOf(type) : PRIORITY.length);
  const ordered = [...unique.values()].sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - a[2] - (b[1] - b[2]) || a[1] - b[1]);
  const kept = [];
  for (const [type, start, end] of ordered) {
    if (kept.every(([, s, e]) => end <= s || start >= e)) kept.push([type, start, end]);
  }
  return kept
    .sort((a, b) => a[1] - b[1])
    .map(([type, start, end]) => ({ type, label: PII_LABELS[type] ?? type, start, end, text: text.slice(start, end) }));
}

/** Replace each piece of personal data with its French label in brackets. */
export function anonymise(text, spans = findPersonalData(text)) {
  let out = String(text);
  for (const span of [...spans].sort((a, b) => b.start - a.start)) {
    out = `${out.slice(0, span.start)}[${span.label}]${out.slice(span.end)}`;
  }
  return out;
}

/** What the playground needs to warn: the spans, the anonymised text, counts per type. */
export function scanText(text, options = {}) {
  const spans = findPersonalData(text, options);
  const counts = {};
  for (const span of spans) counts[span.type] = (counts[span.type] ?? 0) + 1;
  return { spans, anonymised: anonymise(text, spans), counts };
}
