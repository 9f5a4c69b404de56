// The probe: the smallest widget that exercises the whole runtime (kept for tests).
// A counter synced with Python, a text field echoed as text, a value kept in the store.
import { announce, h, labelledField, liveRegion } from "./a11y.js";
import { translator } from "./i18n.js";
import { courseOf, courseStore } from "./store.js";

export default {
  render({ model, el }) {
    const t = translator(model.get("lang"));
    const store = courseStore(courseOf(model));
    const storeKey = `probe:${model.get("key")}`;
    const live = liveRegion();

    const count = h("p", { class: "edukit-probe__count", "data-probe": "count" });
    const button = h("button", { type: "button", class: "edukit-button", "data-probe": "increment" }, t("probe.increment"));
    const { field: textField, input } = labelledField(t("probe.text"), h("input", { type: "text", "data-probe": "text", autocomplete: "off" }));
    const echo = h("p", { class: "edukit-probe__echo", "data-probe": "echo", "aria-live": "polite" });
    const stored = h("p", { "data-probe": "stored" });
    const save = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-probe": "save" }, t("probe.save"));

    const showCount = () => {
      count.textContent = t("probe.count", { count: model.get("count") });
    };
    const showText = () => {
      const text = model.get("text");
      if (input.value !== text) input.value = text;
      echo.textContent = text ? t("probe.echo", { text }) : t("probe.echoEmpty");
    };
    const showStored = () => {
      const value = store.get(storeKey);
      stored.textContent = value === null ? t("probe.storedNone") : t("probe.storedValue", { value });
    };

    button.addEventListener("click", () => {
      model.set("count", model.get("count") + 1);
      model.save_changes();
      announce(live, count.textContent);
    });
    input.addEventListener("input", () => {
      model.set("text", input.value);
      model.save_changes();
    });
    save.addEventListener("click", () => {
      store.set(storeKey, model.get("text"));
      showStored();
      announce(live, t("store.saved"));
    });

    model.on("change:count", showCount);
    model.on("change:text", showText);
    const unsubscribe = store.subscribe((key) => key === storeKey && showStored());
    showCount();
    showText();
    showStored();

    el.replaceChildren(
      h(
        "section",
        { class: "edukit-probe", "aria-label": t("probe.title") },
        h("div", { class: "edukit-row" }, count, button),
        textField,
        echo,
        h("div", { class: "edukit-row" }, stored, save),
        live,
      ),
    );
    return () => {
      model.off("change:count", showCount);
      model.off("change:text", showText);
      unsubscribe();
    };
  },
};
