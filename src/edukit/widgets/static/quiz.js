// The quiz widget: shows a QuizPayload (edukit.quiz.quiz_payload) and grades it in the browser,
// with no kernel: the same module in JupyterLab, on notebook pages and on Markdown pages.
// Grading mirrors edukit.quiz.check_answer exactly (tests compare both on a shared fixture).
// Every text (bank and learner input) becomes DOM text nodes: never markup.
import { announce, h, keepKeys, liveRegion, uid } from "./a11y.js";
import { translator } from "./i18n.js";
import { sha256Hex } from "./sha256.js";
import { courseOf, courseStore, downloadProgress, normalizeLearner } from "./store.js";

/** Version of the record saved per quiz in the learner's store. */
export const RECORD_VERSION = 1;

export const quizMessages = {
  fr: {
    "quiz.label": "Quiz",
    "quiz.intro.practice": "Entraînement : validez chaque réponse pour voir si elle est juste, avec une explication.",
    "quiz.intro.evaluation": "Évaluation : chaque réponse validée est enregistrée et ne peut plus être modifiée.",
    "quiz.questionOf": "Question {number} sur {total}",
    "quiz.hint.single": "Choisissez une seule réponse.",
    "quiz.hint.true_false": "Choisissez vrai ou faux.",
    "quiz.hint.multiple": "Plusieurs réponses possibles : cochez toutes celles qui sont justes.",
    "quiz.hint.short": "Écrivez votre réponse en quelques mots. Les majuscules, les accents et la ponctuation ne comptent pas.",
    "quiz.hint.numeric": "Écrivez un nombre, avec une virgule pour les décimales (par exemple 21,5).",
    "quiz.hint.matching": "Pour chaque élément, choisissez dans la liste ce qui lui correspond.",
    "quiz.hint.ordering": "Remettez les étapes dans l'ordre avec les boutons « Monter » et « Descendre ».",
    "quiz.true": "Vrai",
    "quiz.false": "Faux",
    "quiz.yourAnswer": "Votre réponse",
    "quiz.yourAnswerUnit": "Votre réponse (en {unit})",
    "quiz.choose": "— Choisir —",
    "quiz.moveUp": "Monter : {text}",
    "quiz.moveDown": "Descendre : {text}",
    "quiz.moveUpShort": "Monter",
    "quiz.moveDownShort": "Descendre",
    "quiz.moved": "« {text} » est maintenant en position {position} sur {total}.",
    "quiz.position": "{position}.",
    "quiz.submit": "Valider ma réponse",
    "quiz.retry": "Réessayer",
    "quiz.reveal": "Voir la réponse",
    "quiz.reset": "Recommencer le quiz",
    "quiz.resetDone": "Le quiz est remis à zéro.",
    "quiz.missing": "Répondez d'abord à la question, puis validez.",
    "quiz.notANumber": "« {text} » n'est pas un nombre : écrivez par exemple 21 ou 21,5.",
    "quiz.correct": "Bonne réponse.",
    "quiz.partial": "Réponse en partie juste ({percent} des points).",
    "quiz.incorrect": "Réponse incorrecte.",
    "quiz.optionRight": "Juste",
    "quiz.optionWrong": "Faux",
    "quiz.optionExpected": "Il fallait aussi choisir cette réponse",
    "quiz.pairRight": "Juste",
    "quiz.pairWrong": "Faux : la bonne réponse est « {text} »",
    "quiz.pairWrongHidden": "Faux",
    "quiz.stepRight": "À sa place",
    "quiz.stepWrong": "Pas à sa place",
    "quiz.expected": "Réponse attendue : {text}",
    "quiz.expectedNumeric": "Réponse attendue : {value}{unit}",
    "quiz.expectedTolerance": "Réponse attendue : {value}{unit} (à {tolerance} près)",
    "quiz.expectedOrder": "Ordre attendu :",
    "quiz.accepted": "Réponses acceptées : {text}",
    "quiz.triesLeft.one": "Il vous reste {count} essai.",
    "quiz.triesLeft.other": "Il vous reste {count} essais.",
    "quiz.tryAgain": "Vous pouvez réessayer.",
    "quiz.noTriesLeft": "Vous avez utilisé tous vos essais pour cette question.",
    "quiz.locked": "Réponse enregistrée : elle ne peut plus être modifiée.",
    "quiz.attempt": "Essai {number} sur {max}",
    "quiz.explanation": "Explication : ",
    "quiz.source": "Source : ",
    "quiz.score": "Score : {score} sur {total} · {answered} question(s) terminée(s) sur {total}",
    "quiz.finalScore": "Score final : {score} sur {total} ({percent}).",
    "quiz.announce": "Question {number} : {status}",
    "quiz.empty": "Ce quiz n'a aucune question.",
    "quiz.dontKnow": "Je ne sais pas",
    "quiz.dontKnowLabel": "Je ne sais pas (question {number})",
    "quiz.dontKnowStatus": "Vous avez répondu « Je ne sais pas » : 0 point pour cette question.",
    "quiz.dontKnowCount.one": "Vous avez répondu « Je ne sais pas » à {count} question.",
    "quiz.dontKnowCount.other": "Vous avez répondu « Je ne sais pas » à {count} questions.",
    "quiz.exportHint": "Vos réponses sont enregistrées sur cet appareil. Exportez maintenant votre fichier de progression (bouton « Exporter ma progression ») et remettez-le à la personne formatrice : il contient vos résultats par objectif.",
    "quiz.previous": "Question précédente",
    "quiz.next": "Question suivante",
    "quiz.progress": "Question {number} sur {total} · {done} terminée(s)",
    "quiz.progressLabel": "Questions terminées",
    "quiz.syncing": "Envoi de vos réponses à la salle de formation…",
    "quiz.synced": "Vos réponses sont arrivées à la salle de formation.",
    "quiz.syncFailed": "L'envoi à la salle de formation n'a pas abouti : {reason}. Vos réponses restent sur cet appareil et repartiront à la prochaine réponse.",
    "quiz.exportTitle": "Remettre vos résultats",
    "quiz.exportIntro": "Vos réponses restent dans ce navigateur. Pour les remettre à la personne formatrice, exportez votre fichier de progression : c'est le même fichier que sur le site du cours.",
    "quiz.learner": "Votre prénom ou un pseudonyme",
    "quiz.learnerHint": "Il est inscrit dans le fichier exporté, pour que la personne formatrice sache à qui il est.",
    "quiz.export": "Exporter ma progression",
    "quiz.needName": "Écrivez d'abord votre prénom ou un pseudonyme : il est inscrit dans le fichier.",
    "quiz.exported": "Fichier enregistré : {name}. Il se trouve en général dans le dossier Téléchargements.",
    "quiz.exportFailed": "L'export n'a pas fonctionné : {reason}",
  },
  en: {
    "quiz.label": "Quiz",
    "quiz.intro.practice": "Practice: submit each answer to see whether it is right, with an explanation.",
    "quiz.intro.evaluation": "Assessment: each submitted answer is recorded and can no longer be changed.",
    "quiz.questionOf": "Question {number} of {total}",
    "quiz.hint.single": "Choose one answer.",
    "quiz.hint.true_false": "Choose true or false.",
    "quiz.hint.multiple": "Several answers may be right: tick all the right ones.",
    "quiz.hint.short": "Type your answer in a few words. Capitals, accents and punctuation do not matter.",
    "quiz.hint.numeric": "Type a number (a comma or a dot for decimals, e.g. 21.5).",
    "quiz.hint.matching": "For each item, choose what matches it in the list.",
    "quiz.hint.ordering": "Put the steps in order with the “Move up” and “Move down” buttons.",
    "quiz.true": "True",
    "quiz.false": "False",
    "quiz.yourAnswer": "Your answer",
    "quiz.yourAnswerUnit": "Your answer (in {unit})",
    "quiz.choose": "— Choose —",
    "quiz.moveUp": "Move up: {text}",
    "quiz.moveDown": "Move down: {text}",
    "quiz.moveUpShort": "Move up",
    "quiz.moveDownShort": "Move down",
    "quiz.moved": "“{text}” is now at position {position} of {total}.",
    "quiz.position": "{position}.",
    "quiz.submit": "Submit my answer",
    "quiz.retry": "Try again",
    "quiz.reveal": "Show the answer",
    "quiz.reset": "Start the quiz again",
    "quiz.resetDone": "The quiz has been reset.",
    "quiz.missing": "Answer the question first, then submit.",
    "quiz.notANumber": "“{text}” is not a number: type e.g. 21 or 21.5.",
    "quiz.correct": "Right answer.",
    "quiz.partial": "Partly right ({percent} of the points).",
    "quiz.incorrect": "Wrong answer.",
    "quiz.optionRight": "Right",
    "quiz.optionWrong": "Wrong",
    "quiz.optionExpected": "This answer had to be chosen too",
    "quiz.pairRight": "Right",
    "quiz.pairWrong": "Wrong: the right answer is “{text}”",
    "quiz.pairWrongHidden": "Wrong",
    "quiz.stepRight": "In its place",
    "quiz.stepWrong": "Not in its place",
    "quiz.expected": "Expected answer: {text}",
    "quiz.expectedNumeric": "Expected answer: {value}{unit}",
    "quiz.expectedTolerance": "Expected answer: {value}{unit} (give or take {tolerance})",
    "quiz.expectedOrder": "Expected order:",
    "quiz.accepted": "Accepted answers: {text}",
    "quiz.triesLeft.one": "You have {count} try left.",
    "quiz.triesLeft.other": "You have {count} tries left.",
    "quiz.tryAgain": "You can try again.",
    "quiz.noTriesLeft": "You have used all your tries for this question.",
    "quiz.locked": "Answer recorded: it can no longer be changed.",
    "quiz.attempt": "Try {number} of {max}",
    "quiz.explanation": "Explanation: ",
    "quiz.source": "Source: ",
    "quiz.score": "Score: {score} of {total} · {answered} of {total} question(s) done",
    "quiz.finalScore": "Final score: {score} of {total} ({percent}).",
    "quiz.announce": "Question {number}: {status}",
    "quiz.empty": "This quiz has no question.",
    "quiz.dontKnow": "I don't know",
    "quiz.dontKnowLabel": "I don't know (question {number})",
    "quiz.dontKnowStatus": "You answered “I don't know”: 0 points for this question.",
    "quiz.dontKnowCount.one": "You answered “I don't know” to {count} question.",
    "quiz.dontKnowCount.other": "You answered “I don't know” to {count} questions.",
    "quiz.exportHint": "Your answers are kept on this device. Export your progress file now (the “Export my progress” button) and give it to your trainer: it holds your results per objective.",
    "quiz.previous": "Previous question",
    "quiz.next": "Next question",
    "quiz.progress": "Question {number} of {total} · {done} done",
    "quiz.progressLabel": "Questions done",
    "quiz.syncing": "Sending your answers to the training room…",
    "quiz.synced": "Your answers reached the training room.",
    "quiz.syncFailed": "Sending to the training room did not work: {reason}. Your answers stay on this device and will go again with your next answer.",
    "quiz.exportTitle": "Hand in your results",
    "quiz.exportIntro": "Your answers stay in this browser. To give them to your trainer, export your progress file: the same file as on the course site.",
    "quiz.learner": "Your first name or a pseudonym",
    "quiz.learnerHint": "It is written in the exported file, so that your trainer knows whose it is.",
    "quiz.export": "Export my progress",
    "quiz.needName": "First write your first name or a pseudonym: it is written in the file.",
    "quiz.exported": "File saved: {name}. It is usually in the Downloads folder.",
    "quiz.exportFailed": "The export did not work: {reason}",
  },
};

