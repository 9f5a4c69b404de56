// Accessibility helpers shared by every edukit widget: element builder (text only, never
// HTML), labels, live regions, keyboard operation, reduced motion.
// Importable in node: nothing touches the DOM until a function is called.

let counter = 0;

/** A page-unique id, for `for=`, `aria-describedby` and `aria-labelledby`. */
export function uid(prefix = "edukit") {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/**
 * `h("button", {type: "button", onclick: f, "aria-label": "…"}, "text", child)`.
 * Strings become text nodes: learner input can never become markup.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "class") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name in element && typeof value !== "string") element[name] = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return element;
}

/** A visually hidden live region; `announce(region, text)` makes screen readers read `text`. */
export function liveRegion({ politeness = "polite" } = {}) {
  return h("div", {
    class: "edukit-sr-only",
    role: politeness === "assertive" ? "alert" : "status",
    "aria-live": politeness,
    "aria-atomic": "true",
  });
}

export function announce(region, text) {
  // Clearing first makes repeated identical messages be read again.
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
  }, 30);
}

/** A labelled form field: returns `{field, input}`; the label is always visible. */
export function labelledField(labelText, input, { hint } = {}) {
  const id = input.id || uid("field");
  input.id = id;
  const label = h("label", { for: id, class: "edukit-label" }, labelText);
  const parts = [label, input];
  if (hint) {
    const hintId = uid("hint");
    input.setAttribute("aria-describedby", hintId);
    parts.splice(1, 0, h("p", { id: hintId, class: "edukit-hint" }, hint));
  }
  return { field: h("div", { class: "edukit-field" }, ...parts), input };
}

/** Whether the learner asked for less motion (`prefers-reduced-motion: reduce`). */
export function prefersReducedMotion(win = globalThis) {
  return Boolean(win.matchMedia?.("(prefers-reduced-motion: reduce)").matches);
}

const NEXT = new Set(["ArrowDown", "ArrowRight"]);
const PREVIOUS = new Set(["ArrowUp", "ArrowLeft"]);

/**
 * Roving tabindex over `items()` inside `container`: one Tab stop, arrows move focus only
 * (they never commit a choice), Home/End jump. Returns a function that removes the handler.
 */
export function rovingFocus(container, items) {
  const list = () => [...items()].filter((item) => !item.disabled);
  const sync = (active) => {
    for (const item of list()) item.tabIndex = item === active ? 0 : -1;
  };
  sync(list().find((item) => item.tabIndex === 0) ?? list()[0]);
  function onKeydown(event) {
    const all = list();
    const index = all.indexOf(document.activeElement);
    if (index < 0) return;
    let target = null;
    if (NEXT.has(event.key)) target = all[(index + 1) % all.length];
    else if (PREVIOUS.has(event.key)) target = all[(index - 1 + all.length) % all.length];
    else if (event.key === "Home") target = all[0];
    else if (event.key === "End") target = all[all.length - 1];
    if (!target) return;
    event.preventDefault();
    sync(target);
    target.focus();
  }
  container.addEventListener("keydown", onKeydown);
  return () => container.removeEventListener("keydown", onKeydown);
}

/** A short note in place of (or under) a widget: readable text, never a blank output. */
export function note(text, { kind = "info" } = {}) {
  return h("p", { class: `edukit-note edukit-note--${kind}`, role: kind === "error" ? "alert" : null }, text);
}

/**
 * Keep `keys` pressed inside `root` from the page's own shortcuts: JupyterLab takes ArrowDown,
 * Enter or Space on the document (next cell, edit mode) after the widget has seen them, so the
 * root stops them on their way up, once the widget's own handlers and defaults are settled.
 * Tab and keys held with Ctrl, Alt or Meta go on, so focus can leave and the notebook's
 * shortcuts still work. Returns a function that removes the handler.
 */
export function keepKeys(root, keys) {
  const kept = new Set(keys);
  kept.delete("Tab");
  function onKeydown(event) {
    if (!kept.has(event.key) || event.ctrlKey || event.altKey || event.metaKey) return;
    event.stopPropagation();
  }
  root.addEventListener("keydown", onKeydown);
  return () => root.removeEventListener("keydown", onKeydown);
}
