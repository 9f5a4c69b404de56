// edukit static widget host: renders edukit widgets on site pages without a kernel or a CDN.
// Each mount point (`[data-edukit-mount]`, written by the edukit MkDocs plugin) carries the
// widget name and its state as inert data; the host gives it a minimal anywidget model and
// runs the widget's own ES module, shipped beside this file (relative URLs only).

import { pageLang, translator } from "./i18n.js";
import { progressPage } from "./progress.js";

const BASE = new URL(".", import.meta.url);
const modules = new Map();
const shared = new Map();
const live = new Map();

/**
 * How far ahead of the viewport a widget starts loading: two screens below (and above), so
 * that a learner who scrolls finds it ready, while a page pays nothing for the widgets of its
 * end on the first load.
 */
export const NEAR = "200% 0px";

/** Backbone-like equality, enough for JSON state: change events fire only on a real change. */
function same(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof DataView || b instanceof DataView) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && same(a[key], b[key]));
}

/**
 * The model a widget receives: `get`, `set`, `on`, `off`, `save_changes`, `send` (no-op:
 * there is no kernel). `set` fires `change:<name>` with `(model, value)`, then `change`.
 */
export function createModel(initial = {}) {
  const state = { ...initial };
  const listeners = new Map();
  const model = {
    get: (name) => state[name],
    set(name, value) {
      if (same(state[name], value)) return;
      state[name] = value;
      emit(`change:${name}`, model, value);
      emit("change", model);
    },
    on(event, callback) {
      for (const name of String(event).split(/\s+/).filter(Boolean)) {
        if (!listeners.has(name)) listeners.set(name, new Set());
        listeners.get(name).add(callback);
      }
    },
    off(event, callback) {
      if (!event) return listeners.clear();
      for (const name of String(event).split(/\s+/).filter(Boolean)) {
        if (callback) listeners.get(name)?.delete(callback);
        else listeners.delete(name);
      }
    },
    save_changes() {},
    send() {},
    get widget_manager() {
      return {
        async get_model() {
          throw new Error("no widget manager on a static page");
        },
      };
    },
  };
  function emit(name, ...args) {
    for (const callback of [...(listeners.get(name) ?? [])]) {
      try {
        callback(...args);
      } catch (error) {
        console.error(`edukit: a "${name}" listener failed`, error);
      }
    }
  }
  return model;
}

/** Put the binary buffers of a saved state back in place, as DataViews (like anywidget). */
export function restoreBuffers(state, buffers = []) {
  for (const { path, data } of buffers) {
    const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
    let target = state;
    for (const step of path.slice(0, -1)) target = target[step];
    target[path[path.length - 1]] = new DataView(bytes.buffer);
  }
  return state;
}

function loadModule(name, version) {
  const key = `${name}@${version}`;
  if (!modules.has(key)) {
    const css = new URL(`widgets/${name}.css?v=${version}`, BASE).href;
    if (!document.querySelector(`link[data-edukit-css="${name}"]`)) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = css;
      link.dataset.edukitCss = name;
      document.head.append(link);
    }
    modules.set(key, import(new URL(`widgets/${name}.js?v=${version}`, BASE).href));
  }
  return modules.get(key);
}

/**
 * The state a widget shares with every page (the playground's mini model), shipped once as a
 * static file named by its content (`data-edukit-shared`): fetched once per page, then from
 * the browser's cache. Each widget gets its own copy.
 */
async function sharedState(path) {
  if (!shared.has(path)) {
    const loading = fetch(new URL(path, BASE).href).then((response) => {
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return response.json();
    });
    loading.catch(() => shared.delete(path)); // a later mount may try again
    shared.set(path, loading);
  }
  return structuredClone(await shared.get(path));
}

function problem(mount, text) {
  const note = document.createElement("p");
  note.className = "edukit-note edukit-note--error";
  note.setAttribute("role", "alert");
  note.textContent = text;
  mount.replaceChildren(note);
}

