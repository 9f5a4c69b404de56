// The prompt checklist (edukit.llm._checklist, mirrored line for line).
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

/** The blocks of material a prompt holds; `claim` takes a span no earlier block overlaps. */
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
  claimDelimited(c, folded, claim);
  claimHeaderBlocks(c, folded, claim, claimed, blocks);
  claimInlineBlocks(c, folded, claim, claimed, blocks);
  blocks.sort((x, y) => x.start - y.start);
  classifyBlocks(c, folded, blocks);
  return blocks;
}

/** Fences, triple quotes, tags, rules and quotes: material with visible delimiters. */
function claimDelimited(c, folded, claim) {
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
}

/** Lines under a header (« Texte : », « Exemple : »), up to the next instruction line. */
function claimHeaderBlocks(c, folded, claim, claimed, blocks) {
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
    let end = headerBlockEnd(c, folded, lineStart, claimed);
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
}

function headerBlockEnd(c, folded, lineStart, claimed) {
  let end = folded.length;
  for (const [a] of claimed) if (a > lineStart) end = Math.min(end, a);
  for (const gap of folded.slice(lineStart, end).matchAll(c.seg.gap.g)) {
    const gapStart = lineStart + gap.index;
    const gapEnd = gapStart + gap[0].length;
    const lineEnd = folded.indexOf("\n", gapEnd);
    const line = folded.slice(gapEnd, lineEnd < 0 ? folded.length : lineEnd);
    if (c.seg.instruction_line.one.test(line)) return gapStart;
  }
  return end;
}

/** The rest of a line after an inline cue: an example's (« par exemple : ») or data's. */
function claimInlineBlocks(c, folded, claim, claimed, blocks) {
  const restOfLine = (mEnd) => {
    const lineEnd = folded.indexOf("\n", mEnd);
    let end = lineEnd < 0 ? folded.length : lineEnd;
    while (end > mEnd && isSpace(folded[end - 1])) end -= 1;
    return end;
  };
  for (const m of folded.matchAll(c.seg.inline_example.g)) {
    const mEnd = m.index + m[0].length;
    if (claim("inline", mEnd, restOfLine(mEnd), mEnd, false)) {
      const [cueStart, cueEnd] = trimSpan(folded, m.index, folded.lastIndexOf(":", mEnd - 1));
      Object.assign(blocks[blocks.length - 1], { use: "example", cue_start: cueStart, cue_end: cueEnd });
    }
  }
  for (const m of folded.matchAll(c.seg.inline.g)) {
    const mEnd = m.index + m[0].length;
    const end = restOfLine(mEnd);
    if (overlaps(mEnd, end, claimed) || c.seg.instruction_line.one.test(folded.slice(mEnd, end))) continue;
    claim("inline", mEnd, end, mEnd, false);
  }
}

/** Each block's use: an example (cued, or chained to one), a short mention, or data. */
function classifyBlocks(c, folded, blocks) {
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
