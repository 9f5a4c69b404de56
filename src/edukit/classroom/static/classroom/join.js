// edukit classroom, the join dialog: what the room collects (the server's French notice, an
// English summary on English pages), the room's code and a pseudonym, checked before sending;
// an error is said next to the field it concerns, which gets the focus.

import { el, openDialog, uid } from "./dialog.js";
import { LATER_SLOT, TOKEN_SLOT, readJson, writeJson } from "./queue.js";
import { checkPseudo } from "./text.js";

/** The dialog's fields, with the ids that tie hints and errors to them. */
function joinFields(page) {
  const { doc, t } = page;
  const ids = { intro: uid("intro"), codeHint: uid("aide-code"), pseudoHint: uid("aide-pseudo"), error: uid("erreur") };
  return {
    ids,
    code: el(doc, "input", { id: uid("code"), name: "code", type: "text", autocomplete: "off", autocapitalize: "characters", spellcheck: "false", required: true, "aria-describedby": ids.codeHint, "data-edukit-classe": "code" }),
    pseudo: el(doc, "input", { id: uid("pseudo"), name: "pseudo", type: "text", autocomplete: "nickname", maxlength: "40", required: true, "aria-describedby": ids.pseudoHint, "data-edukit-classe": "pseudo" }),
    error: el(doc, "p", { id: ids.error, class: "edukit-classe__erreur", role: "alert", "data-edukit-classe": "erreur" }),
    submit: el(doc, "button", { type: "submit", "data-edukit-classe": "rejoindre" }, t("join.submit")),
    later: el(doc, "button", { type: "button", "data-edukit-classe": "plus-tard" }, t("join.later")),
  };
}

/** Open the join dialog (once); returns its `close`. */
export function showJoin(page) {
  const { doc, t, info } = page;
  if (doc.querySelector("[data-edukit-classe=rejoindre-dialogue]")) return undefined;
  const fields = joinFields(page);
  const { ids } = fields;
  const notice = page.notice();
  const { close } = openDialog(doc, {
    title: t("join.title"),
    describedBy: ids.intro,
    name: "rejoindre-dialogue",
    onCancel: () => fields.later.click(),
    build: (done) => {
      fields.later.addEventListener("click", () => {
        page.session?.setItem(LATER_SLOT, "1");
        done();
      });
      const form = el(
        doc,
        "form",
        { novalidate: true, "data-edukit-classe": "formulaire" },
        el(doc, "label", { for: fields.code.id }, t("join.code")),
        el(doc, "p", { id: ids.codeHint, class: "edukit-classe__hint" }, t("join.codeHint")),
        fields.code,
        el(doc, "label", { for: fields.pseudo.id }, t("join.pseudo")),
        el(doc, "p", { id: ids.pseudoHint, class: "edukit-classe__hint" }, t("join.pseudoHint")),
        fields.pseudo,
        fields.error,
        el(doc, "div", { class: "edukit-classe__actions" }, fields.submit, fields.later),
      );
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        sendJoin(page, fields, done);
      });
      return [
        el(doc, "p", { id: ids.intro }, t("join.intro", { room: String(info.nom ?? "") })),
        el(doc, "h3", {}, t("join.noticeTitle")),
        notice,
        form,
      ];
    },
  });
  return close;
}

/** Say `message` by `field` (marked invalid, focused), or by the button when no field is at fault. */
function failJoin(fields, message, field) {
  const { ids } = fields;
  for (const input of [fields.code, fields.pseudo]) {
    const hint = input === fields.code ? ids.codeHint : ids.pseudoHint;
    if (input === field) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", `${hint} ${ids.error}`);
    } else {
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", hint);
    }
  }
  fields.error.textContent = message;
  (field ?? fields.submit).focus();
}

/** POST the code and pseudonym (with the previous token of this room, to stay the same learner). */
async function requestJoin(page, code, pseudo) {
  const previous = readJson(page.local, TOKEN_SLOT, null);
  const headers = { "Content-Type": "application/json" };
  if (previous?.jeton && previous.salle === page.identity) headers.Authorization = `Bearer ${previous.jeton}`;
  const response = await page.win.fetch(new URL("api/rejoindre", page.root).href, {
    method: "POST",
    headers,
    body: JSON.stringify({ code, pseudo }),
    cache: "no-store",
    credentials: "same-origin",
  });
  const body = await response.json().catch(() => null);
  return { response, body };
}

async function sendJoin(page, fields, done) {
  const { t, store } = page;
  const code = fields.code.value.trim();
  if (!code) return failJoin(fields, t("join.codeMissing"), fields.code);
  const checked = checkPseudo(fields.pseudo.value, t);
  if (!checked.ok) return failJoin(fields, checked.message, fields.pseudo);
  fields.submit.disabled = true;
  fields.error.textContent = "";
  let answer;
  try {
    answer = await requestJoin(page, code, checked.pseudo);
  } catch {
    fields.submit.disabled = false;
    return failJoin(fields, t("join.network"), null);
  }
  fields.submit.disabled = false;
  const { response, body } = answer;
  if (!response.ok || typeof body?.jeton !== "string") {
    const message = typeof body?.erreur === "string" && body.erreur ? body.erreur : t("join.failed", { status: response.status });
    const field = response.status === 403 || response.status === 429 ? fields.code : response.status === 400 || response.status === 409 ? fields.pseudo : null;
    return failJoin(fields, message, field);
  }
  page.access = { jeton: body.jeton, apprenant: String(body.apprenant ?? ""), pseudo: String(body.pseudo ?? checked.pseudo), salle: page.identity };
  writeJson(page.local, TOKEN_SLOT, page.access);
  page.session?.removeItem(LATER_SLOT);
  if (!store.learner()) store.setLearner(page.access.pseudo);
  done();
  page.showChip();
  page.pending.textContent = t("join.done", { pseudo: page.access.pseudo });
  page.joined({ pulled: true });
  return undefined;
}
