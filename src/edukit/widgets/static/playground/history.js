// The history of attempts: exports in the formats of edukit.llm.history_to_json and
// history_to_markdown (every prompt and answer escaped, never raw HTML), and its view.
import { announce, h } from "../a11y.js";

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

/**
 * The history box: its count and download buttons. `history` is the list of entries the
 * caller appends to (then calls `show()`); clearing it also detaches `cards()`' entries.
 */
export function historyPanel({ t, doc, live }, { history, rubric, cards }) {
  const button = (name, label) => h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": name }, label);
  const count = h("p", { class: "edukit-hint", "data-playground": "history-count" });
  const jsonButton = button("history-json", t("history.json"));
  const markdownButton = button("history-markdown", t("history.markdown"));
  const clearButton = button("history-clear", t("history.clear"));
  function show() {
    count.textContent = t("history.count", { count: history.length });
    for (const each of [jsonButton, markdownButton, clearButton]) each.disabled = history.length === 0;
  }
  jsonButton.addEventListener("click", () => download(doc, "historique-requetes.json", historyToJson(history), "application/json"));
  markdownButton.addEventListener("click", () => download(doc, "historique-requetes.md", historyToMarkdown(history, rubric), "text/markdown"));
  clearButton.addEventListener("click", () => {
    history.length = 0;
    for (const card of cards()) card.entry = null;
    show();
    announce(live, t("history.cleared"));
  });
  show();
  const element = h(
    "div",
    { class: "edukit-playground__history" },
    h("p", { class: "edukit-label" }, t("history.title")),
    count,
    h("div", { class: "edukit-row" }, jsonButton, markdownButton, clearButton),
  );
  return { element, show };
}
