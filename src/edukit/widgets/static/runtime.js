// What every edukit widget shares at render time, wherever it runs (JupyterLab through
// anywidget, or the static host of the site): the root marker, the language, the
// readable note when something goes wrong. Widget modules never import this file: the
// Python bundler wraps their default export with `defineWidget(name, widget)`.

import { note } from "./a11y.js";
import { normalizeLang, translator } from "./i18n.js";

function showProblem(el, t, message) {
  let slot = el.querySelector(":scope > .edukit-problem");
  if (!message) {
    slot?.remove();
    return;
  }
  if (!slot) {
    slot = note("", { kind: "error" });
    slot.classList.add("edukit-problem");
    el.append(slot);
  }
  slot.textContent = t("widget.problem", { message });
}

export function defineWidget(name, widget) {
  return {
    ...(widget.initialize ? { initialize: (context) => widget.initialize(context) } : {}),
    async render(context) {
      const { model, el } = context;
      const lang = normalizeLang(model.get("lang"));
      const t = translator(lang);
      el.dataset.edukitWidget = name;
      el.classList.add("edukit-widget");
      el.lang = lang;
      const onError = () => showProblem(el, t, model.get("error"));
      model.on("change:error", onError);
      let cleanup;
      try {
        cleanup = await widget.render(context);
        onError();
      } catch (error) {
        console.error(`edukit widget "${name}"`, error);
        el.replaceChildren(note(`${t("widget.failed")} (${error?.message ?? error})`, { kind: "error" }));
      }
      return () => {
        model.off("change:error", onError);
        if (typeof cleanup === "function") cleanup();
      };
    },
  };
}
