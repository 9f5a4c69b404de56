// The wrapper every widget module gets (defineWidget), driven with a tiny fake DOM.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createModel } from "../../src/edukit/site/static/host.js";
import { defineWidget } from "../../src/edukit/widgets/static/runtime.js";

class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attributes = {};
    this.dataset = {};
    this.className = "";
    this.textContent = "";
    this.classList = { add: (name) => (this.className = `${this.className} ${name}`.trim()) };
  }
  setAttribute(name, value) {
    this.attributes[name] = value;
  }
  append(...nodes) {
    for (const node of nodes) {
      if (node instanceof FakeElement) this.children.push(node);
      else this.textContent += node.text;
    }
  }
  replaceChildren(...nodes) {
    this.children = nodes;
  }
  querySelector() {
    return this.children.find((child) => child.className?.includes("edukit-problem")) ?? null;
  }
  remove() {
    this.removed = true;
  }
}

globalThis.document = {
  createElement: (tag) => new FakeElement(tag),
  createTextNode: (text) => ({ text }),
};

test("the root element carries data-edukit-widget, the class and the language", async () => {
  const el = new FakeElement("div");
  const model = createModel({ lang: "en", error: "" });
  let rendered = false;
  const widget = defineWidget("probe", { render: () => (rendered = true) });
  await widget.render({ model, el });
  assert.equal(rendered, true);
  assert.equal(el.dataset.edukitWidget, "probe");
  assert.match(el.className, /edukit-widget/);
  assert.equal(el.lang, "en");
});

test("a widget whose render throws shows a readable note, not a blank", async () => {
  const el = new FakeElement("div");
  const model = createModel({ lang: "fr", error: "" });
  const original = console.error;
  console.error = () => {};
  try {
    await defineWidget("broken", { render: () => { throw new Error("données absentes"); } }).render({ model, el });
  } finally {
    console.error = original;
  }
  assert.equal(el.children.length, 1);
  assert.match(el.children[0].textContent, /n'a pas pu s'afficher.*données absentes/);
  assert.equal(el.children[0].attributes.role, "alert");
});

test("a problem reported by Python (the error trait) appears under the widget and goes away", async () => {
  const el = new FakeElement("div");
  const model = createModel({ lang: "fr", error: "" });
  const dispose = await defineWidget("probe", { render: () => {} }).render({ model, el });
  model.set("error", "la banque est vide");
  const slot = el.children.find((child) => child.className.includes("edukit-problem"));
  assert.equal(slot.textContent, "Problème : la banque est vide");
  model.set("error", "");
  assert.equal(slot.removed, true);
  dispose();
});

test("the widget's cleanup runs when the view goes away", async () => {
  const el = new FakeElement("div");
  const model = createModel({ lang: "fr", error: "" });
  let cleaned = false;
  const dispose = await defineWidget("probe", { render: () => () => (cleaned = true) }).render({ model, el });
  dispose();
  assert.equal(cleaned, true);
});
