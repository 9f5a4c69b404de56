// Translation catalogues shared by every edukit widget: French first, English provided.
// Pure ES module (no DOM at import time) so that node's test runner can import it.

export const DEFAULT_LANG = "fr";
export const LANGS = Object.freeze(["fr", "en"]);

export const messages = {
  fr: {
    "widget.failed": "Ce module interactif n'a pas pu s'afficher.",
    "widget.problem": "Problème : {message}",
    "widget.needsJupyter": "Ce contrôle nécessite Jupyter : ouvrez le notebook dans JupyterLab pour l'utiliser.",
    "widget.loading": "Chargement du module interactif…",
    "widget.needsScript": "Ce module interactif a besoin de JavaScript pour s'afficher.",
    "copy.label": "Copier le code",
    "copy.failed": "La copie n'a pas fonctionné : sélectionnez le code et copiez-le à la main.",
    "store.unavailable": "Votre navigateur ne permet pas d'enregistrer la progression sur cet appareil.",
    "store.saved": "Enregistré sur cet appareil.",
    "probe.title": "Sonde de test",
    "probe.count.one": "Compteur : {count} clic",
    "probe.count.other": "Compteur : {count} clics",
    "probe.increment": "Ajouter un clic",
    "probe.text": "Votre texte",
    "probe.echo": "Écho : {text}",
    "probe.echoEmpty": "Écho : (vide)",
    "probe.stored": "Valeur enregistrée",
    "probe.save": "Enregistrer",
    "probe.storedNone": "Aucune valeur enregistrée.",
    "probe.storedValue": "Valeur enregistrée : {value}",
  },
  en: {
    "widget.failed": "This interactive module could not be displayed.",
    "widget.problem": "Problem: {message}",
    "widget.needsJupyter": "This control needs Jupyter: open the notebook in JupyterLab to use it.",
    "widget.loading": "Loading the interactive module…",
    "widget.needsScript": "This interactive module needs JavaScript to show.",
    "copy.label": "Copy the code",
    "copy.failed": "Copying did not work: select the code and copy it by hand.",
    "store.unavailable": "Your browser does not let this site save your progress on this device.",
    "store.saved": "Saved on this device.",
    "probe.title": "Test probe",
    "probe.count.one": "Counter: {count} click",
    "probe.count.other": "Counter: {count} clicks",
    "probe.increment": "Add a click",
    "probe.text": "Your text",
    "probe.echo": "Echo: {text}",
    "probe.echoEmpty": "Echo: (empty)",
    "probe.stored": "Stored value",
    "probe.save": "Save",
    "probe.storedNone": "No stored value.",
    "probe.storedValue": "Stored value: {value}",
  },
};

/** "fr-FR", "EN", "en_GB" → a supported language; anything else → French. */
export function normalizeLang(value) {
  const primary = String(value ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return LANGS.includes(primary) ? primary : DEFAULT_LANG;
}

/** The language of the page (`<html lang>`), or French outside a browser. */
export function pageLang(doc = globalThis.document) {
  return normalizeLang(doc?.documentElement?.lang);
}

function lookup(catalogues, lang, key) {
  for (const catalogue of catalogues) {
    const table = catalogue?.[lang];
    if (table && Object.hasOwn(table, key)) return table[key];
  }
  return undefined;
}

/**
 * A `t(key, params)` function for `lang`. `extra` holds a widget's own catalogues
 * (`{fr: {...}, en: {...}}`) and wins over the shared ones. Lookup falls back to French,
 * then to the key itself, so a missing translation never shows a blank.
 * With `params.count`, the plural form `key.one` / `key.other` is chosen first.
 */
export function translator(lang, extra = {}) {
  const language = normalizeLang(lang);
  const catalogues = [extra, messages];
  const rules = new Intl.PluralRules(language);
  return function t(key, params = {}) {
    const keys = typeof params.count === "number" ? [`${key}.${rules.select(params.count)}`, `${key}.other`, key] : [key];
    let text;
    for (const candidate of keys) {
      text = lookup(catalogues, language, candidate) ?? lookup(catalogues, DEFAULT_LANG, candidate);
      if (text !== undefined) break;
    }
    if (text === undefined) return key;
    return text.replace(/\{(\w+)\}/g, (whole, name) =>
      Object.hasOwn(params, name) ? String(params[name]) : whole,
    );
  };
}
