// Which model answers the prompts (the mini model, Python in JupyterLab, or a service from the
// page) and the service's settings: its address, model name, and the key, kept for this tab
// only and sent only to the origin it was typed for.
import { announce, h, labelledField, uid } from "../a11y.js";
import { ENDPOINT_EVENT, originOf } from "./chat.js";

/** The backend radios: the classroom's preset service is chosen when there is one. */
function backendChoice({ t, mini, kernelLabel }, stored) {
  const backendName = uid("backend");
  const choices = [["mini", t("prompts.mini")]];
  if (kernelLabel) choices.push(["kernel", t("prompts.kernel", { label: kernelLabel })]);
  choices.push(["remote", t("prompts.remote")]);
  const radios = choices.map(([value, label], index) => {
    const input = h("input", { type: "radio", name: backendName, value, id: uid("backend"), "data-playground": `backend-${value}` });
    input.checked = stored.salle && stored.baseUrl ? value === "remote" : index === (kernelLabel ? 1 : 0);
    return { input, row: h("div", { class: "edukit-playground__choice" }, input, h("label", { for: input.id }, label)) };
  });
  const miniNote = h(
    "p",
    { class: "edukit-hint", "data-playground": "mini-note" },
    t("prompts.miniNote"),
    mini ? ` ${t("prompts.miniContext", { count: mini.order - 1 })}` : "",
  );
  const group = h("fieldset", { class: "edukit-playground__settings", "data-playground": "backend" }, h("legend", {}, t("prompts.backend")), radios.map((radio) => radio.row), miniNote);
  return { radios, miniNote, group, backend: () => radios.find((radio) => radio.input.checked)?.input.value ?? "mini" };
}

/**
 * Why the stored key will not go to `baseUrl`, in the learner's words; "" when it may (or
 * when there is no key). The key is bound to the origin it was typed for.
 */
export function keyMismatch(t, credential, baseUrl) {
  if (!credential.key) return "";
  const current = originOf(baseUrl);
  if (credential.origin && credential.origin === current) return "";
  if (!credential.origin) return t("remote.keyUnbound");
  if (!current) return t("remote.keyBoundTo", { saved: credential.origin });
  return t("remote.keyOtherOrigin", { saved: credential.origin, current });
}

function remoteFields({ t, model }, stored) {
  const preset = model.get("endpoint") || {};
  const { field: baseField, input: baseInput } = labelledField(t("remote.base"), h("input", { type: "url", autocomplete: "off", spellcheck: "false", "data-playground": "remote-base" }), { hint: t("remote.baseHint") });
  baseInput.value = stored.baseUrl || preset.base_url || "";
  const { field: modelField, input: modelInput } = labelledField(t("remote.model"), h("input", { type: "text", autocomplete: "off", spellcheck: "false", "data-playground": "remote-model" }));
  modelInput.value = stored.model || preset.model || "";
  const { field: keyField, input: keyInput } = labelledField(t("remote.key"), h("input", { type: "password", autocomplete: "off", spellcheck: "false", "data-playground": "remote-key" }), { hint: t("remote.keyHint") });
  return { preset, baseField, baseInput, modelField, modelInput, keyField, keyInput };
}

/** « Garder pour cette session » and « Oublier la clé »: a key is kept only with a full address. */
function keyButtons({ t, live }, session, { baseInput, modelInput, keyInput }, { keyStatus, showKeyStatus, mismatch }) {
  const saveRemote = h("button", { type: "button", class: "edukit-button", "data-playground": "remote-save" }, t("remote.save"));
  const forgetKey = h("button", { type: "button", class: "edukit-button edukit-button--secondary", "data-playground": "remote-forget" }, t("remote.forget"));
  saveRemote.addEventListener("click", () => {
    const key = keyInput.value.trim();
    if (key && !originOf(baseInput.value.trim())) {
      keyStatus.textContent = t("remote.keyBadUrl");
      announce(live, t("remote.keyBadUrl"));
      baseInput.focus();
      return;
    }
    session.save({ baseUrl: baseInput.value.trim(), model: modelInput.value.trim(), key });
    keyInput.value = "";
    showKeyStatus();
    announce(live, mismatch() || t("remote.saved"));
  });
  forgetKey.addEventListener("click", () => {
    session.forgetKey();
    keyInput.value = "";
    showKeyStatus();
    announce(live, t("remote.forgotten"));
  });
  return h("div", { class: "edukit-row" }, saveRemote, forgetKey);
}

/** The backend choice and the remote service's box; `session` is chat.js's sessionSettings. */
export function remoteSettings(ctx, session) {
  const { t, cleanups } = ctx;
  let stored = session.read();
  const choice = backendChoice(ctx, stored);
  const fields = remoteFields(ctx, stored);
  const { preset, baseInput, modelInput, keyInput } = fields;
  const keyStatus = h("p", { class: "edukit-hint", "data-playground": "remote-key-status" });
  const mismatch = () => keyMismatch(t, session.credential(), baseInput.value.trim());
  const showKeyStatus = () => {
    const now = session.read();
    keyStatus.textContent = mismatch() || (now.salle && now.key ? t("remote.salle") : now.key ? t("remote.keyKept") : t("remote.keyNone"));
  };
  const buttons = keyButtons(ctx, session, fields, { keyStatus, showKeyStatus, mismatch });
  baseInput.addEventListener("input", showKeyStatus);
  showKeyStatus();
  const box = h(
    "fieldset",
    { class: "edukit-playground__settings", "data-playground": "remote" },
    h("legend", {}, t("remote.title")),
    fields.baseField,
    fields.modelField,
    fields.keyField,
    keyStatus,
    buttons,
  );
  const updateBackend = () => {
    box.hidden = choice.backend() !== "remote";
    choice.miniNote.hidden = choice.backend() !== "mini";
  };
  for (const radio of choice.radios) radio.input.addEventListener("change", updateBackend);
  updateBackend();
  // A classroom server's preset may arrive after this widget is drawn (or be withdrawn when
  // the learner leaves the room): follow it unless the learner typed other settings.
  const followPreset = () => {
    const previous = stored;
    stored = session.read();
    const untouched = baseInput.value.trim() === (previous.baseUrl || preset.base_url || "") && modelInput.value.trim() === (previous.model || preset.model || "");
    if (!untouched) return showKeyStatus();
    baseInput.value = stored.baseUrl || preset.base_url || "";
    modelInput.value = stored.model || preset.model || "";
    const wanted = stored.salle && stored.baseUrl ? "remote" : previous.salle ? "mini" : null;
    for (const radio of choice.radios) if (wanted) radio.input.checked = radio.input.value === wanted;
    updateBackend();
    showKeyStatus();
  };
  globalThis.addEventListener?.(ENDPOINT_EVENT, followPreset);
  cleanups.push(() => globalThis.removeEventListener?.(ENDPOINT_EVENT, followPreset));
  return {
    backend: choice.backend,
    group: choice.group,
    box,
    baseInput,
    modelInput,
    keyInput,
    /** The message that stops a send whose key belongs to another origin ("" when none). */
    mismatch,
    showKeyStatus,
  };
}
