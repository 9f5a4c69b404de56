// Grading in the browser: the JS twin of edukit.quiz.check_answer, step for step (tests
// compare both on a shared fixture). An evaluation item carries only salted SHA-256 hashes of
// its right answers, so grading it never needs the readable key.
import { sha256Hex } from "./sha256.js";

const SLACK = 1e-9;
// Python's str.isspace() set (what `re.sub(r"\s", "", text)` removes), not JS's \s.
const PY_SPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;
const NUMBER = /^[+-]?(?:\p{Nd}+(?:\.\p{Nd}*)?|\.\p{Nd}+)(?:e[+-]?\p{Nd}+)?/u;
const DIGIT = /\p{Nd}/u;

/** Text as short answers are compared: edukit.quiz.normalize_answer, step for step. */
export function normalizeAnswer(text) {
  return String(text)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .replace(/[^\p{L}\p{N}]/gu, "");
}

// Python's float() reads every Unicode decimal digit; Unicode encodes each set of ten digits
// as a contiguous run from 0 to 9, so a digit's value is its offset in its run, modulo 10.
function asciiDigit(char) {
  const code = char.codePointAt(0);
  if (code < 0x80) return char;
  let start = code;
  while (DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return String((code - start) % 10);
}

/** A number typed by a learner (edukit.quiz._grading.parse_number): "1 234,5", "21 heures". */
export function parseNumber(text, unit = "") {
  const compact = String(text).replace(PY_SPACE, "").replace(/,/g, ".").toLowerCase();
  const match = NUMBER.exec(compact);
  if (!match) return null;
  const rest = normalizeAnswer(compact.slice(match[0].length));
  if (rest && rest !== normalizeAnswer(unit)) return null;
  const value = Number(match[0].replace(/\p{Nd}/gu, asciiDigit));
  return Number.isFinite(value) ? value : null;
}

export function numericMatches(value, answer, tolerance) {
  const slack = SLACK * Math.max(1, Math.abs(answer));
  return Math.abs(value - answer) <= tolerance + slack;
}

export function multipleChoiceScore(right, wrong, units) {
  return Math.max(0, (right - wrong) / units);
}

function practiceTokens(item, key) {
  if (item.type === "short") return new Set(key.normalized_answers);
  if (item.type === "matching") return new Set(Object.entries(key.pairs).map(([left, right]) => `${left}=${right}`));
  if (item.type === "ordering") return new Set(key.correct.map((step, index) => `${index + 1}=${step}`));
  return new Set(key.correct);
}

function idList(item, answer) {
  if (typeof answer === "string" || !Array.isArray(answer)) {
    throw new TypeError(`item '${item.id}' takes a list of ids, not ${JSON.stringify(answer)}`);
  }
  return answer.map(String);
}

function scaled(value, exponent) {
  // "1eN" parses to the exact double, as Python's float(10 ** N) is.
  const power = Number(`1e${Math.abs(exponent)}`);
  return exponent >= 0 ? value / power : value * power;
}

/**
 * The score in [0, 1] of `answer` to a payload item, in either mode; `digest(text)` gives the
 * SHA-256 hex of a text (Web Crypto, else plain JS). Answers use the payload's ids: an option
 * id, a list of ids, a boolean, text, a number or text, `{left id: right id}`, steps in order.
 */
export async function checkAnswer(item, answer, digest = sha256Hex) {
  if (answer === null || answer === undefined) return 0;
  let known;
  let units;
  if (item.evaluation) {
    const { salt, hashes } = item.evaluation;
    const listed = new Set(hashes);
    known = async (tokens) => (await Promise.all(tokens.map((token) => digest(`${salt}:${token}`)))).map((hash) => listed.has(hash));
    units = listed.size;
  } else if (item.practice) {
    const expected = practiceTokens(item, item.practice);
    known = async (tokens) => tokens.map((token) => expected.has(token));
    units = expected.size;
  } else {
    throw new Error(`payload item '${item.id}' has neither a practice nor an evaluation key`);
  }
  const count = (flags) => flags.filter(Boolean).length;
  switch (item.type) {
    case "single":
      return (await known([String(answer)]))[0] ? 1 : 0;
    case "true_false":
      if (typeof answer !== "boolean") throw new TypeError(`item '${item.id}' takes true or false`);
      return (await known([answer ? "true" : "false"]))[0] ? 1 : 0;
    case "multiple": {
      const ticked = [...new Set(idList(item, answer))];
      const right = count(await known(ticked));
      return multipleChoiceScore(right, ticked.length - right, units);
    }
    case "short": {
      const typed = normalizeAnswer(String(answer));
      return typed && (await known([typed]))[0] ? 1 : 0;
    }
    case "numeric": {
      let value;
      if (typeof answer === "string") value = parseNumber(answer, item.unit);
      else if (typeof answer === "number") value = answer;
      else throw new TypeError(`item '${item.id}' takes a number, not ${JSON.stringify(answer)}`);
      if (value === null) return 0;
      if (item.evaluation) {
        const value10 = scaled(value, item.evaluation.exponent || 0);
        const slack = SLACK * Math.max(1, Math.abs(value10));
        const low = BigInt(Math.floor(value10 + slack)).toString();
        const high = BigInt(Math.ceil(value10 - slack)).toString();
        const [lowKnown, highKnown] = await known([low, high]);
        return lowKnown && highKnown ? 1 : 0;
      }
      if (item.practice.value === null || item.practice.value === undefined) {
        throw new Error(`payload item '${item.id}' has no numeric answer`);
      }
      return numericMatches(value, item.practice.value, item.practice.tolerance || 0) ? 1 : 0;
    }
    case "matching": {
      if (typeof answer !== "object" || Array.isArray(answer)) {
        throw new TypeError(`item '${item.id}' takes {left id: right id}`);
      }
      const tokens = Object.entries(answer).map(([left, right]) => `${left}=${right}`);
      return count(await known(tokens)) / item.lefts.length;
    }
    default: {
      const steps = idList(item, answer);
      return count(await known(steps.map((step, index) => `${index + 1}=${step}`))) / item.options.length;
    }
  }
}

/** Whether a stored answer still fits the item (its ids may have changed with the bank). */
export function answerFits(item, answer) {
  const ids = new Set(item.options.map((option) => option.id));
  switch (item.type) {
    case "single":
      return typeof answer === "string" && ids.has(answer);
    case "true_false":
      return typeof answer === "boolean";
    case "multiple":
      return Array.isArray(answer) && answer.length > 0 && answer.every((id) => ids.has(id));
    case "short":
    case "numeric":
      return typeof answer === "string" && answer.trim() !== "";
    case "matching": {
      if (!answer || typeof answer !== "object" || Array.isArray(answer)) return false;
      const rights = new Set(item.rights.map((right) => right.id));
      return item.lefts.every((left) => rights.has(answer[left.id])) && Object.keys(answer).length === item.lefts.length;
    }
    default:
      return Array.isArray(answer) && answer.length === ids.size && answer.every((id) => ids.has(id)) && new Set(answer).size === ids.size;
  }
}
