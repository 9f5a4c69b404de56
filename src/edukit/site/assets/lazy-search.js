// Search on demand. Material asks for the search index (about 200 KB gzip on this course) and
// starts its search worker as soon as any page opens; most learners never search. This script
// runs before Material's bundle: it holds the index request until the learner starts a search
// (focus or click on the search field, Material's S, F and / shortcuts, which focus it, or an
// address carrying ?q= or ?h=), and points Material at a worker shim (search-worker.js, shipped beside Material's worker) that
// loads the real worker only when the index arrives. Relative URLs only: works on a subpath.
(() => {
  const INDEX = /(^|\/)search\/search_index\.json(\?|#|$)/;
  const waiting = [];
  let started = false;

  const start = () => {
    if (started) return;
    started = true;
    for (const send of waiting.splice(0)) send();
  };

  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.edukitSearchIndex = INDEX.test(String(url));
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (this.edukitSearchIndex && !started) {
      waiting.push(() => send.apply(this, args));
      return undefined;
    }
    return send.apply(this, args);
  };

  const config = document.getElementById("__config");
  const shim = document.currentScript?.dataset.edukitWorker;
  if (config && shim) {
    try {
      const settings = JSON.parse(config.textContent);
      if (settings.search) {
        const real = new URL(settings.search, document.baseURI).href;
        const url = new URL(shim, document.baseURI);
        url.searchParams.set("worker", real);
        settings.search = url.href;
        config.textContent = JSON.stringify(settings);
      }
    } catch (error) {
      console.error("edukit: the search settings could not be read", error);
    }
  }

  const asked = new URLSearchParams(location.search);
  if (asked.has("q") || asked.has("h")) start();
  const inSearch = (target) =>
    target instanceof Element &&
    (target.closest(".md-search, [data-md-component='search']") || target.id === "__search");
  document.addEventListener("focusin", (event) => inSearch(event.target) && start(), true);
  document.addEventListener("pointerdown", (event) => inSearch(event.target) && start(), true);
  document.addEventListener("change", (event) => inSearch(event.target) && start(), true);
  document.addEventListener(
    "click",
    (event) => {
      const label = event.target instanceof Element ? event.target.closest("label") : null;
      if (label?.htmlFor === "__search") start();
    },
    true,
  );
})();
