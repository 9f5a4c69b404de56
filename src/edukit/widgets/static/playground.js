// The prompt playground (« bac à sable des requêtes »): the course's mini model word by word,
// prompt variants side by side with the French checklist, ratings, history export, and real
// models — through Python in JupyterLab, or straight from the page to an OpenAI-compatible
// service (key in sessionStorage only). Model output is always text, never HTML.
// The pure helpers below are exported for node's test runner (tests/js/playground.test.mjs).
import { announce, h, keepKeys, labelledField, liveRegion, prefersReducedMotion, uid } from "./a11y.js";
import { translator } from "./i18n.js";
import { BOS, continuations, detokenize, distribution, generate, loadModel, tokenize } from "./minimodel.js";
import { scanText } from "./pii.js";

// -- text ---------------------------------------------------------------------------------------

const CATALOGUE = {
  fr: {
    title: "Bac à sable des requêtes",
    "mode.label": "Activité",
    "mode.next": "Le mot suivant",
    "mode.prompts": "Comparer des requêtes",
    "info.model": "Mini modèle entraîné sur {source} : {words} mots lus, {vocab} mots de vocabulaire gardés. Il fonctionne sans internet, sur cet appareil.",
    "info.noModel": "Le mini modèle n'est pas disponible ici.",
    "next.prompt": "Début du texte",
    "next.promptHint": "Tapez le début d'une phrase, puis demandez le mot suivant.",
    "next.settings": "Réglages du tirage",
    "next.temperature": "Température : {value}",
    "next.temperatureHint": "0 : toujours le mot le plus probable. 2 : beaucoup de hasard.",
    "next.topk": "Top-k (0 = tous les mots)",
    "next.topkHint": "Le tirage se fait seulement parmi les k mots les plus probables.",
    "next.seed": "Graine du hasard",
    "next.seedHint": "Même graine et mêmes réglages : mêmes mots.",
    "next.words": "Nombre de mots à générer",
    "next.one": "Ajouter le mot suivant",
    "next.many": "Générer {count} mots",
    "next.redraw": "Nouveau tirage",
    "next.reset": "Recommencer",
    "next.text": "Texte obtenu",
    "next.empty": "(le texte apparaîtra ici)",
    "next.distribution": "Mots possibles après « {context} »",
    "next.distributionStart": "Mots possibles en début de texte",
    "next.context": "Le modèle regarde les {count} derniers mots : « {words} ».",
    "next.context.one": "Le modèle regarde le dernier mot : « {words} ».",
    "next.contextNone": "Le modèle ne connaît pas ces mots : il propose les mots les plus fréquents du cours.",
    "next.greedy": "Température 0 : le modèle prend toujours le premier mot de la liste.",
    "next.others": "Autres mots : {percent} au total.",
    "next.none": "Le mini modèle n'a plus de suite à proposer.",
    "next.row": "{word} : {percent}",
    "next.added.one": "{count} mot ajouté : {words}",
    "next.added.other": "{count} mots ajoutés : {words}",
    "memo.title": "Le mini modèle récite-t-il par cœur ?",
    "memo.intro": "Ces débuts de phrase viennent du cours. Avec la température à 0, le mini modèle ressort la suite exacte du texte qu'il a lu. Il ne garde que les suites vues au moins deux fois : il récite surtout les passages répétés, comme les références de lois.",
    "memo.try": "Essayer « {prompt} »",
    "memo.result": "Les {count} mots surlignés se suivent exactement ainsi dans le texte d'entraînement ({origin}). Le modèle ne « sait » rien : il a appris ce passage par cœur.",
    "memo.none": "Aucun exemple de récitation n'a été trouvé pour ce texte d'entraînement.",
    "prompts.backend": "Modèle utilisé",
    "prompts.mini": "Mini modèle du cours (hors ligne, sur cet appareil)",
    "prompts.kernel": "{label} (par Python, dans JupyterLab)",
    "prompts.remote": "Service compatible OpenAI (à configurer)",
    "prompts.miniNote": "Le mini modèle ne suit pas les consignes : il continue votre texte avec des mots du cours. Il sert à voir la grille et le mécanisme, pas à obtenir une vraie réponse.",
    "prompts.miniContext": "Il ne lit que les {count} derniers mots de chaque requête : deux requêtes qui finissent par les mêmes mots reçoivent la même suite, même si leurs consignes diffèrent.",
    "mini.same": "Les réponses {letters} sont identiques, et c'est normal : le mini modèle a continué après les mêmes derniers mots ({contexts}) avec le même tirage. Il n'a pas lu vos consignes.",
    "mini.different": "Les réponses diffèrent seulement parce que les requêtes ne finissent pas par les mêmes mots ({contexts}) : le mini modèle continue le texte, il ne suit pas les consignes.",
    "mini.context": "« {words} » pour {letter}",
    "mini.and": "et",
    "mini.noContext": "aucun mot connu pour {letter}",
    "mini.real": "Pour comparer de vraies réponses côte à côte, choisissez un service réel (celui de la salle de formation ou un service compatible OpenAI).",
    "remote.title": "Service distant",
    "remote.base": "Adresse du service (URL de base)",
    "remote.baseHint": "Par exemple http://127.0.0.1:11434/v1 pour Ollama sur cet ordinateur.",
    "remote.model": "Nom du modèle",
    "remote.key": "Clé d'API (facultative)",
    "remote.keyHint": "La clé reste dans cet onglet (stockage de session) et s'efface à sa fermeture. Elle n'est jamais enregistrée dans la page ni sur le site.",
    "remote.save": "Garder pour cette session",
    "remote.forget": "Oublier la clé",
    "remote.saved": "Réglages gardés pour cette session.",
    "remote.forgotten": "Clé oubliée.",
    "remote.keyKept": "Une clé est gardée pour cette session.",
    "remote.keyNone": "Aucune clé gardée.",
    "remote.salle": "Service de la salle de formation : aucune clé à saisir, le formateur ou la formatrice s'en occupe.",
    "remote.missing": "Indiquez l'adresse du service et le nom du modèle.",
    "settings.temperature": "Température de la réponse (0 à 2)",
    "settings.maxTokens": "Longueur maximale de la réponse (en jetons)",
    "variant.name": "Requête {letter}",
    "variant.send": "Envoyer la requête {letter}",
    "variant.stop": "Arrêter",
    "variant.answer": "Réponse {letter}",
    "variant.add": "Ajouter une variante",
    "variant.remove": "Retirer la dernière variante",
    "variant.sendAll": "Envoyer toutes les requêtes",
    "variant.empty": "La requête {letter} est vide.",
    "check.title": "Grille de la requête",
    "check.score.one": "{score} point de la grille sur {total}",
    "check.score.other": "{score} points de la grille sur {total}",
    "check.found": "Présent",
    "check.missing": "Absent",
    "check.evidence": "Mots repérés : {list}.",
    "check.same": "Les requêtes cochent les mêmes points de la grille.",
    "status.waiting": "En attente…",
    "status.streaming": "Réponse en cours…",
    "status.done": "Réponse terminée.",
    "status.stopped": "Réponse arrêtée.",
    "status.error": "Erreur : {message}",
    "status.doneLive": "Réponse {letter} terminée.",
    "status.startLive": "Réponse {letter} en cours.",
    "tokens.estimate": "Jetons (estimation : mots et signes × 1,1) : requête {prompt}, réponse {output}.",
    "tokens.exact": "Jetons : requête {prompt}, réponse {output} ({method}).",
    "impact.mini": "Calcul fait sur cet appareil en {ms} ms : un impact négligeable.",
    "impact.compare": "Le même nombre de jetons produit par « {label} » : {energy} Wh et {gwp} g CO2e.",
    "impact.call": "Estimation pour « {label} » : {energy} Wh et {gwp} g CO2e.",
    "impact.source": "Source : {source}",
    "impact.reference": "Modèle de référence pour l'estimation d'impact",
    "impact.none": "Pas d'estimation d'impact disponible ici.",
    "rubric.title": "Noter cette réponse",
    "rubric.unset": "— pas de note —",
    "rubric.saved": "Note enregistrée dans l'historique.",
    "guard.title": "Attention : données personnelles",
    "guard.intro": "Avant d'envoyer vers un service extérieur, vérifiez ces éléments. Rien n'a été envoyé.",
    "guard.variant": "Requête {letter} : {list}",
    "guard.anonymise": "Remplacer par la version anonymisée et envoyer",
    "guard.confirm": "Envoyer quand même",
    "guard.cancel": "Annuler",
    "guard.cancelled": "Envoi annulé : rien n'a été envoyé.",
    "pii.EMAIL": "adresse électronique",
    "pii.PHONE": "numéro de téléphone",
    "pii.NIR": "numéro de sécurité sociale",
    "pii.IBAN": "IBAN",
    "pii.CARD": "numéro de carte bancaire",
    "pii.BIRTH_DATE": "date de naissance",
    "pii.ADDRESS": "adresse postale",
    "pii.PERSON": "nom de personne",
    "history.title": "Historique",
    "history.count.one": "{count} essai dans cette page. L'historique n'est pas enregistré : téléchargez-le pour le garder.",
    "history.count.other": "{count} essais dans cette page. L'historique n'est pas enregistré : téléchargez-le pour le garder.",
    "history.json": "Télécharger l'historique (JSON)",
    "history.markdown": "Télécharger l'historique (Markdown)",
    "history.clear": "Effacer l'historique",
    "history.cleared": "Historique effacé.",
    "error.network": "Le service {url} ne répond pas, ou le navigateur a bloqué l'appel. Vérifiez l'adresse, que le service est lancé, et qu'il autorise ce site (CORS : OLLAMA_ORIGINS pour Ollama, --cors pour LM Studio).",
    "error.auth": "Clé d'API refusée (erreur {status}). Vérifiez la clé : elle est peut-être expirée ou mal copiée.",
    "error.notFound": "Modèle « {model} » ou adresse introuvable (erreur 404). Vérifiez le nom du modèle et l'adresse (elle se termine souvent par /v1).",
    "error.rate": "Trop de requêtes (erreur 429) : attendez une minute puis réessayez.",
    "error.server": "Le service a rencontré une erreur interne (erreur {status}). Réessayez plus tard.",
    "error.bad": "Requête refusée par le service (erreur {status}).",
    "error.stream": "Le flux de réponse s'est interrompu ou est mal formé ({detail}). Réessayez.",
    "error.kernel": "Python ne répond pas : relancez la cellule du bac à sable.",
  },
  en: {
    title: "Prompt playground",
    "mode.label": "Activity",
    "mode.next": "The next word",
    "mode.prompts": "Compare prompts",
    "info.model": "Mini model trained on {source}: {words} words read, {vocab} vocabulary words kept. It works offline, on this device.",
    "info.noModel": "The mini model is not available here.",
    "next.prompt": "Start of the text",
    "next.promptHint": "Type the start of a sentence, then ask for the next word.",
    "next.settings": "Sampling settings",
    "next.temperature": "Temperature: {value}",
    "next.temperatureHint": "0: always the most likely word. 2: a lot of chance.",
    "next.topk": "Top-k (0 = every word)",
    "next.topkHint": "Words are drawn only among the k most likely ones.",
    "next.seed": "Random seed",
    "next.seedHint": "Same seed and same settings: same words.",
    "next.words": "Number of words to generate",
    "next.one": "Add the next word",
    "next.many": "Generate {count} words",
    "next.redraw": "New draw",
    "next.reset": "Start again",
    "next.text": "Text so far",
    "next.empty": "(the text will appear here)",
    "next.distribution": "Possible words after “{context}”",
    "next.distributionStart": "Possible words at the start",
    "next.context": "The model looks at the last {count} words: “{words}”.",
    "next.context.one": "The model looks at the last word: “{words}”.",
    "next.contextNone": "The model does not know these words: it offers the course's most frequent words.",
    "next.greedy": "Temperature 0: the model always takes the first word of the list.",
    "next.others": "Other words: {percent} in all.",
    "next.none": "The mini model has no continuation left.",
    "next.row": "{word}: {percent}",
    "next.added.one": "{count} word added: {words}",
    "next.added.other": "{count} words added: {words}",
    "memo.title": "Does the mini model recite by heart?",
    "memo.intro": "These sentence starts come from the course. At temperature 0, the mini model gives back the exact text it read. It keeps only continuations seen at least twice: it recites mostly repeated passages, such as references to laws.",
    "memo.try": "Try “{prompt}”",
    "memo.result": "The {count} highlighted words appear exactly in this order in the training text ({origin}). The model “knows” nothing: it learnt this passage by heart.",
    "memo.none": "No recitation example was found for this training text.",
    "prompts.backend": "Model used",
    "prompts.mini": "The course's mini model (offline, on this device)",
    "prompts.kernel": "{label} (through Python, in JupyterLab)",
    "prompts.remote": "OpenAI-compatible service (to configure)",
    "prompts.miniNote": "The mini model does not follow instructions: it continues your text with words from the course. Use it to see the checklist and the mechanics, not to get a real answer.",
    "prompts.miniContext": "It reads only the last {count} words of each prompt: two prompts that end with the same words get the same continuation, even when their instructions differ.",
    "mini.same": "Answers {letters} are identical, as expected: the mini model continued after the same last words ({contexts}) with the same draw. It did not read your instructions.",
    "mini.different": "The answers differ only because the prompts do not end with the same words ({contexts}): the mini model continues the text, it does not follow instructions.",
    "mini.context": "“{words}” for {letter}",
    "mini.and": "and",
    "mini.noContext": "no known word for {letter}",
    "mini.real": "To compare real answers side by side, choose a real service (the training room's or an OpenAI-compatible one).",
    "remote.title": "Remote service",
    "remote.base": "Service address (base URL)",
    "remote.baseHint": "For example http://127.0.0.1:11434/v1 for Ollama on this computer.",
    "remote.model": "Model name",
    "remote.key": "API key (optional)",
    "remote.keyHint": "The key stays in this tab (session storage) and is erased when the tab closes. It is never saved in the page or on the site.",
    "remote.save": "Keep for this session",
    "remote.forget": "Forget the key",
    "remote.saved": "Settings kept for this session.",
    "remote.forgotten": "Key forgotten.",
    "remote.keyKept": "A key is kept for this session.",
    "remote.keyNone": "No key kept.",
    "remote.salle": "The training room's service: no key to type, the trainer takes care of it.",
    "remote.missing": "Give the service address and the model name.",
    "settings.temperature": "Answer temperature (0 to 2)",
    "settings.maxTokens": "Maximum answer length (in tokens)",
    "variant.name": "Prompt {letter}",
    "variant.send": "Send prompt {letter}",
    "variant.stop": "Stop",
    "variant.answer": "Answer {letter}",
    "variant.add": "Add a variant",
    "variant.remove": "Remove the last variant",
    "variant.sendAll": "Send every prompt",
    "variant.empty": "Prompt {letter} is empty.",
    "check.title": "Prompt checklist",
    "check.score.one": "{score} checklist point out of {total}",
    "check.score.other": "{score} checklist points out of {total}",
    "check.found": "Present",
    "check.missing": "Missing",
    "check.evidence": "Words found: {list}.",
    "check.same": "The prompts tick the same checklist points.",
    "status.waiting": "Waiting…",
    "status.streaming": "Answer on its way…",
    "status.done": "Answer complete.",
    "status.stopped": "Answer stopped.",
    "status.error": "Error: {message}",
    "status.doneLive": "Answer {letter} complete.",
    "status.startLive": "Answer {letter} on its way.",
    "tokens.estimate": "Tokens (estimate: words and signs × 1.1): prompt {prompt}, answer {output}.",
    "tokens.exact": "Tokens: prompt {prompt}, answer {output} ({method}).",
    "impact.mini": "Computed on this device in {ms} ms: a negligible impact.",
    "impact.compare": "The same number of tokens from “{label}”: {energy} Wh and {gwp} g CO2e.",
    "impact.call": "Estimate for “{label}”: {energy} Wh and {gwp} g CO2e.",
    "impact.source": "Source: {source}",
    "impact.reference": "Reference model for the impact estimate",
    "impact.none": "No impact estimate available here.",
    "rubric.title": "Rate this answer",
    "rubric.unset": "— no rating —",
    "rubric.saved": "Rating saved in the history.",
    "guard.title": "Warning: personal data",
    "guard.intro": "Check these items before sending to an outside service. Nothing has been sent.",
    "guard.variant": "Prompt {letter}: {list}",
    "guard.anonymise": "Replace with the anonymised version and send",
    "guard.confirm": "Send anyway",
    "guard.cancel": "Cancel",
    "guard.cancelled": "Sending cancelled: nothing was sent.",
    "pii.EMAIL": "e-mail address",
    "pii.PHONE": "phone number",
    "pii.NIR": "social security number",
    "pii.IBAN": "IBAN",
    "pii.CARD": "card number",
    "pii.BIRTH_DATE": "date of birth",
    "pii.ADDRESS": "postal address",
    "pii.PERSON": "person's name",
    "history.title": "History",
    "history.count.one": "{count} attempt on this page. The history is not saved: download it to keep it.",
    "history.count.other": "{count} attempts on this page. The history is not saved: download it to keep it.",
    "history.json": "Download the history (JSON)",
    "history.markdown": "Download the history (Markdown)",
    "history.clear": "Clear the history",
    "history.cleared": "History cleared.",
    "error.network": "The service {url} does not answer, or the browser blocked the call. Check the address, that the service runs, and that it allows this site (CORS: OLLAMA_ORIGINS for Ollama, --cors for LM Studio).",
    "error.auth": "API key refused (error {status}). Check the key: it may have expired or been badly copied.",
    "error.notFound": "Model “{model}” or address not found (error 404). Check the model name and the address (it often ends with /v1).",
    "error.rate": "Too many requests (error 429): wait a minute and try again.",
    "error.server": "The service had an internal error (error {status}). Try again later.",
    "error.bad": "Request refused by the service (error {status}).",
    "error.stream": "The answer stream broke off or is malformed ({detail}). Try again.",
    "error.kernel": "Python does not answer: run the playground's cell again.",
  },
};

