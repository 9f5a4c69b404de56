// Material's bundle on demand. The theme's script (35 KB gzip) adds search, instant navigation,
// code-copy buttons, tooltips and the sticky sidebars; reading a lesson and answering its quiz
// need none of it. This script takes the bundle's place (the plugin writes its address in
// `data-edukit-bundle`) and loads it at the learner's first sign of activity: a press, a touch, a
// key, a focus, or the pointer over the header, the navigation, a code block or a glossary term.
// Until then the page keeps Material's « no-js » layout, which Material designed to work, and
// this script does the little that cannot wait:
// - the palette: the stored or the system's light/dark scheme at once, and the toggle working;
// - the search: its field stays visible; focusing it opens the search (the index is still held
//   by lazy-search.js until then); Enter does not reload the page; S, F and / focus it;
// - code blocks wider than the page get `tabindex="0"`, so that a keyboard can scroll them;
// - `window.document$`: a stand-in for Material's observable, so that scripts which follow every
//   page (edukit's host, the trainer view, the classroom) run once now and, once the bundle is
//   there, after every instant navigation — without being called twice for this page.
// Material subscribes to DOMContentLoaded when its bundle runs; by then the event is long gone,
// so while the bundle loads, such a listener is called at once instead.
(() => {
  const script = document.currentScript;
  const bundle = script?.dataset.edukitBundle;
  if (!bundle) return;
  const root = document.documentElement;
  root.classList.add("edukit-on-demand");
  let state = "waiting"; // then "loading", "ready"

  // -- window.document$ until the bundle is there ------------------------------------------
  const followers = [];
  window.document$ = {
    subscribe(observer) {
      const next = typeof observer === "function" ? observer : observer?.next?.bind(observer);
      const follower = { next, closed: false, real: null };
      followers.push(follower);
      const first = () => {
        if (!follower.closed) next?.(document);
      };
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", first, { once: true });
      } else first();
      return {
        unsubscribe() {
          follower.closed = true;
          follower.real?.unsubscribe();
        },
      };
    },
  };
  const handOver = (real) => {
    for (const follower of followers.splice(0)) {
      if (follower.closed || !follower.next) continue;
      let replay = true; // Material's document$ replays this page at once: already seen
      follower.real = real.subscribe((page) => replay || follower.next(page));
      replay = false;
    }
  };

  // -- the palette ----------------------------------------------------------------------------
  const store = (name, value) => {
    // Material's own writer, which already ignores a storage that refuses (private browsing)
    if (typeof __md_set === "function") __md_set(name, value);
  };
  const stored = (name) => {
    try {
      return typeof __md_get === "function" ? __md_get(name) : null;
    } catch {
      return null;
    }
  };
  const form = document.querySelector("[data-md-component='palette']");
  const inputs = form ? [...form.querySelectorAll("input")] : [];
  const colour = (input) => ({
    media: input.getAttribute("data-md-color-media"),
    scheme: input.getAttribute("data-md-color-scheme"),
    primary: input.getAttribute("data-md-color-primary"),
    accent: input.getAttribute("data-md-color-accent"),
  });
  const applyPalette = (index) => {
    const input = inputs[index];
    if (!input) return;
    for (const [key, value] of Object.entries(colour(input))) {
      if (value !== null) document.body.setAttribute(`data-md-color-${key}`, value);
    }
    inputs.forEach((other, position) => {
      const label = other.nextElementSibling;
      if (label instanceof HTMLElement) label.hidden = position !== index;
    });
    store("__palette", { index, color: colour(input) });
  };
  if (inputs.length) {
    const saved = stored("__palette");
    const byMedia = inputs.findIndex((input) => {
      const media = input.getAttribute("data-md-color-media");
      return Boolean(media) && matchMedia(media).matches;
    });
    const index = Number.isInteger(saved?.index) ? saved.index : byMedia;
    applyPalette(Math.max(0, Math.min(index, inputs.length - 1)));
    form.addEventListener("change", (event) => {
      if (state === "ready") return; // Material's own toggle has taken over
      const position = inputs.indexOf(event.target);
      if (position >= 0) applyPalette(position);
    });
  }

  // -- the search -----------------------------------------------------------------------------
  const toggle = document.getElementById("__search");
  const field = document.querySelector(".md-search__input");
  const openSearch = () => {
    if (toggle && !toggle.checked) toggle.checked = true;
  };
  document.querySelector("form[name='search']")?.addEventListener("submit", (event) => {
    if (state !== "ready") event.preventDefault(); // Material answers in place once loaded
  });
  document.addEventListener("focusin", (event) => {
    if (state !== "ready" && event.target === field) openSearch();
  });
  const typing = (target) =>
    target instanceof Element && target.closest("input, textarea, select, [contenteditable]");
  document.addEventListener("keydown", (event) => {
    if (state === "ready" || !field || typing(event.target)) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (!["s", "f", "/"].includes(event.key.toLowerCase())) return;
    event.preventDefault();
    openSearch();
    field.focus();
  });

  // -- code blocks wider than the page scroll by keyboard too, as Material makes them ---------
  const scrollableCode = () => {
    if (state === "ready") return; // Material's own code blocks have taken over
    for (const code of document.querySelectorAll("pre > code")) {
      if (code.scrollWidth > code.clientWidth) code.setAttribute("tabindex", "0");
    }
  };
  scrollableCode();
  window.addEventListener("resize", scrollableCode, { passive: true });

  // -- loading the bundle ---------------------------------------------------------------------
  const ready = () => {
    state = "ready";
    root.dataset.edukitTheme = "ready"; // for whoever needs Material's features (and tests)
    if (window.document$?.subscribe) handOver(window.document$);
    if (field && document.activeElement === field) {
      // Material watches the field from now on: let it see what is already typed.
      field.dispatchEvent(new KeyboardEvent("keyup", { key: "Unidentified" }));
    }
    document.dispatchEvent(new CustomEvent("edukit:theme-ready"));
  };
  const load = () => {
    if (state !== "waiting") return;
    state = "loading";
    const add = document.addEventListener;
    document.addEventListener = function (type, listener, options) {
      if (type === "DOMContentLoaded" && document.readyState !== "loading" && listener) {
        queueMicrotask(() => {
          const event = new Event(type);
          if (typeof listener === "function") listener.call(document, event);
          else listener.handleEvent?.(event);
        });
        return undefined;
      }
      return add.call(this, type, listener, options);
    };
    const element = document.createElement("script");
    element.src = new URL(bundle, document.baseURI).href;
    element.addEventListener("load", () => {
      document.addEventListener = add;
      ready();
    });
    element.addEventListener("error", () => {
      document.addEventListener = add;
      element.remove();
      state = "waiting"; // a weak connection dropped it: the next sign of activity tries again
    });
    document.body.append(element);
  };
  const NEEDS = ".md-header, .md-tabs, .md-sidebar, .md-search, .md-footer, pre, abbr";
  for (const type of ["pointerdown", "touchstart", "keydown", "focusin"]) {
    document.addEventListener(type, load, { capture: true, passive: true });
  }
  document.addEventListener(
    "pointerover",
    (event) => event.target instanceof Element && event.target.closest(NEEDS) && load(),
    { capture: true, passive: true },
  );
  const asked = new URLSearchParams(location.search); // a search to run, or terms to highlight
  if (asked.has("q") || asked.has("h")) load();
})();
