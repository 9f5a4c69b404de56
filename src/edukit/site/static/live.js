// The live preview's status (`edukit serve --live` only; normal builds never ship this file).
// The server writes status.json beside this script: "running" while a page is rebuilt or the
// background refresh (notebooks that read the lessons, the mini model) runs, then "ready".
// The page shows it in a small fixed note: role="status", polite, dismissable with Escape or
// its button, space kept under the page so that nothing stays hidden behind it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var STATUS_URL = new URL("status.json", script.src).href;
  var POLL_MS = 1000;
  var DISMISSED = "edukit-live-dismissed";
  var english = /^en\b/i.test(document.documentElement.lang || "");
  var WORDS = english
    ? {
        running: "Updating: ",
        ready: "Preview up to date",
        failed: "The update failed: see the terminal",
        page: "this page",
        notebooks: "the notebooks",
        model: "the mini model",
        and: " and ",
        hide: "Hide the preview status",
      }
    : {
        running: "Mise à jour en cours : ",
        ready: "Aperçu à jour",
        failed: "La mise à jour a échoué : voir le terminal",
        page: "cette page",
        notebooks: "les notebooks",
        model: "le mini-modèle",
        and: " et ",
        hide: "Masquer l'état de l'aperçu",
      };

  function message(status) {
    if (status.state === "running") {
      var tasks = (status.tasks || []).map(function (task) {
        return WORDS[task] || String(task);
      });
      var last = tasks.pop();
      var listed = tasks.length ? tasks.join(", ") + WORDS.and + last : last || WORDS.page;
      return WORDS.running + listed + "…";
    }
    return status.state === "failed" ? WORDS.failed : WORDS.ready;
  }

  var box = document.createElement("div");
  box.className = "edukit-live";
  box.hidden = true;
  var text = document.createElement("p");
  text.className = "edukit-live__text";
  text.setAttribute("role", "status");
  text.setAttribute("aria-live", "polite");
  var hide = document.createElement("button");
  hide.type = "button";
  hide.className = "edukit-live__hide";
  hide.setAttribute("aria-label", WORDS.hide);
  hide.title = WORDS.hide;
  hide.textContent = "×";
  box.appendChild(text);
  box.appendChild(hide);

  var shown = "";

  function remembered() {
    try {
      return window.sessionStorage.getItem(DISMISSED) || "";
    } catch (error) {
      return "";
    }
  }

  function keepSpace() {
    var height = box.hidden ? 0 : box.getBoundingClientRect().height;
    document.documentElement.style.setProperty("--edukit-live-space", height + "px");
  }

  function dismiss() {
    try {
      window.sessionStorage.setItem(DISMISSED, shown);
    } catch (error) {
      // private browsing: dismissed until the state changes on this page only
    }
    box.hidden = true;
    keepSpace();
  }

  function show(status) {
    var words = message(status);
    var key = status.state + "|" + words;
    box.dataset.state = status.state;
    if (key !== shown) {
      shown = key;
      text.textContent = words;
    }
    box.hidden = remembered() === key;
    keepSpace();
  }

  function poll() {
    fetch(STATUS_URL, { cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (status && typeof status.state === "string") show(status);
      })
      .catch(function () {
        // the server stopped or is rebuilding: keep the last state shown
      })
      .then(function () {
        window.setTimeout(poll, POLL_MS);
      });
  }

  hide.addEventListener("click", dismiss);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || box.hidden || event.defaultPrevented) return;
    var field = event.target && event.target.closest && event.target.closest("input, textarea");
    if (field && !box.contains(field)) return;
    dismiss();
  });
  window.addEventListener("resize", keepSpace);

  function start() {
    document.body.appendChild(box);
    poll();
  }
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