const LETTERS = ["A", "B", "C", "D"];

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

function range([low, high], lang) {
  const a = formatNumber(low, lang);
  const b = formatNumber(high, lang);
  return a === b ? a : `${a}–${b}`;
}

// -- the prompt checklist (edukit.llm._checklist, mirrored line for line) ----------------------
// Python ships the rules as translated patterns (the last entry of `checks` holds the engine's
// shared tables). The steps below follow edukit/llm/_checklist.py exactly: tests/js/
// test_checklist_parity.py compares both on the whole labelled corpus. Offsets returned are in
// code points, as in Python.

const compiledChecks = new WeakMap();

function compileChecks(checks) {
  let compiled = compiledChecks.get(checks);
  if (compiled) return compiled;
  const engine = checks.find((check) => check.id === "_engine");
  const elements = checks.filter((check) => check.id !== "_engine");
  // ASCII semantics, like Python's re.ASCII (the text is folded first): no "u" flag.
  const g = (pattern) => new RegExp(pattern, "gim");
  const one = (pattern) => (pattern ? new RegExp(pattern, "im") : null);
  const seg = {};
  for (const [key, pattern] of Object.entries(engine.segment)) seg[key] = { g: g(pattern), one: one(pattern) };
  const foldChars = Object.keys(engine.fold).map((c) => c.replace(/[\\\]^-]/g, "\\$&")).join("");
  compiled = {
    engine,
    seg,
    foldRe: new RegExp(`[${foldChars}]`, "g"),
    elements: elements.map((element, index) => ({
      element,
      rules: (engine.elements[index]?.rules || []).map((rule) => ({ re: g(rule.pattern), before: one(rule.before), notBefore: one(rule.not_before) })),
      vetoes: (engine.elements[index]?.vetoes || []).map(g),
    })),
  };
  compiledChecks.set(checks, compiled);
  return compiled;
}

const overlaps = (start, end, spans) => spans.some(([a, b]) => start < b && a < end);
const SPACES = " \t\n\r\f\v";
const isSpace = (ch) => ch !== undefined && ch !== "" && SPACES.includes(ch);
const trimStartSpaces = (text) => {
  let i = 0;
  while (i < text.length && isSpace(text[i])) i += 1;
  return text.slice(i);
};
const isBlank = (text) => trimStartSpaces(text) === "";

