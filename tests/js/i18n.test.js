import assert from "node:assert/strict";
import { test } from "node:test";

import { DEFAULT_LANG, messages, normalizeLang, pageLang, translator } from "../../src/edukit/widgets/static/i18n.js";

test("French is the default and regional tags reduce to a supported language", () => {
  assert.equal(DEFAULT_LANG, "fr");
  assert.equal(normalizeLang("fr-FR"), "fr");
  assert.equal(normalizeLang("EN_gb"), "en");
  assert.equal(normalizeLang("de"), "fr");
  assert.equal(normalizeLang(undefined), "fr");
});

test("the page language comes from <html lang>", () => {
  assert.equal(pageLang({ documentElement: { lang: "en-US" } }), "en");
  assert.equal(pageLang({ documentElement: { lang: "" } }), "fr");
  assert.equal(pageLang(undefined), "fr");
});

test("every shared French message has an English translation and the same placeholders", () => {
  const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [key, text] of Object.entries(messages.fr)) {
    assert.ok(Object.hasOwn(messages.en, key), `missing English for ${key}`);
    assert.deepEqual(placeholders(messages.en[key]), placeholders(text), key);
  }
  assert.deepEqual(Object.keys(messages.en).sort(), Object.keys(messages.fr).sort());
});

test("lookup falls back to French, then to the key itself", () => {
  const t = translator("en", { fr: { "only.fr": "Seulement en français" } });
  assert.equal(t("only.fr"), "Seulement en français");
  assert.equal(t("no.such.key"), "no.such.key");
});

test("a widget's own catalogue wins over the shared one", () => {
  const t = translator("fr", { fr: { "widget.failed": "Autre texte" } });
  assert.equal(t("widget.failed"), "Autre texte");
});

test("parameters are filled and plurals follow the language rules", () => {
  const fr = translator("fr");
  const en = translator("en");
  assert.equal(fr("probe.count", { count: 0 }), "Compteur : 0 clic");
  assert.equal(fr("probe.count", { count: 1 }), "Compteur : 1 clic");
  assert.equal(fr("probe.count", { count: 2 }), "Compteur : 2 clics");
  assert.equal(en("probe.count", { count: 0 }), "Counter: 0 clicks");
  assert.equal(en("probe.count", { count: 1 }), "Counter: 1 click");
  assert.equal(fr("probe.echo", { text: "<b>" }), "Écho : <b>");
  assert.equal(fr("probe.echo"), "Écho : {text}");
});