async function mount(element) {
  const t = translator(pageLang());
  const name = element.dataset.edukitMount;
  let widget;
  let model;
  try {
    const saved = JSON.parse(element.dataset.edukitState || "{}");
    const state = restoreBuffers(saved.state ?? saved, saved.buffers);
    const path = element.dataset.edukitShared;
    if (path) Object.assign(state, await sharedState(path));
    state.lang = pageLang();
    model = createModel(state);
    const module = await loadModule(name, element.dataset.edukitVersion || "0");
    widget = typeof module.default === "function" ? await module.default() : module.default;
  } catch (error) {
    console.error(`edukit: widget "${name}" could not load`, error);
    problem(element, t("widget.failed"));
    return;
  }
  if (!element.isConnected) return;
  const el = document.createElement("div");
  element.replaceChildren(el);
  try {
    const disposeInit = widget.initialize ? await widget.initialize({ model }) : undefined;
    const disposeView = await widget.render({ model, el, experimental: {} });
    live.set(element, () => {
      for (const dispose of [disposeView, disposeInit]) if (typeof dispose === "function") dispose();
      model.off();
    });
    element.dataset.edukitRendered = "true";
  } catch (error) {
    console.error(`edukit: widget "${name}" failed to render`, error);
    problem(element, t("widget.failed"));
  }
}

function copyButtons(root) {
  const t = translator(pageLang());
  for (const button of root.querySelectorAll("button[data-edukit-copy]:not([data-edukit-ready])")) {
    button.dataset.edukitReady = "true";
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.edukitCopy);
      try {
        await navigator.clipboard.writeText(source?.textContent ?? "");
        button.dataset.copied = "true";
        setTimeout(() => delete button.dataset.copied, 1200);
      } catch {
        button.title = t("copy.failed");
      }
    });
  }
}

/**
 * Call `start(element)` once for each element, when it comes within `NEAR` of the viewport;
 * at once for all of them where the browser has no IntersectionObserver or the page is in a
 * frame (a SCORM package in an LMS: the frame's box clips what an observer sees, so a widget
 * would wait until it is on screen), and for those still waiting when the page is printed. Returns `prune()` (forget the elements that left the
 * page) and `flush()` (start every waiting one now).
 */
export function whenNear(elements, start, win = globalThis) {
  const waiting = new Set(elements);
  let observer = null;
  const begin = (element) => {
    if (!waiting.delete(element)) return;
    observer?.unobserve(element);
    if (waiting.size === 0) observer?.disconnect();
    start(element);
  };
  const flush = () => {
    for (const element of [...waiting]) begin(element);
  };
  const Observer = win.IntersectionObserver;
  if (typeof Observer === "function" && win.self === win.top) {
    observer = new Observer(
      (entries) => {
        for (const entry of entries) if (entry.isIntersecting) begin(entry.target);
      },
      { rootMargin: NEAR },
    );
  }
  if (!observer) flush();
  else for (const element of waiting) observer.observe(element);
  return {
    /** Stop waiting for the elements that left the page; whether any is still waiting. */
    prune() {
      for (const element of [...waiting]) {
        if (element.isConnected) continue;
        waiting.delete(element);
        observer?.unobserve(element);
      }
      if (waiting.size === 0) observer?.disconnect();
      return waiting.size > 0;
    },
    flush,
  };
}

const waits = new Set();

/** Mount every widget still waiting to come into view (before printing, for instance). */
export function renderAll() {
  for (const wait of waits) wait.flush();
}

/**
 * Render the mounts of the current content as they come near the viewport (a page pays for a
 * widget's module when the learner reaches it); dispose of widgets whose page went away.
 */
export function renderPage(root = document, win = globalThis) {
  for (const [element, dispose] of live) {
    if (!element.isConnected) {
      live.delete(element);
      dispose();
    }
  }
  for (const wait of waits) if (!wait.prune()) waits.delete(wait);
  copyButtons(root);
  const fresh = [];
  for (const element of root.querySelectorAll("[data-edukit-mount]")) {
    if (element.dataset.edukitRendered || live.has(element)) continue;
    element.dataset.edukitRendered = "pending";
    fresh.push(element);
  }
  if (fresh.length) waits.add(whenNear(fresh, mount, win));
}

if (typeof document !== "undefined") {
  // Material's document$ emits on the first load and after every instant navigation
  // (including back/forward); without Material, render once the DOM is ready.
  // The progress panel and lesson tracking (progress.js) follow every page too.
  const page = () => {
    try {
      progressPage();
    } catch (error) {
      console.error("edukit: the progress panel could not start", error);
    }
    return renderPage();
  };
  const start = () => {
    if (window.document$?.subscribe) window.document$.subscribe(page);
    else page();
  };
  window.addEventListener("beforeprint", renderAll);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