// -- keys kept from JupyterLab --------------------------------------------------------------

/** The keys the quiz's controls answer to (radios, checkboxes, text, lists, buttons). */
export const QUIZ_KEYS = Object.freeze(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", " ", "Enter"]);


// -- grading: the JS twin of edukit.quiz.check_answer ---------------------------------------

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

// -- the saved record (documented in edukit.widgets._quiz) -----------------------------------

/** What a quiz can be for; the trainer's report reads it from the record. */
export const PURPOSES = Object.freeze(["positionnement", "evaluation-finale", "entrainement"]);

/** The state of a question nobody has answered yet. */
export function blankState() {
  return { answer: undefined, score: 0, tries: 0, done: false, open: true, dontKnow: false, answered: null };
}

/**
 * The state after « Je ne sais pas »: an attempt scored 0 with no answer, marked as such; it
 * locks the question like any answer once the attempts are used (one in evaluation mode).
 */
export function dontKnowState(state, limit, answered) {
  const tries = state.tries + 1;
  return { answer: undefined, score: 0, tries, done: limit > 0 && tries >= limit, open: false, dontKnow: true, answered };
}

/** The record saved for a quiz: `items` of the payload and their `states`, in the same order. */
export function quizRecord({ items, states, mode, purpose = "", lesson = "" }) {
  const record = { version: RECORD_VERSION, mode: mode === "evaluation" ? "evaluation" : "practice" };
  if (PURPOSES.includes(purpose)) record.purpose = purpose;
  if (lesson) record.lesson = lesson;
  const entries = {};
  let score = 0;
  items.forEach((item, index) => {
    const state = states[index];
    if (!state || !(state.tries > 0)) return;
    const entry = {
      answer: state.dontKnow || state.answer === undefined ? null : state.answer,
      score: state.dontKnow ? 0 : state.score,
      tries: state.tries,
      done: Boolean(state.done),
      objectives: [...(item.objectives ?? [])],
      tags: [...(item.tags ?? [])],
    };
    if (state.answered) entry.answered = state.answered;
    if (state.dontKnow) entry.dont_know = true;
    entries[item.id] = entry;
    score += entry.score;
  });
  record.items = entries;
  record.score = score;
  record.total = items.length;
  record.completed = items.length > 0 && items.every((_, index) => Boolean(states[index]?.done));
  return record;
}

/** A question's state from its saved entry, or a blank state when the entry no longer fits. */
export function restoredState(item, entry, limit) {
  if (!entry || typeof entry !== "object" || !(Number(entry.tries) > 0)) return blankState();
  const dontKnow = entry.dont_know === true;
  if (!dontKnow && !answerFits(item, entry.answer)) return blankState();
  const tries = Number(entry.tries);
  return {
    answer: dontKnow ? undefined : entry.answer,
    score: dontKnow ? 0 : Math.min(1, Math.max(0, Number(entry.score) || 0)),
    tries,
    done: Boolean(entry.done) || (limit > 0 && tries >= limit),
    open: false,
    dontKnow,
    answered: typeof entry.answered === "string" ? entry.answered : null,
  };
}

// -- the view ---------------------------------------------------------------------------------

/** A notebook quiz longer than this shows one question at a time (a test always does). */
export const PAGED_FROM = 8;

/**
 * Whether a quiz shows one question at a time with a progress indicator: in a notebook, for a
 * test (evaluation mode) or more than PAGED_FROM questions; a 69-question evaluation was one
 * output 19,500 px tall. The site's pages keep every question in the page.
 */
export function isPaged({ onSite, mode, count }) {
  return !onSite && count > 1 && (mode === "evaluation" || count > PAGED_FROM);
}

/** The question a paged quiz opens on: the first one not done, else the first. */
export function firstOpenQuestion(states) {
  const index = states.findIndex((state) => !state.done);
  return index < 0 ? 0 : index;
}

const ICONS = { ok: "✓", partial: "◑", bad: "✗", unknown: "?" };

function statusOf(score) {
  if (score >= 1) return "ok";
  return score > 0 ? "partial" : "bad";
}

function icon(kind) {
  return h("span", { class: "edukit-quiz__icon", "aria-hidden": "true" }, ICONS[kind]);
}

function mark(kind, text, extra) {
  return h("span", { class: `edukit-quiz__mark edukit-${kind === "partial" ? "partial" : kind}` }, icon(kind), " ", text, extra ? ` — ${extra}` : "");
}

function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Controls of one question: `{nodes, read(), write(answer), lock(bool), marks(answer, showKey)}`. */
function controlsFor(item, ctx) {
  const { t, number } = ctx;
  const name = uid(`quiz-${number}`);
  const practice = item.practice;

  if (item.type === "single" || item.type === "multiple" || item.type === "true_false") {
    const multiple = item.type === "multiple";
    const options = item.type === "true_false" ? [{ id: "true", text: t("quiz.true") }, { id: "false", text: t("quiz.false") }] : item.options;
    const rows = options.map((option) => {
      const input = h("input", { type: multiple ? "checkbox" : "radio", name, value: option.id, class: "edukit-quiz__input" });
      const slot = h("span", { class: "edukit-quiz__option-feedback" });
      const row = h("div", { class: "edukit-quiz__choice" }, h("label", { class: "edukit-quiz__choice-label" }, input, h("span", {}, option.text)), slot);
      return { option, input, slot, row };
    });
    const toId = (id) => (item.type === "true_false" ? id === "true" : id);
    return {
      nodes: [h("div", { class: "edukit-quiz__choices" }, rows.map((row) => row.row))],
      first: () => rows.find((row) => row.input.checked)?.input ?? rows[0].input,
      read() {
        const checked = rows.filter((row) => row.input.checked).map((row) => row.option.id);
        if (!checked.length) return undefined;
        return multiple ? checked : toId(checked[0]);
      },
      write(answer) {
        const chosen = new Set(multiple ? answer : [String(answer)]);
        for (const row of rows) row.input.checked = chosen.has(row.option.id);
      },
      lock(locked) {
        for (const row of rows) row.input.disabled = locked;
      },
      marks(answer, showKey) {
        const chosen = new Set(answer === undefined ? [] : multiple ? answer : [String(answer)]);
        for (const row of rows) {
          row.slot.replaceChildren();
          row.row.classList.remove("edukit-quiz__choice--chosen");
          if (chosen.has(row.option.id)) row.row.classList.add("edukit-quiz__choice--chosen");
          if (!practice) continue;
          const right = practice.correct.includes(row.option.id);
          const feedback = practice.option_feedback[row.option.id];
          if (chosen.has(row.option.id)) row.slot.append(mark(right ? "ok" : "bad", t(right ? "quiz.optionRight" : "quiz.optionWrong"), feedback));
          else if (showKey && right && multiple) row.slot.append(mark("ok", t("quiz.optionExpected")));
        }
      },
      expected() {
        if (!practice || multiple) return null;
        const right = options.find((option) => practice.correct.includes(option.id));
        return right ? t("quiz.expected", { text: right.text }) : null;
      },
    };
  }

  if (item.type === "short" || item.type === "numeric") {
    const numeric = item.type === "numeric";
    const label = numeric && item.unit ? t("quiz.yourAnswerUnit", { unit: item.unit }) : t("quiz.yourAnswer");
    const input = h("input", { type: "text", class: "edukit-quiz__text", autocomplete: "off", spellcheck: numeric ? "false" : "true", inputmode: numeric ? "decimal" : null });
    input.id = uid("quiz-answer");
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        ctx.submit();
      }
    });
    const unit = numeric && item.unit ? h("span", { class: "edukit-quiz__unit", "aria-hidden": "true" }, item.unit) : null;
    return {
      nodes: [h("div", { class: "edukit-field" }, h("label", { for: input.id, class: "edukit-label" }, label), h("div", { class: "edukit-quiz__text-row" }, input, unit))],
      first: () => input,
      read: () => (input.value.trim() ? input.value : undefined),
      write(answer) {
        input.value = answer;
      },
      lock(locked) {
        input.readOnly = locked;
        input.setAttribute("aria-readonly", String(locked));
      },
      marks() {},
      expected() {
        if (!practice) return null;
        if (!numeric) return t("quiz.accepted", { text: practice.answers.join(" ; ") });
        const format = (value) => new Intl.NumberFormat(ctx.lang, { maximumFractionDigits: 10 }).format(value);
        const params = { value: format(practice.value), unit: item.unit ? ` ${item.unit}` : "", tolerance: format(practice.tolerance || 0) };
        return t(practice.tolerance ? "quiz.expectedTolerance" : "quiz.expectedNumeric", params);
      },
      input,
    };
  }

  if (item.type === "matching") {
    const rows = item.lefts.map((left) => {
      const select = h("select", { class: "edukit-quiz__select" }, h("option", { value: "" }, t("quiz.choose")), item.rights.map((right) => h("option", { value: right.id }, right.text)));
      select.id = uid("quiz-match");
      const slot = h("span", { class: "edukit-quiz__option-feedback" });
      const row = h("div", { class: "edukit-field edukit-quiz__pair" }, h("label", { for: select.id, class: "edukit-label" }, left.text), select, slot);
      return { left, select, slot, row };
    });
    const rightText = Object.fromEntries(item.rights.map((right) => [right.id, right.text]));
    return {
      nodes: [h("div", { class: "edukit-quiz__pairs" }, rows.map((row) => row.row))],
      first: () => rows[0].select,
      read() {
        if (rows.some((row) => !row.select.value)) return undefined;
        return Object.fromEntries(rows.map((row) => [row.left.id, row.select.value]));
      },
      write(answer) {
        for (const row of rows) row.select.value = answer[row.left.id] ?? "";
      },
      lock(locked) {
        for (const row of rows) row.select.disabled = locked;
      },
      marks(answer, showKey) {
        for (const row of rows) {
          row.slot.replaceChildren();
          if (!practice || answer === undefined) continue;
          const expected = practice.pairs[row.left.id];
          if (answer[row.left.id] === expected) row.slot.append(mark("ok", t("quiz.pairRight")));
          else row.slot.append(mark("bad", showKey ? t("quiz.pairWrong", { text: rightText[expected] }) : t("quiz.pairWrongHidden")));
        }
      },
      expected: () => null,
    };
  }

  // ordering: a list with move up / move down buttons (no drag-only interaction)
  let order = item.options.map((option) => option.id);
  const byId = Object.fromEntries(item.options.map((option) => [option.id, option]));
  const list = h("ol", { class: "edukit-quiz__steps" });
  const entries = {};
  let locked = false;
  for (const option of item.options) {
    const up = h("button", { type: "button", class: "edukit-button edukit-button--secondary edukit-quiz__move", "aria-label": t("quiz.moveUp", { text: option.text }) }, h("span", { "aria-hidden": "true" }, "↑ "), t("quiz.moveUpShort"));
    const down = h("button", { type: "button", class: "edukit-button edukit-button--secondary edukit-quiz__move", "aria-label": t("quiz.moveDown", { text: option.text }) }, h("span", { "aria-hidden": "true" }, "↓ "), t("quiz.moveDownShort"));
    const position = h("span", { class: "edukit-quiz__position", "aria-hidden": "true" });
    const slot = h("span", { class: "edukit-quiz__option-feedback" });
    const row = h("li", { class: "edukit-quiz__step", "data-step": option.id }, h("div", { class: "edukit-quiz__step-main" }, position, h("span", { class: "edukit-quiz__step-text" }, option.text)), h("div", { class: "edukit-quiz__step-buttons" }, up, down), slot);
    entries[option.id] = { row, up, down, position, slot };
    up.addEventListener("click", () => move(option.id, -1, up));
    down.addEventListener("click", () => move(option.id, 1, down));
  }
  function layout() {
    list.replaceChildren(...order.map((id) => entries[id].row));
    order.forEach((id, index) => {
      const entry = entries[id];
      entry.position.textContent = t("quiz.position", { position: index + 1 });
      entry.up.disabled = locked || index === 0;
      entry.down.disabled = locked || index === order.length - 1;
    });
  }
  function move(id, delta, button) {
    const index = order.indexOf(id);
    const target = index + delta;
    if (locked || target < 0 || target >= order.length) return;
    order = [...order];
    [order[index], order[target]] = [order[target], order[index]];
    layout();
    const entry = entries[id];
    (button.disabled ? (button === entry.up ? entry.down : entry.up) : button).focus();
    ctx.say(t("quiz.moved", { text: byId[id].text, position: target + 1, total: order.length }));
  }
  layout();
  return {
    nodes: [list],
    first: () => [entries[order[0]].down, entries[order[0]].up].find((button) => !button.disabled),
    read: () => [...order],
    write(answer) {
      order = [...answer];
      layout();
    },
    lock(value) {
      locked = value;
      layout();
    },
    marks(answer, showKey) {
      for (const [index, id] of order.entries()) {
        const entry = entries[id];
        entry.slot.replaceChildren();
        if (!practice || answer === undefined) continue;
        const right = practice.correct[index] === id;
        entry.slot.append(mark(right ? "ok" : "bad", t(right ? "quiz.stepRight" : "quiz.stepWrong")));
      }
      void showKey;
    },
    expected() {
      if (!practice) return null;
      return h("div", {}, t("quiz.expectedOrder"), h("ol", { class: "edukit-quiz__expected-order" }, practice.correct.map((id) => h("li", {}, byId[id].text))));
    },
  };
}