function maskText(text, blocks) {
  if (!blocks.length) return text;
  const chars = text.split("");
  for (const block of blocks) for (let i = block.start; i < block.end; i++) if (chars[i] !== "\n") chars[i] = " ";
  return chars.join("");
}

function clauseStart(text, position) {
  let start = 0;
  if (position === 0) return 0;
  for (const mark of ".!?\n") start = Math.max(start, text.lastIndexOf(mark, position - 1) + 1);
  return start;
}

/** The index `count` code points before `index` (never below 0). */
function backCodePoints(text, index, count) {
  let i = index;
  for (let n = 0; n < count && i > 0; n++) {
    i -= 1;
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) {
      const high = text.charCodeAt(i - 1);
      if (high >= 0xd800 && high <= 0xdbff) i -= 1;
    }
  }
  return i;
}

function exampleCue(c, window) {
  const requests = [...window.matchAll(c.seg.example_request.g)].map((m) => [m.index, m.index + m[0].length]);
  let found = null;
  for (const m of window.matchAll(c.seg.example_cue.g)) {
    const end = m.index + m[0].length;
    if (end > m.index && !overlaps(m.index, end, requests)) found = [m.index, end];
  }
  return found;
}

function segmentPrompt(c, folded) {
  const blocks = [];
  const claimed = [];
  const claim = (kind, start, end, markerEnd, separated = true) => {
    if (end > start && !overlaps(start, end, claimed)) {
      claimed.push([start, end]);
      blocks.push({ kind, start, end, marker_start: start, marker_end: markerEnd, use: "data", separated, cue_start: -1, cue_end: -1 });
      return true;
    }
    return false;
  };
  for (const kind of ["fence", "triple", "tag", "rule"]) {
    for (const m of folded.matchAll(c.seg[kind].g)) {
      let markerEnd;
      if (kind === "tag") markerEnd = folded.indexOf(">", m.index) + 1;
      else if (kind === "rule") markerEnd = folded.indexOf("\n", m.index);
      else markerEnd = m.index + m[1].length;
      claim(kind, m.index, m.index + m[0].length, markerEnd);
    }
  }
  for (const m of folded.matchAll(c.seg.quote.g)) claim("quote", m.index, m.index + m[0].length, m.index + 1);
  for (const m of folded.matchAll(c.seg.header.g)) {
    const header = m[0];
    const mEnd = m.index + header.length;
    const lineStart = mEnd + 1;
    if (lineStart >= folded.length || overlaps(m.index, mEnd, claimed)) continue;
    const nextEnd = folded.indexOf("\n", lineStart);
    const nextLine = folded.slice(lineStart, nextEnd < 0 ? folded.length : nextEnd);
    if (isBlank(nextLine)) continue;
    const first = lineStart + (nextLine.length - trimStartSpaces(nextLine).length);
    if (overlaps(first, first + 1, claimed)) continue;
    const cue = exampleCue(c, header);
    if (!cue && (c.seg.instruction_header.one.test(header) || !(c.seg.data_header.one.test(header) || c.seg.task_header.one.test(header)))) continue;
    let end = folded.length;
    for (const [a] of claimed) if (a > lineStart) end = Math.min(end, a);
    for (const gap of folded.slice(lineStart, end).matchAll(c.seg.gap.g)) {
      const gapStart = lineStart + gap.index;
      const gapEnd = gapStart + gap[0].length;
      const lineEnd = folded.indexOf("\n", gapEnd);
      const line = folded.slice(gapEnd, lineEnd < 0 ? folded.length : lineEnd);
      if (c.seg.instruction_line.one.test(line)) {
        end = gapStart;
        break;
      }
    }
    while (end > lineStart && isSpace(folded[end - 1])) end -= 1;
    const headerStart = m.index + (header.length - trimStartSpaces(header).length);
    if (claim("lines", lineStart, end, lineStart)) {
      const block = blocks[blocks.length - 1];
      block.marker_start = headerStart;
      block.marker_end = mEnd;
      if (cue) {
        block.use = "example";
        block.cue_start = m.index + cue[0];
        block.cue_end = m.index + cue[1];
      }
    }
  }
  for (const m of folded.matchAll(c.seg.inline_example.g)) {
    const mEnd = m.index + m[0].length;
    const lineEnd = folded.indexOf("\n", mEnd);
    let end = lineEnd < 0 ? folded.length : lineEnd;
    while (end > mEnd && isSpace(folded[end - 1])) end -= 1;
    if (claim("inline", mEnd, end, mEnd, false)) {
      const [cueStart, cueEnd] = trimSpan(folded, m.index, folded.lastIndexOf(":", mEnd - 1));
      Object.assign(blocks[blocks.length - 1], { use: "example", cue_start: cueStart, cue_end: cueEnd });
    }
  }
  for (const m of folded.matchAll(c.seg.inline.g)) {
    const mEnd = m.index + m[0].length;
    const lineEnd = folded.indexOf("\n", mEnd);
    let end = lineEnd < 0 ? folded.length : lineEnd;
    while (end > mEnd && isSpace(folded[end - 1])) end -= 1;
    if (overlaps(mEnd, end, claimed) || c.seg.instruction_line.one.test(folded.slice(mEnd, end))) continue;
    claim("inline", mEnd, end, mEnd, false);
  }
  blocks.sort((x, y) => x.start - y.start);
  const masked = maskText(folded, blocks);
  let previous = null;
  for (const block of blocks) {
    if (block.use === "example") {
      previous = block;
      continue;
    }
    const windowStart = Math.max(backCodePoints(masked, block.start, c.engine.window), previous ? previous.end : 0);
    let window = masked.slice(windowStart, block.start);
    let cut = 0;
    for (const m of window.matchAll(c.seg.sentence_end.g)) cut = m.index + m[0].length;
    window = window.slice(cut);
    const offset = windowStart + cut;
    const cue = exampleCue(c, window);
    const gapText = previous ? masked.slice(previous.end, block.start) : "";
    const chainMatch = previous ? c.seg.chain.one.exec(gapText) : null;
    const chained = previous !== null && previous.use === "example" && chainMatch !== null && chainMatch.index === 0;
    if (cue) {
      block.use = "example";
      block.cue_start = offset + cue[0];
      block.cue_end = offset + cue[1];
    } else if (chained) {
      block.use = "example";
    } else if (block.kind === "quote") {
      const inner = folded.slice(block.start + 1, block.end - 1);
      const words = (inner.match(c.seg.words.g) || []).length;
      if (words < c.engine.quote_words) {
        block.use = "mention";
        block.separated = false;
      }
    }
    previous = block;
  }
  return blocks;
}

function trimSpan(text, start, end) {
  while (start < end && isSpace(text[start])) start += 1;
  while (end > start && isSpace(text[end - 1])) end -= 1;
  return [start, end];
}

/** The checklist of one prompt, as edukit.llm.analyse_prompt gives it (evidence included). */
export function analysePrompt(checks, prompt) {
  const c = compileChecks(checks);
  const text = String(prompt ?? "");
  const folded = text.replace(c.foldRe, (ch) => c.engine.fold[ch]);
  const blocks = segmentPrompt(c, folded);
  const instructions = maskText(folded, blocks);
  const astral = /[\uD800-\uDBFF]/.test(text);
  const cp = (index) => (astral ? Array.from(text.slice(0, index)).length : index);
  const cut = (start, end, limit) => {
    const piece = text.slice(start, end);
    return astral || piece.length > limit ? Array.from(piece).slice(0, limit).join("") : piece;
  };
  const items = c.elements.map(({ element, rules, vetoes }) => {
    const spans = [];
    const vetoSpans = vetoes.flatMap((veto) => [...instructions.matchAll(veto)].map((m) => [m.index, m.index + m[0].length]));
    for (const rule of rules) {
      for (const m of instructions.matchAll(rule.re)) {
        const end = m.index + m[0].length;
        if (end === m.index || overlaps(m.index, end, vetoSpans)) continue;
        if (rule.before || rule.notBefore) {
          const clause = instructions.slice(clauseStart(instructions, m.index), m.index);
          if (rule.before && !rule.before.test(clause)) continue;
          if (rule.notBefore && rule.notBefore.test(clause)) continue;
        }
        const [a, b] = trimSpan(instructions, m.index, end);
        if (b > a) spans.push([a, b]);
      }
    }
    if (element.id === "examples") {
      for (const block of blocks) if (block.use === "example" && block.cue_start >= 0) spans.push([block.cue_start, block.cue_end]);
      const firstExample = blocks.find((block) => block.use === "example");
      if (!spans.length && firstExample) spans.push([firstExample.marker_start, firstExample.marker_end]);
    }
    if (element.id === "separated_data") {
      for (const block of blocks) if (block.use === "data" && block.separated) spans.push([block.marker_start, block.marker_end]);
    }
    spans.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const kept = [];
    for (const span of spans) if (!kept.length || span[0] >= kept[kept.length - 1][1]) kept.push(span);
    const limit = element.id === "separated_data" ? c.engine.block_evidence_chars : c.engine.evidence_chars;
    const evidence = kept.slice(0, c.engine.max_evidence).map(([a, b]) => ({ start: cp(a), end: cp(b), text: cut(a, b, limit) }));
    const found = evidence.length > 0;
    return {
      id: element.id,
      label: element.label,
      found,
      comment: found ? element.found : element.missing,
      suggestion: found ? "" : element.suggestion,
      evidence,
    };
  });
  const score = items.filter((item) => item.found).length;
  const material = blocks.map((block) => ({ kind: block.kind, start: cp(block.start), end: cp(block.end), use: block.use, separated: block.separated }));
  return { score, total: items.length, words: text.split(/\s+/u).filter(Boolean).length, items, material };
}

const LETTERS_FR = "ABCD";
const variantsFr = (indices) => {
  const letters = indices.map((i) => LETTERS_FR[i]);
  return letters.length === 1 ? `la requête ${letters[0]}` : `les requêtes ${letters.slice(0, -1).join(", ")} et ${letters[letters.length - 1]}`;
};

