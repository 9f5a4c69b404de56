// Why the mini model's answers look alike: it continues the prompts' last words, it does not
// follow instructions.
import { h } from "../a11y.js";
import { BOS, detokenize } from "../minimodel.js";

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

/**
 * After the mini model answered: why its answers are the same (or differ only by words).
 * `results` maps a card's index to `{letter, text, context}`; `explain()` updates the note
 * for the cards still shown (`cards()`).
 */
export function miniExplainer({ t }, cards) {
  const element = h("p", { class: "edukit-note", "data-playground": "mini-why", hidden: true });
  const results = new Map();
  function explain() {
    const shown = [...results.values()].filter((result) => cards().some((card) => card.letter === result.letter));
    shown.sort((a, b) => a.letter.localeCompare(b.letter));
    const found = miniComparison(shown);
    element.hidden = !found;
    if (!found) return;
    const contexts = found.contexts
      .map(({ letter, words }) => (words.length ? t("mini.context", { words: detokenize(words), letter }) : t("mini.noContext", { letter })))
      .join(", ");
    const letters = `${found.letters.slice(0, -1).join(", ")} ${t("mini.and")} ${found.letters.at(-1)}`;
    element.textContent = `${t(found.kind === "same" ? "mini.same" : "mini.different", { letters, contexts })} ${t("mini.real")}`;
  }
  return { element, results, explain };
}