function percent(value, lang) {
  return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(value);
}

function decimal(value, lang) {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value);
}

// Moving the focus forces a layout of the whole page: done right after the feedback is
// painted, it no longer holds the feedback back (the live region speaks meanwhile).
function focusAfterPaint(element) {
  const focus = () => setTimeout(() => element.isConnected && element.focus(), 0);
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(focus);
  else focus();
}

function emptyRecord() {
  return { version: RECORD_VERSION, items: {} };
}

/**
 * « Exporter ma progression » inside the quiz, for notebooks: the site has its own progress
 * panel, JupyterLab has none. Same file as the site's (store.js's downloadProgress), with the
 * learner's name kept on this device as the site keeps it.
 */
export function exportBox({ store, t, say, doc = globalThis.document }) {
  const input = h("input", { type: "text", autocomplete: "nickname", spellcheck: "false", maxlength: "80", "data-quiz": "learner" });
  input.id = uid("quiz-learner");
  const hintId = uid("quiz-learner-hint");
  const titleId = uid("quiz-export-title");
  input.setAttribute("aria-describedby", hintId);
  input.value = store.learner();
  const button = h("button", { type: "button", class: "edukit-button", "data-quiz": "export" }, t("quiz.export"));
  const status = h("p", { class: "edukit-quiz__export-status", "data-quiz": "export-status" });
  input.addEventListener("input", () => {
    store.setLearner(input.value);
    if (normalizeLearner(input.value)) input.removeAttribute("aria-invalid");
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing) {
      event.preventDefault();
      button.click();
    }
  });
  button.addEventListener("click", () => {
    const learner = normalizeLearner(input.value);
    if (!learner) {
      input.setAttribute("aria-invalid", "true");
      status.textContent = t("quiz.needName");
      say(status.textContent);
      input.focus();
      return;
    }
    store.setLearner(learner);
    try {
      const { name } = downloadProgress(store, { learner, doc });
      status.textContent = t("quiz.exported", { name });
    } catch (error) {
      status.textContent = t("quiz.exportFailed", { reason: error?.message ?? String(error) });
    }
    say(status.textContent);
  });
  const element = h(
    "div",
    { class: "edukit-quiz__export-box", role: "group", "aria-labelledby": titleId, "data-quiz": "export-box" },
    h("p", { class: "edukit-label", id: titleId }, t("quiz.exportTitle")),
    h("p", { class: "edukit-hint" }, t("quiz.exportIntro")),
    h("div", { class: "edukit-field" }, h("label", { for: input.id, class: "edukit-label" }, t("quiz.learner")), h("p", { id: hintId, class: "edukit-hint" }, t("quiz.learnerHint")), input),
    h("div", { class: "edukit-row" }, button),
    status,
  );
  return { element, input, button, status };
}