/** Points ticked by some variants only, each with its French sentence (edukit.llm.compare_prompts). */
export function checklistDifferences(checklists, checks = []) {
  if (!checklists.length) return [];
  const texts = Object.fromEntries(checks.map((check) => [check.id, check]));
  return checklists[0].items
    .map((item, index) => {
      const present = checklists.flatMap((list, variant) => (list.items[index].found ? [variant] : []));
      const absent = checklists.flatMap((list, variant) => (list.items[index].found ? [] : [variant]));
      const check = texts[item.id];
      let sentence = "";
      if (check && present.length && absent.length) {
        const evidence = checklists[present[0]].items[index].evidence?.[0]?.text ?? "";
        const verb = present.length === 1 ? check.present : check.present_plural;
        sentence = `${item.label} : ${variantsFr(present)} ${verb} (« ${evidence} »), pas ${variantsFr(absent)}.`;
      }
      return { id: item.id, label: item.label, present_in: present, absent_from: absent, sentence };
    })
    .filter((difference) => difference.present_in.length && difference.absent_from.length);
}

// -- history export (edukit.llm.history_to_json / history_to_markdown) --------------------------

const LEVELS = { 1: "Insuffisant", 2: "À améliorer", 3: "Satisfaisant", 4: "Très satisfaisant" };