export default {
  render({ model, el }) {
    const lang = model.get("lang");
    const t = translator(lang, quizMessages);
    const store = courseStore(courseOf(model));
    // On the site, the progress panel exports; in a notebook the quiz offers it itself.
    const onSite = Boolean(el.closest?.("[data-edukit-mount]"));
    let unsubscribe = () => {};
    let onSynced = () => {};
    const hearKernel = (message) => onSynced(message);
    model.on("msg:custom", hearKernel);

    function build() {
      unsubscribe();
      const payload = model.get("payload") ?? {};
      const items = Array.isArray(payload.items) ? payload.items : [];
      const mode = payload.mode === "evaluation" ? "evaluation" : "practice";
      const limit = Math.max(0, Number(model.get("attempts")) || 0);
      const storeKey = model.get("key") || "quiz:unnamed";
      if (!items.length) {
        // The runtime shows the Python side's problem (a bad bank) under the widget.
        el.replaceChildren(model.get("error") ? "" : h("p", { class: "edukit-note" }, t("quiz.empty")));
        return;
      }
      const live = liveRegion();
      const titleId = uid("quiz-title");
      const summary = h("p", { class: "edukit-quiz__summary", "data-quiz": "summary" });
      const reset = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-quiz": "reset" }, t("quiz.reset"));
      const purpose = model.get("purpose") || "";
      const exportable = mode === "evaluation" && (purpose === "positionnement" || purpose === "evaluation-finale");
      const exportHint = h("p", { class: "edukit-quiz__export", "data-quiz": "export-hint", hidden: true }, t("quiz.exportHint"));
      const paged = isPaged({ onSite, mode, count: items.length });
      let current = 0;
      const positionId = uid("quiz-position");
      const position = h("p", { id: positionId, class: "edukit-quiz__position-text", "data-quiz": "position" });
      const progressBar = h("progress", { class: "edukit-quiz__progress", max: String(items.length), value: "0", "aria-label": t("quiz.progressLabel"), "data-quiz": "progress" });
      const previous = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-quiz": "previous" }, t("quiz.previous"));
      const next = h("button", { type: "button", class: "edukit-button", "data-quiz": "next" }, t("quiz.next"));
      let record = emptyRecord();
      const states = items.map(() => blankState());
      const questions = [];

      const say = (text) => announce(live, text);
      let writing = false;

      function save() {
        record = quizRecord({ items, states, mode, purpose, lesson: model.get("lesson") || "" });
        writing = true;
        try {
          store.set(storeKey, record);
        } finally {
          writing = false;
        }
        sendToRoom();
      }

      // In a notebook with a training room: the kernel sends the record (its token stays there).
      const syncStatus = h("p", { class: "edukit-hint", "data-quiz": "sync-status", hidden: true });
      function sendToRoom() {
        if (onSite || !model.get("classroom_sync")) return;
        const entry = store.entries().find((found) => found.key === storeKey);
        if (!entry || !entry.value) return;
        model.send({ type: "sync", records: [{ key: storeKey, updated: entry.updated ?? null, value: entry.value }] });
        syncStatus.hidden = false;
        syncStatus.textContent = t("quiz.syncing");
      }
      onSynced = (message) => {
        if (!message || message.type !== "synced") return;
        syncStatus.hidden = false;
        syncStatus.textContent = message.ok ? t("quiz.synced") : t("quiz.syncFailed", { reason: String(message.reason ?? "") });
        say(syncStatus.textContent);
      };

      function showSummary() {
        const score = states.reduce((sum, state) => sum + (state.tries ? state.score : 0), 0);
        const done = states.filter((state) => state.done).length;
        const unknown = states.filter((state) => state.tries > 0 && state.dontKnow).length;
        const text =
          done === items.length
            ? t("quiz.finalScore", { score: decimal(score, lang), total: items.length, percent: percent(score / items.length, lang) })
            : t("quiz.score", { score: decimal(score, lang), total: items.length, answered: done });
        summary.textContent = unknown ? `${text} ${t("quiz.dontKnowCount", { count: unknown })}` : text;
        reset.hidden = mode === "evaluation" || !states.some((state) => state.tries > 0);
        exportHint.hidden = !exportable || done !== items.length;
        if (paged) showPage(current, false);
      }

      // Paged quizzes: one question shown, the others hidden; the focus goes to the question.
      function showPage(index, focus) {
        current = Math.max(0, Math.min(items.length - 1, index));
        questions.forEach((question, i) => (question.entry.hidden = i !== current));
        const done = states.filter((state) => state.done).length;
        position.textContent = t("quiz.progress", { number: current + 1, total: items.length, done });
        progressBar.value = done;
        previous.disabled = current === 0;
        next.disabled = current === items.length - 1;
        if (!focus) return;
        const question = questions[current];
        focusAfterPaint(states[current].open && !states[current].done ? question.controls.first() ?? question.feedback : question.feedback.hidden ? question.legend : question.feedback);
      }
      previous.addEventListener("click", () => showPage(current - 1, true));
      next.addEventListener("click", () => showPage(current + 1, true));

      function statusText(index) {
        const state = states[index];
        if (state.dontKnow) return t("quiz.dontKnowStatus");
        const kind = statusOf(state.score);
        if (kind === "partial") return t("quiz.partial", { percent: percent(state.score, lang) });
        return t(kind === "ok" ? "quiz.correct" : "quiz.incorrect");
      }

      function triesText(index) {
        const state = states[index];
        if (mode === "evaluation" && state.done) return t("quiz.locked");
        if (state.done) return state.score >= 1 ? "" : t("quiz.noTriesLeft");
        if (limit) return t("quiz.triesLeft", { count: limit - state.tries });
        return t("quiz.tryAgain");
      }

      function showQuestion(index) {
        const question = questions[index];
        const state = states[index];
        const { item, controls, feedback, submit, dontKnow, retry, reveal, attempt } = question;
        const answered = state.tries > 0;
        const editing = state.open && !state.done;
        controls.lock(!editing);
        controls.marks(editing || state.dontKnow ? undefined : state.answer, state.done);
        submit.hidden = !editing;
        dontKnow.hidden = !editing;
        retry.hidden = editing || state.done;
        reveal.hidden = editing || state.done || mode !== "practice";
        attempt.textContent = limit > 1 && !state.done && editing ? t("quiz.attempt", { number: state.tries + 1, max: limit }) : "";
        feedback.replaceChildren();
        feedback.className = "edukit-quiz__feedback";
        if (!answered || editing) {
          feedback.hidden = true;
          return;
        }
        feedback.hidden = false;
        const kind = state.dontKnow ? "unknown" : statusOf(state.score);
        feedback.classList.add(`edukit-quiz__feedback--${kind}`);
        feedback.append(h("p", { class: `edukit-quiz__status edukit-${kind}`, "data-quiz": "status" }, icon(kind), " ", statusText(index)));
        const practice = item.practice;
        if (practice && !state.dontKnow) {
          const general = state.score >= 1 ? practice.feedback_correct : practice.feedback_incorrect;
          if (general) feedback.append(h("p", { "data-quiz": "general" }, general));
        }
        const tries = triesText(index);
        if (tries) feedback.append(h("p", { class: "edukit-quiz__tries" }, tries));
        if (practice && state.done) {
          const expected = state.score >= 1 ? null : controls.expected();
          if (expected) feedback.append(typeof expected === "string" ? h("p", { "data-quiz": "expected" }, expected) : expected);
          if (practice.explanation) feedback.append(h("p", { "data-quiz": "explanation" }, h("strong", {}, t("quiz.explanation")), practice.explanation));
          const source = practice.source;
          if (source && source.title) {
            const parts = [source.publisher, source.date, source.section].filter(Boolean);
            const href = source.url ? safeUrl(source.url) : null;
            const title = href ? h("a", { href, rel: "noopener noreferrer external" }, source.title) : source.title;
            feedback.append(
              h(
                "p",
                { class: "edukit-quiz__source", "data-quiz": "source" },
                h("strong", {}, t("quiz.source")),
                title,
                parts.length ? `, ${parts.join(", ")}` : "",
                source.url && !href ? ` (${source.url})` : "",
              ),
            );
          }
        }
      }

      async function submitQuestion(index) {
        const question = questions[index];
        const state = states[index];
        if (question.busy || state.done || !state.open) return;
        const answer = question.controls.read();
        if (answer === undefined) {
          question.note.textContent = t("quiz.missing");
          question.note.hidden = false;
          say(t("quiz.missing"));
          return;
        }
        if (question.item.type === "numeric" && parseNumber(answer, question.item.unit) === null) {
          question.note.textContent = t("quiz.notANumber", { text: answer.trim() });
          question.note.hidden = false;
          say(question.note.textContent);
          return;
        }
        question.note.hidden = true;
        question.busy = true;
        let score;
        try {
          score = await checkAnswer(question.item, answer);
        } finally {
          question.busy = false;
        }
        state.answer = answer;
        state.score = score;
        state.tries += 1;
        state.open = false;
        state.dontKnow = false;
        state.answered = new Date().toISOString();
        state.done = score >= 1 || (limit > 0 && state.tries >= limit);
        afterAnswer(index);
      }

      // « Je ne sais pas »: an attempt worth 0, recorded and marked as such.
      function dontKnowQuestion(index) {
        const question = questions[index];
        const state = states[index];
        if (question.busy || state.done || !state.open) return;
        question.note.hidden = true;
        states[index] = dontKnowState(state, limit, new Date().toISOString());
        question.controls.write(emptyAnswer(question.item));
        afterAnswer(index);
      }

      function afterAnswer(index) {
        const question = questions[index];
        save();
        showQuestion(index);
        showSummary();
        focusAfterPaint(!question.retry.hidden ? question.retry : question.feedback);
        const done = states.every((entry) => entry.done);
        const status = [statusText(index), triesText(index)].filter(Boolean).join(" ");
        say([t("quiz.announce", { number: index + 1, status }), done ? summary.textContent : ""].filter(Boolean).join(" "));
      }

      items.forEach((item, index) => {
        const number = index + 1;
        const question = { item, busy: false };
        const ctx = { t, lang, number, say, submit: () => submitQuestion(index) };
        const controls = controlsFor(item, ctx);
        const hintId = uid("quiz-hint");
        const legend = h("legend", { class: "edukit-quiz__legend", tabindex: "-1" }, h("span", { class: "edukit-quiz__number" }, t("quiz.questionOf", { number, total: items.length })), h("span", { class: "edukit-quiz__prompt" }, item.prompt));
        const note = h("p", { class: "edukit-quiz__note", hidden: true, "data-quiz": "note" });
        const submit = h("button", { type: "button", class: "edukit-button", "data-quiz": "submit" }, t("quiz.submit"));
        const dontKnow = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-quiz": "dont-know", "aria-label": t("quiz.dontKnowLabel", { number }) }, t("quiz.dontKnow"));
        const retry = h("button", { type: "button", class: "edukit-button", "data-quiz": "retry", hidden: true }, t("quiz.retry"));
        const reveal = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-quiz": "reveal", hidden: true }, t("quiz.reveal"));
        const attempt = h("span", { class: "edukit-quiz__attempt" });
        const feedback = h("div", { class: "edukit-quiz__feedback", tabindex: "-1", hidden: true, "data-quiz": "feedback" });
        const fieldset = h(
          "fieldset",
          { class: "edukit-quiz__question", "aria-describedby": hintId, "data-quiz-item": item.id, "data-quiz-type": item.type },
          legend,
          h("p", { id: hintId, class: "edukit-hint" }, t(`quiz.hint.${item.type}`)),
          controls.nodes,
          note,
          h("div", { class: "edukit-row edukit-quiz__actions" }, submit, dontKnow, retry, reveal, attempt),
          feedback,
        );
        submit.addEventListener("click", () => submitQuestion(index));
        dontKnow.addEventListener("click", () => dontKnowQuestion(index));
        retry.addEventListener("click", () => {
          states[index].open = true;
          showQuestion(index);
          controls.first()?.focus();
        });
        reveal.addEventListener("click", () => {
          states[index].done = true;
          save();
          showQuestion(index);
          showSummary();
          feedback.focus();
          say(feedback.textContent);
        });
        Object.assign(question, { controls, feedback, submit, dontKnow, retry, reveal, attempt, note, fieldset, legend, entry: h("li", {}, fieldset) });
        questions.push(question);
      });

      function restore() {
        const saved = store.get(storeKey);
        record = saved && saved.version === RECORD_VERSION && saved.items ? saved : emptyRecord();
        items.forEach((item, index) => {
          states[index] = restoredState(item, record.items[item.id], limit);
          const state = states[index];
          if (state.tries > 0) questions[index].controls.write(state.dontKnow ? emptyAnswer(item) : state.answer);
          showQuestion(index);
        });
        showSummary();
      }

      reset.addEventListener("click", () => {
        store.remove(storeKey);
        for (const question of questions) question.note.hidden = true;
        restore();
        items.forEach((item, index) => questions[index].controls.write(emptyAnswer(item)));
        if (paged) showPage(0, false);
        questions[0].controls.first()?.focus();
        say(t("quiz.resetDone"));
      });

      // A test shows the export open; a practice quiz keeps it folded under its button name.
      function notebookExport() {
        const box = exportBox({ store, t, say, doc: el.ownerDocument ?? document }).element;
        if (mode === "evaluation") return box;
        return h("details", { class: "edukit-quiz__export-details", "data-quiz": "export-details" }, h("summary", {}, t("quiz.export")), box);
      }

      const title = model.get("title");
      el.replaceChildren(
        h(
          "section",
          { class: "edukit-quiz", "aria-labelledby": titleId, "data-quiz-mode": mode },
          h("p", { id: titleId, class: "edukit-quiz__title" }, title || t("quiz.label")),
          h("p", { class: "edukit-quiz__intro" }, t(`quiz.intro.${mode}`)),
          paged ? h("div", { class: "edukit-quiz__pager", "data-quiz": "pager" }, position, progressBar) : null,
          h("ol", { class: "edukit-quiz__list" }, questions.map((question) => question.entry)),
          paged ? h("div", { class: "edukit-row edukit-quiz__nav" }, previous, next) : null,
          h("div", { class: "edukit-row edukit-quiz__footer" }, summary, reset),
          exportHint,
          syncStatus,
          onSite ? null : notebookExport(),
          live,
        ),
      );
      restore();
      if (paged) showPage(firstOpenQuestion(states), false);
      // Answers saved before (or while the room was away) go again when the quiz is shown.
      if (Object.keys(record.items ?? {}).length) sendToRoom();
      unsubscribe = store.subscribe((key) => {
        if (key === storeKey && !writing) restore();
      });
    }

    function emptyAnswer(item) {
      if (item.type === "multiple") return [];
      if (item.type === "matching") return {};
      if (item.type === "ordering") return item.options.map((option) => option.id);
      return item.type === "short" || item.type === "numeric" ? "" : null;
    }

    build();
    const releaseKeys = keepKeys(el, QUIZ_KEYS);
    const rebuild = () => build();
    model.on("change:payload", rebuild);
    model.on("change:attempts", rebuild);
    model.on("change:title", rebuild);
    model.on("change:key", rebuild);
    model.on("change:purpose", rebuild);
    model.on("change:lesson", rebuild);
    return () => {
      unsubscribe();
      releaseKeys();
      model.off("msg:custom", hearKernel);
      model.off("change:payload", rebuild);
      model.off("change:attempts", rebuild);
      model.off("change:title", rebuild);
      model.off("change:key", rebuild);
      model.off("change:purpose", rebuild);
      model.off("change:lesson", rebuild);
    };
  },
};