/** Text that renders literally in Markdown: HTML escaped, markup characters backslashed. */
export function escapeMarkdown(text) {
  const escaped = String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  return escaped.replace(/([\\`*_{}[\]()#+\-.!|~>])/g, "\\$1");
}

function mdBlock(text) {
  const lines = String(text).split(/\r\n|\r|\n/);
  if (lines.length && lines[lines.length - 1] === "" && String(text) !== "") lines.pop();
  return (lines.length ? lines : [""]).map(escapeMarkdown).join("\\\n");
}

function entryFields(entry) {
  return {
    time: String(entry.time ?? ""),
    backend: String(entry.backend ?? ""),
    model: String(entry.model ?? ""),
    prompt: String(entry.prompt ?? ""),
    response: String(entry.response ?? ""),
    settings: entry.settings ?? {},
    ratings: entry.ratings ?? {},
    note: String(entry.note ?? ""),
  };
}

/** The history as JSON, in the format of edukit.llm.history_to_json. */
export function historyToJson(entries) {
  return JSON.stringify({ format: "edukit-playground-history", version: 1, entries: entries.map(entryFields) }, null, 2);
}

function pythonValue(value) {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null || value === undefined) return "None";
  return String(value);
}

/** The history as a Markdown report; every prompt and answer escaped (never raw HTML). */
export function historyToMarkdown(entries, rubric = []) {
  const labels = Object.fromEntries(rubric.map((criterion) => [criterion.id, criterion.label]));
  const out = ["# Historique du bac à sable des requêtes", ""];
  entries.map(entryFields).forEach((entry, index) => {
    out.push(`## Essai ${index + 1} — ${escapeMarkdown(entry.time)}`, "", `- Modèle : ${escapeMarkdown(entry.backend)} / ${escapeMarkdown(entry.model)}`);
    const settings = Object.keys(entry.settings).sort();
    if (settings.length) {
      out.push(`- Réglages : ${escapeMarkdown(settings.map((key) => `${key} = ${pythonValue(entry.settings[key])}`).join(", "))}`);
    }
    out.push("", "**Requête**", "", mdBlock(entry.prompt), "", "**Réponse**", "", mdBlock(entry.response), "");
    const ratings = Object.entries(entry.ratings);
    if (ratings.length) {
      out.push("| Critère | Note |", "|---|---|");
      for (const [key, value] of ratings) {
        out.push(`| ${escapeMarkdown(labels[key] ?? key)} | ${value}/4 (${LEVELS[value] ?? "?"}) |`);
      }
      out.push("");
    }
    if (entry.note) out.push("**Commentaire**", "", mdBlock(entry.note), "");
  });
  return out.join("\n");
}

function download(doc, name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = doc.createElement("a");
  link.href = url;
  link.download = name;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// -- the personal-data guard -----------------------------------------------------------------------

/**
 * Nothing with personal data leaves without an explicit confirmation. `check(prompts)` gives
 * `{ok: true}` or `{ok: false, findings: [{variant, scan}]}`; `confirm(prompts)` lets exactly
 * those texts through once they have been shown; any edit asks again.
 */
export function createSendGuard(scan = scanText) {
  const confirmed = new Set();
  return {
    check(prompts) {
      const findings = [];
      prompts.forEach((prompt, variant) => {
        if (prompt === null || prompt === undefined || confirmed.has(prompt)) return;
        const result = scan(prompt);
        if (result.spans.length) findings.push({ variant, scan: result });
      });
      return findings.length ? { ok: false, findings } : { ok: true, findings: [] };
    },
    confirm(prompts) {
      for (const prompt of prompts) if (prompt !== null && prompt !== undefined) confirmed.add(prompt);
    },
    reset() {
      confirmed.clear();
    },
  };
}

/** `text` as DOM nodes, each span of personal data in a <mark> (text nodes only, never HTML). */
export function highlighted(doc, text, spans, describe = (span) => span.label) {
  const fragment = doc.createDocumentFragment();
  let at = 0;
  for (const span of spans) {
    if (span.start > at) fragment.append(doc.createTextNode(text.slice(at, span.start)));
    const mark = doc.createElement("mark");
    mark.className = "edukit-playground__pii";
    mark.textContent = text.slice(span.start, span.end);
    mark.title = describe(span);
    fragment.append(mark);
    at = span.end;
  }
  if (at < text.length) fragment.append(doc.createTextNode(text.slice(at)));
  return fragment;
}

// -- OpenAI-compatible calls from the page (fetch + SSE) ----------------------------------------

export class StreamError extends Error {
  constructor(kind, detail = "", status = null) {
    super(`${kind}${detail ? `: ${detail}` : ""}`);
    this.kind = kind;
    this.detail = detail;
    this.status = status;
  }
}

/**
 * Server-sent events, fed with decoded text as it arrives: `feed(text)` returns the `data`
 * payloads completed so far; comments (`: keep-alive`) and other fields are skipped, multi-line
 * data is joined with "\n"; `end()` returns what an unterminated last event held.
 */
export function sseDecoder() {
  let pending = "";
  let data = [];
  function line(raw, out) {
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (!text) {
      if (data.length) out.push(data.join("\n"));
      data = [];
      return;
    }
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
  }
  return {
    feed(text) {
      const out = [];
      pending += text;
      let index;
      while ((index = pending.indexOf("\n")) >= 0) {
        line(pending.slice(0, index), out);
        pending = pending.slice(index + 1);
      }
      return out;
    },
    end() {
      const out = [];
      if (pending) line(pending, out);
      pending = "";
      if (data.length) out.push(data.join("\n"));
      data = [];
      return out;
    },
  };
}

/** The request for an OpenAI-compatible chat completion (the key only in its header). */
export function chatRequest({ baseUrl, model, key = "", prompt, temperature = 0.7, maxTokens = 300 }) {
  const headers = { "Content-Type": "application/json", Accept: "text/event-stream" };
  if (key) headers.Authorization = `Bearer ${key}`;
  return {
    url: `${String(baseUrl).replace(/\/+$/, "")}/chat/completions`,
    init: {
      method: "POST",
      headers,
      body: JSON.stringify({ model, messages: [{ role: "user", content: prompt }], temperature, max_tokens: maxTokens, stream: true }),
    },
  };
}

/**
 * Read a chat-completions SSE response: `onText(piece)` for each piece of the answer.
 * Resolves `{text, usage, finish}`; rejects with a StreamError("stream", …) when the stream is
 * cut before `[DONE]` or a finish reason, or holds unreadable JSON or an error event.
 */
export async function readChatStream(response, { onText = () => {} } = {}) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const sse = sseDecoder();
  let text = "";
  let usage = null;
  let finish = null;
  let done = false;
  const handle = (payload) => {
    if (payload.trim() === "[DONE]") {
      done = true;
      return;
    }
    let event;
    try {
      event = JSON.parse(payload);
    } catch {
      throw new StreamError("stream", "JSON illisible");
    }
    if (event === null || typeof event !== "object") throw new StreamError("stream", "événement inattendu");
    if (event.error) throw new StreamError("stream", String(event.error.message ?? event.error).slice(0, 200));
    if (event.usage) usage = event.usage;
    const choice = Array.isArray(event.choices) ? event.choices[0] : null;
    const piece = choice?.delta?.content ?? "";
    if (piece) {
      text += piece;
      onText(String(piece));
    }
    if (choice?.finish_reason) finish = choice.finish_reason;
  };
  try {
    while (!done) {
      const { value, done: ended } = await reader.read();
      const payloads = ended ? [...sse.feed(decoder.decode()), ...sse.end()] : sse.feed(decoder.decode(value, { stream: true }));
      for (const payload of payloads) {
        handle(payload);
        if (done) break;
      }
      if (ended) break;
    }
  } catch (error) {
    if (error instanceof StreamError) throw error;
    if (error?.name === "AbortError") throw error;
    throw new StreamError("stream", error?.name ?? "réseau");
  } finally {
    if (done) reader.cancel().catch(() => {});
  }
  if (!done && !finish) throw new StreamError("stream", "fin de flux manquante");
  return { text, usage, finish };
}

/** Call the configured service; errors become StreamErrors of kind network/auth/…/stream. */
export async function callEndpoint(config, prompt, { temperature, maxTokens, onText, signal, fetchImpl = globalThis.fetch } = {}) {
  const { url, init } = chatRequest({ ...config, prompt, temperature, maxTokens });
  let response;
  try {
    response = await fetchImpl(url, { ...init, signal, credentials: "omit", referrerPolicy: "no-referrer" });
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    throw new StreamError("network");
  }
  if (!response.ok) {
    const status = response.status;
    const kind = status === 401 || status === 403 ? "auth" : status === 404 ? "notFound" : status === 429 ? "rate" : status >= 500 ? "server" : "bad";
    // A classroom server explains its refusals in French (`{"erreur": …}`: model paused, budget
    // spent, personal data found); shown as text after the usual message.
    let detail = "";
    try {
      const body = await response.json();
      if (typeof body?.erreur === "string") detail = body.erreur.slice(0, 300);
    } catch {
      // not JSON: the status says enough
    }
    throw new StreamError(kind, detail, status);
  }
  return readChatStream(response, { onText });
}

const KEY_SLOT = "edukit:playground:key";
const ENDPOINT_SLOT = "edukit:playground:endpoint";
/** Fired on the window when a classroom server presets (or withdraws) this tab's endpoint. */
export const ENDPOINT_EVENT = "edukit:playground-endpoint";

function sessionStore(win = globalThis) {
  try {
    return win.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** The service settings of this tab: the key in sessionStorage only (never localStorage). */
export function sessionSettings(storage = sessionStore()) {
  return {
    read() {
      let endpoint = {};
      try {
        endpoint = JSON.parse(storage?.getItem(ENDPOINT_SLOT) ?? "{}") ?? {};
      } catch {
        endpoint = {};
      }
      // `salle`: preset by a classroom server (classroom.js), whose key stays on the server.
      const settings = { baseUrl: endpoint.baseUrl ?? "", model: endpoint.model ?? "", key: storage?.getItem(KEY_SLOT) ?? "" };
      return endpoint.salle === true ? { ...settings, salle: true } : settings;
    },
    save({ baseUrl, model, key }) {
      storage?.setItem(ENDPOINT_SLOT, JSON.stringify({ baseUrl, model }));
      if (key) storage?.setItem(KEY_SLOT, key);
    },
    forgetKey() {
      storage?.removeItem(KEY_SLOT);
    },
  };
}

// -- screen-reader announcements while text streams ------------------------------------------

/** Announce streamed text in batches (at most one announcement per `interval` ms). */
export function throttledAnnouncer(say, interval = 2000, clock = { now: () => Date.now(), later: (f, ms) => setTimeout(f, ms), cancel: (id) => clearTimeout(id) }) {
  let buffer = "";
  let last = -Infinity;
  let timer = null;
  function flush() {
    timer = null;
    if (!buffer.trim()) return;
    say(buffer.trim());
    buffer = "";
    last = clock.now();
  }
  return {
    push(text) {
      buffer += text;
      const wait = last + interval - clock.now();
      if (wait <= 0) flush();
      else if (timer === null) timer = clock.later(flush, wait);
    },
    finish(message) {
      if (timer !== null) clock.cancel(timer);
      timer = null;
      buffer = "";
      if (message) say(message);
    },
  };
}

// -- why the mini model's answers look alike ---------------------------------------------------

/**
 * What the mini model's answers to the variants show, from `results` = [{letter, text,
 * context}] (context: the words the model continued after, see minimodel.continuations):
 * `null` under two answers; else `{kind: "same" | "different", letters, contexts}`. « same »
 * when every answer is the same text: the model only saw the prompts' last words.
 */
export function miniComparison(results) {
  if (results.length < 2) return null;
  const same = results.every((result) => result.text === results[0].text);
  return {
    kind: same ? "same" : "different",
    letters: results.map((result) => result.letter),
    contexts: results.map((result) => ({ letter: result.letter, words: result.context.filter((word) => word !== BOS) })),
  };
}

// -- keys kept from JupyterLab ----------------------------------------------------------------

/** The keys the playground's controls answer to (slider, text areas, fields, radios, buttons). */
export const PLAYGROUND_KEYS = Object.freeze(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown", " ", "Enter"]);


// -- the widget ---------------------------------------------------------------------------------

function numberInput(attributes) {
  return h("input", { type: "number", inputmode: "decimal", ...attributes });
}

export default {
  render({ model, el }) {
    const lang = model.get("lang");
    const t = translator(lang, CATALOGUE);
    const doc = el.ownerDocument ?? document;
    const onSite = Boolean(el.closest?.("[data-edukit-mount]"));
    const kernelLabel = onSite ? "" : model.get("kernel_backend") || "";
    const live = liveRegion();
    const cleanups = [keepKeys(el, PLAYGROUND_KEYS)];
    let mini = null;
    try {
      const exported = model.get("model_export");
      if (exported && exported.format) mini = loadModel(exported);
    } catch (error) {
      console.error("edukit playground: the mini model could not load", error);
    }
    const info = model.get("model_info") || {};
    const impacts = model.get("impacts") || [];
    const reduced = prefersReducedMotion();

    // -- the two activities ------------------------------------------------------------------
    const nextPanel = mini ? buildNextWord() : h("p", { class: "edukit-note" }, t("info.noModel"));
    const promptsPanel = buildPrompts();
    const modeButtons = [
      ["mot-suivant", t("mode.next"), nextPanel],
      ["requetes", t("mode.prompts"), promptsPanel.element],
    ].map(([mode, label, panel]) => {
      const button = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": `mode-${mode}` }, label);
      button.addEventListener("click", () => showMode(mode));
      return { mode, button, panel };
    });
    function showMode(mode) {
      for (const entry of modeButtons) {
        const active = entry.mode === mode;
        entry.button.setAttribute("aria-pressed", String(active));
        entry.panel.hidden = !active;
      }
    }
    showMode(model.get("mode") === "requetes" ? "requetes" : "mot-suivant");

    // Two playgrounds on one page need distinct region names: the default says the activity.
    const title = model.get("title") || `${t("title")} : ${model.get("mode") === "requetes" ? t("mode.prompts") : t("mode.next")}`;
    const titleId = uid("playground-title");
    el.replaceChildren(
      h(
        "section",
        { class: "edukit-playground", "aria-labelledby": titleId },
        h("p", { class: "edukit-playground__title", id: titleId }, title),
        mini
          ? h(
              "p",
              { class: "edukit-hint", "data-playground": "model-info" },
              t("info.model", {
                source: info.source ?? "?",
                words: formatNumber(info.training_words ?? 0, lang, 6),
                vocab: formatNumber(info.vocab_shipped ?? mini.vocab.length - 1, lang, 6),
              }),
            )
          : null,
        h("div", { class: "edukit-row", role: "group", "aria-label": t("mode.label") }, modeButtons.map((entry) => entry.button)),
        nextPanel,
        promptsPanel.element,
        live,
      ),
    );
    return () => {
      for (const cleanup of cleanups) cleanup();
    };

    // -- « le mot suivant » -------------------------------------------------------------------
    function buildNextWord() {
      const { field: promptField, input: promptInput } = labelledField(
        t("next.prompt"),
        h("textarea", { rows: 2, "data-playground": "next-prompt", spellcheck: "false" }),
        { hint: t("next.promptHint") },
      );
      promptInput.value = model.get("prompt") || "";
      const temperatureLabel = h("span");
      const temperature = h("input", { type: "range", min: "0", max: "2", step: "0.1", "data-playground": "temperature" });
      temperature.value = String(model.get("temperature") ?? 1);
      const temperatureId = uid("temperature");
      temperature.id = temperatureId;
      const temperatureHint = h("p", { class: "edukit-hint", id: uid("hint") }, t("next.temperatureHint"));
      temperature.setAttribute("aria-describedby", temperatureHint.id);
      const temperatureField = h(
        "div",
        { class: "edukit-field" },
        h("label", { for: temperatureId, class: "edukit-label" }, temperatureLabel),
        temperatureHint,
        temperature,
      );
      const { field: topkField, input: topk } = labelledField(t("next.topk"), numberInput({ min: "0", max: "50", step: "1", "data-playground": "topk" }), { hint: t("next.topkHint") });
      topk.value = String(model.get("top_k") ?? 0);
      const { field: seedField, input: seed } = labelledField(t("next.seed"), numberInput({ min: "0", step: "1", "data-playground": "seed" }), { hint: t("next.seedHint") });
      seed.value = String(model.get("seed") ?? 0);
      const { field: wordsField, input: count } = labelledField(t("next.words"), numberInput({ min: "1", max: "200", step: "1", "data-playground": "words" }));
      count.value = String(model.get("words") ?? 20);

      const one = h("button", { type: "button", class: "edukit-button", "data-playground": "next-one" }, t("next.one"));
      const many = h("button", { type: "button", class: "edukit-button", "data-playground": "next-many" });
      const redraw = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": "next-redraw" }, t("next.redraw"));
      const reset = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": "next-reset" }, t("next.reset"));
      const output = h("p", { class: "edukit-playground__text", "data-playground": "next-text" });
      const outputLabelId = uid("text");
      output.setAttribute("aria-labelledby", outputLabelId);
      const distTitle = h("p", { class: "edukit-label", id: uid("dist") });
      const distNote = h("p", { class: "edukit-hint", "data-playground": "next-context" });
      const bars = h("ol", { class: "edukit-playground__bars", "data-playground": "distribution", "aria-labelledby": distTitle.id });
      const others = h("p", { class: "edukit-hint" });
      const memoResult = h("p", { class: "edukit-hint", "data-playground": "memo-result" });

      let generated = [];
      let highlight = null; // [start, length] of a recited span in `generated`
      let timer = null;

      const settings = () => {
        const k = Math.max(0, Math.min(50, Math.trunc(Number(topk.value) || 0)));
        return {
          temperature: Math.max(0, Math.min(2, Number(temperature.value) || 0)),
          topK: k || null,
          seed: Math.max(0, Math.trunc(Number(seed.value) || 0)) >>> 0,
        };
      };
      const wordsWanted = () => Math.max(1, Math.min(200, Math.trunc(Number(count.value) || 1)));

      function showText(shownCount = generated.length) {
        const promptWords = tokenize(mini, promptInput.value);
        const shown = generated.slice(0, shownCount);
        output.replaceChildren();
        const all = [...promptWords, ...shown];
        if (!all.length) {
          output.append(t("next.empty"));
          return;
        }
        const before = detokenize(promptWords);
        output.append(h("span", { class: "edukit-playground__prompt" }, before));
        if (!shown.length) return;
        // Rebuild the text word by word so that the recited span can be marked.
        let previous = detokenize(promptWords);
        const pieces = [];
        shown.forEach((word, index) => {
          const next = detokenize([...promptWords, ...shown.slice(0, index + 1)]);
          pieces.push({ text: next.slice(previous.length), index });
          previous = next;
        });
        let mark = null;
        for (const piece of pieces) {
          const inSpan = highlight && piece.index >= highlight[0] && piece.index < highlight[0] + highlight[1];
          if (inSpan) {
            if (!mark) {
              const lead = piece.text.match(/^\s*/)[0];
              if (lead) output.append(lead);
              mark = h("mark", { class: "edukit-playground__recited" });
              output.append(mark);
              mark.append(piece.text.slice(lead.length));
            } else mark.append(piece.text);
          } else {
            mark = null;
            output.append(h("span", { class: "edukit-playground__generated" }, piece.text));
          }
        }
      }

      function showDistribution(shownCount = generated.length) {
        const options = settings();
        const context = [...tokenize(mini, promptInput.value), ...generated.slice(0, shownCount)];
        const found = distribution(mini, context, options);
        const visible = context.slice(-8);
        distTitle.textContent = context.length ? t("next.distribution", { context: (context.length > 8 ? "… " : "") + detokenize(visible) }) : t("next.distributionStart");
        const used = found.context.filter((word) => word !== "<s>");
        const notes = [];
        if (!found.words.length) notes.push(t("next.none"));
        else if (used.length) notes.push(t("next.context", { count: used.length, words: detokenize(used) }));
        else if (context.length) notes.push(t("next.contextNone"));
        if (options.temperature === 0) notes.push(t("next.greedy"));
        distNote.textContent = notes.join(" ");
        const top = found.words.slice(0, 10);
        const max = Math.max(...found.probabilities.slice(0, 10), 0);
        bars.replaceChildren(
          ...top.map((word, index) => {
            const probability = found.probabilities[index];
            const fill = h("span", { class: "edukit-playground__fill" });
            fill.style.width = `${max ? (100 * probability) / max : 0}%`;
            return h(
              "li",
              { class: "edukit-playground__bar" },
              h("span", { class: "edukit-playground__word" }, word === "<s>" ? "¶" : word),
              h("span", { class: "edukit-playground__track", "aria-hidden": "true" }, fill),
              h("span", { class: "edukit-playground__pct" }, formatPercent(probability, lang)),
            );
          }),
        );
        const rest = found.probabilities.slice(10).reduce((sum, p) => sum + p, 0);
        others.textContent = found.words.length > 10 ? t("next.others", { percent: formatPercent(rest, lang) }) : "";
      }

      function refresh() {
        temperatureLabel.textContent = t("next.temperature", { value: formatNumber(Number(temperature.value), lang, 2) });
        temperature.setAttribute("aria-valuetext", formatNumber(Number(temperature.value), lang, 2));
        many.textContent = t("next.many", { count: wordsWanted() });
        showText();
        showDistribution();
      }

      function stopAnimation() {
        if (timer !== null) clearInterval(timer);
        timer = null;
      }

      function extend(total, { keepHighlight = false } = {}) {
        stopAnimation();
        if (!keepHighlight) {
          highlight = null;
          memoResult.textContent = "";
        }
        const before = generated.length;
        generated = generate(mini, promptInput.value, total, settings());
        const added = generated.slice(before);
        const say = () => announce(live, t("next.added", { count: added.length, words: detokenize(added) }));
        if (added.length > 1 && !reduced) {
          let shown = before;
          timer = setInterval(() => {
            shown += 1;
            showText(shown);
            showDistribution(shown);
            if (shown >= generated.length) {
              stopAnimation();
              say();
            }
          }, 60);
        } else {
          refresh();
          if (added.length) say();
          else announce(live, t("next.none"));
        }
      }

      one.addEventListener("click", () => extend(generated.length + 1));
      many.addEventListener("click", () => extend(generated.length + wordsWanted()));
      redraw.addEventListener("click", () => {
        seed.value = String((settings().seed + 1) >>> 0);
        extend(Math.max(generated.length, wordsWanted()));
      });
      reset.addEventListener("click", () => {
        stopAnimation();
        generated = [];
        highlight = null;
        memoResult.textContent = "";
        refresh();
      });
      promptInput.addEventListener("input", () => {
        stopAnimation();
        generated = [];
        highlight = null;
        memoResult.textContent = "";
        refresh();
      });
      for (const input of [temperature, topk, seed]) {
        input.addEventListener("change", () => (generated.length ? extend(generated.length) : refresh()));
      }
      temperature.addEventListener("input", refresh);
      count.addEventListener("input", refresh);
      cleanups.push(stopAnimation);

      // Memorisation: sentence starts from the course the model recites at temperature 0.
      const examples = model.get("memorisation") || [];
      const memo = h(
        "div",
        { class: "edukit-playground__memo" },
        h("p", { class: "edukit-label" }, t("memo.title")),
        h("p", { class: "edukit-hint" }, examples.length ? t("memo.intro") : t("memo.none")),
        h(
          "div",
          { class: "edukit-row" },
          examples.map((example, index) => {
            const button = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": `memo-${index}` }, t("memo.try", { prompt: example.prompt }));
            button.addEventListener("click", () => {
              promptInput.value = example.prompt;
              temperature.value = "0";
              topk.value = "0";
              generated = [];
              highlight = [example.span_start, example.span_length];
              extend(example.words.length, { keepHighlight: true });
              memoResult.textContent = t("memo.result", { count: example.span_length, origin: example.origin });
            });
            return button;
          }),
        ),
        memoResult,
      );

      refresh();
      return h(
        "div",
        { class: "edukit-playground__panel", "data-playground": "panel-next" },
        promptField,
        h("fieldset", { class: "edukit-playground__settings" }, h("legend", {}, t("next.settings")), temperatureField, topkField, seedField, wordsField),
        h("div", { class: "edukit-row" }, one, many, redraw, reset),
        h("p", { class: "edukit-label", id: outputLabelId }, t("next.text")),
        output,
        distTitle,
        distNote,
        bars,
        others,
        memo,
      );
    }

    // -- « comparer des requêtes » ---------------------------------------------------------------
    function buildPrompts() {
      const checks = model.get("checks") || [];
      const rubric = model.get("rubric") || [];
      const guard = createSendGuard();
      const session = sessionSettings();
      // Remote service settings (key: sessionStorage only).
      let stored = session.read();
      const history = [];
      const preset = model.get("endpoint") || {};

      // Backend choice.
      const backendName = uid("backend");
      const choices = [["mini", t("prompts.mini")]];
      if (kernelLabel) choices.push(["kernel", t("prompts.kernel", { label: kernelLabel })]);
      choices.push(["remote", t("prompts.remote")]);
      const radios = choices.map(([value, label], index) => {
        const input = h("input", { type: "radio", name: backendName, value, id: uid("backend"), "data-playground": `backend-${value}` });
        input.checked = stored.salle && stored.baseUrl ? value === "remote" : index === (kernelLabel ? 1 : 0);
        return { input, row: h("div", { class: "edukit-playground__choice" }, input, h("label", { for: input.id }, label)) };
      });
      const backend = () => radios.find((radio) => radio.input.checked)?.input.value ?? "mini";
      const miniNote = h(
        "p",
        { class: "edukit-hint", "data-playground": "mini-note" },
        t("prompts.miniNote"),
        mini ? ` ${t("prompts.miniContext", { count: mini.order - 1 })}` : "",
      );
      // After the mini model answered: why its answers are the same (or differ only by words).
      const miniWhy = h("p", { class: "edukit-note", "data-playground": "mini-why", hidden: true });
      const miniResults = new Map();
      function explainMini() {
        const shown = [...miniResults.values()].filter((result) => cards.some((card) => card.letter === result.letter));
        shown.sort((a, b) => a.letter.localeCompare(b.letter));
        const found = miniComparison(shown);
        miniWhy.hidden = !found;
        if (!found) return;
        const contexts = found.contexts
          .map(({ letter, words }) => (words.length ? t("mini.context", { words: detokenize(words), letter }) : t("mini.noContext", { letter })))
          .join(", ");
        const letters = `${found.letters.slice(0, -1).join(", ")} ${t("mini.and")} ${found.letters.at(-1)}`;
        miniWhy.textContent = `${t(found.kind === "same" ? "mini.same" : "mini.different", { letters, contexts })} ${t("mini.real")}`;
      }

      const { field: baseField, input: baseInput } = labelledField(t("remote.base"), h("input", { type: "url", autocomplete: "off", spellcheck: "false", "data-playground": "remote-base" }), { hint: t("remote.baseHint") });
      baseInput.value = stored.baseUrl || preset.base_url || "";
      const { field: modelField, input: modelInput } = labelledField(t("remote.model"), h("input", { type: "text", autocomplete: "off", spellcheck: "false", "data-playground": "remote-model" }));
      modelInput.value = stored.model || preset.model || "";
      const { field: keyField, input: keyInput } = labelledField(t("remote.key"), h("input", { type: "password", autocomplete: "off", spellcheck: "false", "data-playground": "remote-key" }), { hint: t("remote.keyHint") });
      const keyStatus = h("p", { class: "edukit-hint", "data-playground": "remote-key-status" });
      const showKeyStatus = () => {
        const now = session.read();
        keyStatus.textContent = now.salle && now.key ? t("remote.salle") : now.key ? t("remote.keyKept") : t("remote.keyNone");
      };
      const saveRemote = h("button", { type: "button", class: "edukit-button", "data-playground": "remote-save" }, t("remote.save"));
      const forgetKey = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": "remote-forget" }, t("remote.forget"));
      saveRemote.addEventListener("click", () => {
        session.save({ baseUrl: baseInput.value.trim(), model: modelInput.value.trim(), key: keyInput.value.trim() });
        keyInput.value = "";
        showKeyStatus();
        announce(live, t("remote.saved"));
      });
      forgetKey.addEventListener("click", () => {
        session.forgetKey();
        keyInput.value = "";
        showKeyStatus();
        announce(live, t("remote.forgotten"));
      });
      showKeyStatus();
      const remoteBox = h(
        "fieldset",
        { class: "edukit-playground__settings", "data-playground": "remote" },
        h("legend", {}, t("remote.title")),
        baseField,
        modelField,
        keyField,
        keyStatus,
        h("div", { class: "edukit-row" }, saveRemote, forgetKey),
      );
      const { field: tempField, input: tempInput } = labelledField(t("settings.temperature"), numberInput({ min: "0", max: "2", step: "0.1", "data-playground": "answer-temperature" }));
      tempInput.value = "0.7";
      const { field: maxField, input: maxInput } = labelledField(t("settings.maxTokens"), numberInput({ min: "1", max: "4000", step: "1", "data-playground": "answer-max" }));
      maxInput.value = "300";
      const impactSelect = h("select", { "data-playground": "impact-reference" }, impacts.map((ref) => h("option", { value: ref.id }, ref.label)));
      impactSelect.value = impacts.find((ref) => ref.id === "open-8b")?.id ?? impacts[0]?.id ?? "";
      const { field: impactField } = labelledField(t("impact.reference"), impactSelect);
      const reference = () => impacts.find((ref) => ref.id === impactSelect.value) ?? null;
      const updateBackend = () => {
        remoteBox.hidden = backend() !== "remote";
        miniNote.hidden = backend() !== "mini";
      };
      for (const radio of radios) radio.input.addEventListener("change", updateBackend);
      updateBackend();
      // A classroom server's preset may arrive after this widget is drawn (or be withdrawn when
      // the learner leaves the room): follow it unless the learner typed other settings.
      const followPreset = () => {
        const previous = stored;
        stored = session.read();
        const untouched = baseInput.value.trim() === (previous.baseUrl || preset.base_url || "") && modelInput.value.trim() === (previous.model || preset.model || "");
        if (!untouched) return showKeyStatus();
        baseInput.value = stored.baseUrl || preset.base_url || "";
        modelInput.value = stored.model || preset.model || "";
        const wanted = stored.salle && stored.baseUrl ? "remote" : previous.salle ? "mini" : null;
        for (const radio of radios) if (wanted) radio.input.checked = radio.input.value === wanted;
        updateBackend();
        showKeyStatus();
      };
      globalThis.addEventListener?.(ENDPOINT_EVENT, followPreset);
      cleanups.push(() => globalThis.removeEventListener?.(ENDPOINT_EVENT, followPreset));

      // Variants.
      const initial = model.get("prompts") || [];
      const grid = h("div", { class: "edukit-playground__grid", "data-playground": "variants" });
      const cards = [];
      const differences = h("p", { class: "edukit-hint", "data-playground": "differences" });
      const addButton = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": "variant-add" }, t("variant.add"));
      const removeButton = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": "variant-remove" }, t("variant.remove"));
      const sendAll = h("button", { type: "button", class: "edukit-button", "data-playground": "send-all" }, t("variant.sendAll"));
      const guardBox = h("div", { class: "edukit-playground__guard", "data-playground": "guard", tabindex: "-1", hidden: true });
      const historyCount = h("p", { class: "edukit-hint", "data-playground": "history-count" });

      function makeCard(index) {
        const letter = LETTERS[index];
        const { field, input } = labelledField(t("variant.name", { letter }), h("textarea", { rows: 6, "data-playground": `prompt-${index}`, spellcheck: "true" }));
        input.value = initial[index] ?? "";
        const score = h("p", { class: "edukit-playground__score", "data-playground": `score-${index}` });
        const list = h("ul", { class: "edukit-playground__checks", "data-playground": `checks-${index}` });
        const send = h("button", { type: "button", class: "edukit-button", "data-playground": `send-${index}` }, t("variant.send", { letter }));
        const stop = h("button", { type: "button", class: "edukit-button edukit-button--secondary", hidden: true, "data-playground": `stop-${index}` }, t("variant.stop"));
        const answerTitle = h("p", { class: "edukit-label", id: uid("answer") }, t("variant.answer", { letter }));
        const answer = h("div", { class: "edukit-playground__answer", "data-playground": `answer-${index}`, "aria-labelledby": answerTitle.id, role: "region" });
        const status = h("p", { class: "edukit-hint", "data-playground": `status-${index}` });
        const cost = h("p", { class: "edukit-hint", "data-playground": `cost-${index}` });
        const ratings = h("div", { class: "edukit-playground__rubric" });
        const rubricBox = h("details", { class: "edukit-playground__rate", hidden: true }, h("summary", {}, t("rubric.title")), ratings);
        const card = {
          index,
          letter,
          input,
          send,
          stop,
          answer,
          status,
          cost,
          rubricBox,
          controller: null,
          entry: null,
          checklist: null,
          element: h(
            "div",
            { class: "edukit-playground__card", "data-playground": `card-${index}`, role: "group", "aria-label": t("variant.name", { letter }) },
            field,
            h("p", { class: "edukit-label" }, t("check.title")),
            score,
            list,
            h("div", { class: "edukit-row" }, send, stop),
            answerTitle,
            answer,
            status,
            cost,
            rubricBox,
          ),
        };
        for (const criterion of rubric) {
          const select = h(
            "select",
            { "data-playground": `rate-${index}-${criterion.id}` },
            h("option", { value: "" }, t("rubric.unset")),
            Object.entries(criterion.levels).map(([level, label]) => h("option", { value: level }, `${level} – ${label}`)),
          );
          select.addEventListener("change", () => {
            if (!card.entry) return;
            if (select.value) card.entry.ratings[criterion.id] = Number(select.value);
            else delete card.entry.ratings[criterion.id];
            announce(live, t("rubric.saved"));
          });
          ratings.append(labelledField(criterion.label, select, { hint: criterion.question }).field);
        }
        const analyse = () => {
          card.checklist = analysePrompt(checks, input.value);
          score.textContent = t("check.score", { count: card.checklist.score, score: card.checklist.score, total: card.checklist.total });
          list.replaceChildren(
            ...card.checklist.items.map((item) =>
              h(
                "li",
                { class: item.found ? "edukit-playground__check edukit-ok" : "edukit-playground__check", "data-found": String(item.found) },
                h("span", { class: "edukit-playground__mark", "aria-hidden": "true" }, item.found ? "✓" : "✗"),
                h("span", {}, h("strong", {}, `${item.label} — ${item.found ? t("check.found") : t("check.missing")}`), ` : ${item.comment}`, item.found && item.evidence?.length ? h("span", { class: "edukit-playground__evidence", "data-playground": `evidence-${index}-${item.id}` }, ` ${t("check.evidence", { list: item.evidence.map((e) => `« ${e.text} »`).join(", ") })}`) : null, item.suggestion ? h("span", { class: "edukit-playground__tip" }, ` ${item.suggestion}`) : null),
              ),
            ),
          );
          compare();
        };
        input.addEventListener("input", analyse);
        send.addEventListener("click", () => submit([card]));
        stop.addEventListener("click", () => card.controller?.abort());
        card.analyse = analyse;
        return card;
      }

      function compare() {
        const lists = cards.map((card) => card.checklist).filter(Boolean);
        if (lists.length < 2) return;
        const found = checklistDifferences(lists, checks);
        differences.textContent = found.length ? found.map((d) => d.sentence).join(" ") : t("check.same");
      }

      function setVariants(total) {
        while (cards.length < total) {
          const card = makeCard(cards.length);
          cards.push(card);
          grid.append(card.element);
          card.analyse();
        }
        while (cards.length > total) {
          const card = cards.pop();
          card.controller?.abort();
          card.element.remove();
        }
        addButton.disabled = cards.length >= 4;
        removeButton.disabled = cards.length <= 2;
        compare();
      }
      addButton.addEventListener("click", () => {
        setVariants(cards.length + 1);
        cards[cards.length - 1].input.focus();
      });
      removeButton.addEventListener("click", () => setVariants(cards.length - 1));
      sendAll.addEventListener("click", () => submit([...cards]));
      setVariants(Math.max(2, Math.min(4, model.get("variants") || 2)));

      // Sending.
      const describe = (span) => t(`pii.${span.type}`);
      function showGuard(findings, targets) {
        const anonymiseButton = h("button", { type: "button", class: "edukit-button", "data-playground": "guard-anonymise" }, t("guard.anonymise"));
        const confirmButton = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": "guard-confirm" }, t("guard.confirm"));
        const cancelButton = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": "guard-cancel" }, t("guard.cancel"));
        const titleId = uid("guard");
        guardBox.setAttribute("role", "region");
        guardBox.setAttribute("aria-labelledby", titleId);
        guardBox.replaceChildren(
          h("p", { class: "edukit-playground__guard-title", id: titleId }, t("guard.title")),
          h("p", {}, t("guard.intro")),
          ...findings.map(({ variant, scan }) => {
            const card = targets.find((c) => c.index === variant) ?? cards[variant];
            const kinds = Object.entries(scan.counts).map(([type, n]) => `${n} × ${t(`pii.${type}`)}`).join(", ");
            return h(
              "div",
              { class: "edukit-playground__finding", "data-playground": `finding-${card.index}` },
              h("p", { class: "edukit-label" }, t("guard.variant", { letter: card.letter, list: kinds })),
              h("p", { class: "edukit-playground__quoted" }, highlighted(doc, card.input.value, scan.spans, describe)),
            );
          }),
          h("div", { class: "edukit-row" }, anonymiseButton, confirmButton, cancelButton),
        );
        guardBox.hidden = false;
        guardBox.focus();
        const close = () => {
          guardBox.hidden = true;
          guardBox.replaceChildren();
        };
        anonymiseButton.addEventListener("click", () => {
          for (const { variant, scan } of findings) {
            const card = cards[variant];
            card.input.value = scan.anonymised;
            card.analyse();
          }
          close();
          submit(targets);
        });
        confirmButton.addEventListener("click", () => {
          guard.confirm(targets.map((card) => card.input.value));
          close();
          submit(targets);
        });
        cancelButton.addEventListener("click", () => {
          close();
          announce(live, t("guard.cancelled"));
          targets[0]?.send.focus();
        });
      }

      function submit(targets) {
        const chosen = backend();
        const ready = targets.filter((card) => {
          if (card.input.value.trim()) return true;
          card.status.textContent = t("variant.empty", { letter: card.letter });
          return false;
        });
        if (!ready.length) return;
        if (chosen === "remote" && (!baseInput.value.trim() || !modelInput.value.trim())) {
          ready[0].status.textContent = t("remote.missing");
          announce(live, t("remote.missing"));
          baseInput.focus();
          return;
        }
        if (chosen !== "mini") {
          const verdict = guard.check(cards.map((card) => (ready.includes(card) ? card.input.value : null)));
          if (!verdict.ok) {
            showGuard(verdict.findings, ready);
            return;
          }
        }
        for (const card of ready) run(card, chosen);
      }

      function startCard(card) {
        card.controller?.abort();
        card.answer.textContent = "";
        card.cost.textContent = "";
        card.status.textContent = t("status.streaming");
        card.send.disabled = true;
        card.stop.hidden = false;
        card.rubricBox.hidden = true;
        for (const select of card.rubricBox.querySelectorAll("select")) select.value = "";
        announce(live, t("status.startLive", { letter: card.letter }));
        return throttledAnnouncer((text) => announce(live, text));
      }

      function endCard(card, entry) {
        card.send.disabled = false;
        card.stop.hidden = true;
        card.controller = null;
        if (entry) {
          card.entry = entry;
          history.push(entry);
          showHistory();
          card.rubricBox.hidden = !rubric.length;
        }
      }

      function showCost(card, { promptTokens, outputTokens, exact, method, ms, impact, miniCall }) {
        const lines = [
          exact ? t("tokens.exact", { prompt: promptTokens, output: outputTokens, method }) : t("tokens.estimate", { prompt: promptTokens, output: outputTokens }),
        ];
        if (miniCall) lines.push(t("impact.mini", { ms: formatNumber(ms, lang, 2) }));
        const shown = impact ?? impactFor(reference(), outputTokens);
        if (shown) {
          const key = miniCall ? "impact.compare" : "impact.call";
          lines.push(t(key, { label: shown.label, energy: range(shown.energy_wh, lang), gwp: range(shown.gwp_gco2eq, lang) }));
          lines.push(t("impact.source", { source: shown.source }));
        } else lines.push(t("impact.none"));
        card.cost.replaceChildren(...lines.map((line) => h("span", { class: "edukit-playground__line" }, line)));
      }

      function entryFor(card, backendLabel, modelName, text) {
        return {
          time: new Date().toISOString(),
          backend: backendLabel,
          model: modelName,
          prompt: card.input.value,
          response: text,
          settings: { temperature: Number(tempInput.value), max_tokens: Number(maxInput.value) },
          ratings: {},
          note: "",
        };
      }

      const pendingKernel = new Map();

      function run(card, chosen) {
        const announcer = startCard(card);
        miniResults.delete(card.index);
        explainMini();
        const temperatureValue = Math.max(0, Math.min(2, Number(tempInput.value) || 0));
        const maxTokens = Math.max(1, Math.min(4000, Math.trunc(Number(maxInput.value) || 300)));
        const prompt = card.input.value;
        if (chosen === "mini") {
          const started = performance.now();
          const words = mini ? generate(mini, prompt, Math.min(maxTokens, 200), { temperature: temperatureValue, seed: Number(model.get("seed")) >>> 0 }) : [];
          const ms = performance.now() - started;
          const text = detokenize(words);
          card.answer.textContent = text;
          card.status.textContent = t("status.done");
          announcer.finish(t("status.doneLive", { letter: card.letter }));
          showCost(card, { promptTokens: estimateTokens(prompt), outputTokens: estimateTokens(text), ms, miniCall: true });
          endCard(card, entryFor(card, "mini-modele", "mini-modele", text));
          miniResults.set(card.index, { letter: card.letter, text, context: mini ? continuations(mini, tokenize(mini, prompt)).context : [] });
          explainMini();
          return;
        }
        if (chosen === "kernel") {
          const id = uid("call");
          pendingKernel.set(id, { card, announcer, shown: 0 });
          card.controller = { abort: () => finishKernel(id, "stopped") };
          model.send({ type: "run", id, variant: card.index, prompt, confirmed: true, options: { temperature: temperatureValue, max_tokens: maxTokens } });
          return;
        }
        const settings = session.read();
        const config = { baseUrl: baseInput.value.trim(), model: modelInput.value.trim(), key: settings.key };
        const controller = new AbortController();
        card.controller = controller;
        let text = "";
        callEndpoint(config, prompt, {
          temperature: temperatureValue,
          maxTokens,
          signal: controller.signal,
          onText(piece) {
            text += piece;
            card.answer.textContent = text;
            announcer.push(piece);
          },
        }).then(
          (result) => {
            card.status.textContent = t("status.done");
            announcer.finish(t("status.doneLive", { letter: card.letter }));
            const usage = result.usage;
            showCost(card, {
              promptTokens: usage?.prompt_tokens ?? estimateTokens(prompt),
              outputTokens: usage?.completion_tokens ?? estimateTokens(result.text),
              exact: Boolean(usage),
              method: "service",
            });
            endCard(card, entryFor(card, config.baseUrl, config.model, result.text));
          },
          (error) => {
            if (error?.name === "AbortError") {
              card.status.textContent = t("status.stopped");
              announcer.finish(t("status.stopped"));
              endCard(card, text ? entryFor(card, config.baseUrl, config.model, text) : null);
              return;
            }
            const message = errorMessage(error, config);
            card.status.textContent = t("status.error", { message });
            announcer.finish(t("status.error", { message }));
            endCard(card, null);
          },
        );
      }

      function errorMessage(error, config) {
        if (!(error instanceof StreamError)) return t("error.stream", { detail: String(error?.message ?? error) });
        const key = { network: "error.network", auth: "error.auth", notFound: "error.notFound", rate: "error.rate", server: "error.server", bad: "error.bad", stream: "error.stream" }[error.kind] ?? "error.stream";
        const text = t(key, { url: config.baseUrl, model: config.model, status: error.status ?? "", detail: error.detail });
        return error.kind !== "stream" && error.detail ? `${text} ${error.detail}` : text;
      }

      function finishKernel(id, status, reply = {}) {
        const pending = pendingKernel.get(id);
        if (!pending) return;
        pendingKernel.delete(id);
        const { card, announcer } = pending;
        if (status === "done") {
          card.status.textContent = t("status.done");
          announcer.finish(t("status.doneLive", { letter: card.letter }));
          const tokens = reply.tokens ?? {};
          showCost(card, {
            promptTokens: tokens.prompt ?? estimateTokens(card.input.value),
            outputTokens: tokens.output ?? estimateTokens(reply.text ?? ""),
            exact: tokens.method && tokens.method !== "estimation",
            method: tokens.method,
            impact: reply.impact ?? null,
          });
          endCard(card, entryFor(card, reply.backend || kernelLabel, reply.backend || kernelLabel, reply.text ?? ""));
        } else if (status === "stopped") {
          card.status.textContent = t("status.stopped");
          announcer.finish(t("status.stopped"));
          endCard(card, null);
        } else {
          const message = reply.error || t("error.kernel");
          card.status.textContent = t("status.error", { message });
          announcer.finish(t("status.error", { message }));
          endCard(card, null);
        }
      }

      const onReply = () => {
        const reply = model.get("reply") || {};
        const pending = pendingKernel.get(reply.id);
        if (!pending) return;
        const text = String(reply.text ?? "");
        pending.card.answer.textContent = text;
        if (text.length > pending.shown) {
          pending.announcer.push(text.slice(pending.shown));
          pending.shown = text.length;
        }
        if (reply.status === "done") finishKernel(reply.id, "done", reply);
        else if (reply.status === "error") finishKernel(reply.id, "error", reply);
        else if (reply.status === "blocked") finishKernel(reply.id, "error", { error: t("guard.title") });
      };
      const onCustom = (message) => {
        if (message?.type !== "blocked") return;
        const pending = pendingKernel.get(message.id);
        if (!pending) return;
        pendingKernel.delete(message.id);
        endCard(pending.card, null);
        pending.card.status.textContent = "";
        showGuard([{ variant: pending.card.index, scan: { spans: message.scan.spans.map((s) => ({ ...s, start: s.start_utf16, end: s.end_utf16 })), anonymised: message.scan.anonymised, counts: message.scan.counts } }], [pending.card]);
      };
      if (kernelLabel) {
        model.on("change:reply", onReply);
        model.on("msg:custom", onCustom);
        cleanups.push(() => {
          model.off("change:reply", onReply);
          model.off("msg:custom", onCustom);
        });
      }
      cleanups.push(() => {
        for (const card of cards) card.controller?.abort?.();
      });

      // History.
      const jsonButton = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": "history-json" }, t("history.json"));
      const markdownButton = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": "history-markdown" }, t("history.markdown"));
      const clearButton = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": "history-clear" }, t("history.clear"));
      function showHistory() {
        historyCount.textContent = t("history.count", { count: history.length });
        for (const button of [jsonButton, markdownButton, clearButton]) button.disabled = history.length === 0;
      }
      jsonButton.addEventListener("click", () => download(doc, "historique-requetes.json", historyToJson(history), "application/json"));
      markdownButton.addEventListener("click", () => download(doc, "historique-requetes.md", historyToMarkdown(history, rubric), "text/markdown"));
      clearButton.addEventListener("click", () => {
        history.length = 0;
        for (const card of cards) card.entry = null;
        showHistory();
        announce(live, t("history.cleared"));
      });
      showHistory();

      const backendGroup = h(
        "fieldset",
        { class: "edukit-playground__settings", "data-playground": "backend" },
        h("legend", {}, t("prompts.backend")),
        radios.map((radio) => radio.row),
        miniNote,
      );
      const element = h(
        "div",
        { class: "edukit-playground__panel", "data-playground": "panel-prompts" },
        backendGroup,
        remoteBox,
        h("div", { class: "edukit-playground__pair" }, tempField, maxField, impacts.length ? impactField : null),
        guardBox,
        grid,
        differences,
        miniWhy,
        h("div", { class: "edukit-row" }, addButton, removeButton, sendAll),
        h("div", { class: "edukit-playground__history" }, h("p", { class: "edukit-label" }, t("history.title")), historyCount, h("div", { class: "edukit-row" }, jsonButton, markdownButton, clearButton)),
      );
      return { element };
    }
  },
};
