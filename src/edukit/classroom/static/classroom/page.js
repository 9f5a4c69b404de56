// edukit classroom, the page of a learner in the room: the status chip, the join and leave
// dialogs, the playground preset to the room's model, and the sync engine kept running while
// the page lives (visibility, network back, Material's instant navigation).
//
// Learner and server text is always set with textContent.

import { STYLE, el, englishNotice, noticeParagraphs, openDialog, uid } from "./dialog.js";
import { showJoin } from "./join.js";
import {
  ENDPOINT_EVENT,
  HEARTBEAT_MS,
  LATER_SLOT,
  LESSON_ID,
  PAGE_MAX,
  PLAYGROUND_ENDPOINT_SLOT,
  PLAYGROUND_KEY_SLOT,
  TOKEN_SLOT,
  readAccess,
  readJson,
  roomIdentity,
} from "./queue.js";
import { createSync } from "./sync.js";
import { pageLanguage, translator } from "./text.js";

function sessionStorageOf(win) {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

class ClassroomPage {
  constructor({ doc, win, root, info, storeModule }) {
    Object.assign(this, { doc, win, root, info });
    this.lang = pageLanguage(doc);
    this.t = translator(this.lang);
    this.local = win.localStorage;
    this.session = sessionStorageOf(win);
    const course = doc.querySelector('meta[name="edukit-course"]')?.content || "edukit";
    this.store = storeModule.courseStore(course, doc);
    this.identity = roomIdentity(info);
    this.access = readAccess(this.local);
    if (this.access && this.access.salle !== this.identity) {
      this.local.removeItem(TOKEN_SLOT); // a token of another room (or another course) opens nothing here
      this.access = null;
    }
    this.sync = null;
    this.heartbeat = null;
    this.buildChip();
  }

  /** Where the learner is, for the dashboard. */
  place() {
    const lesson = this.doc.querySelector("[data-edukit-lesson]")?.dataset?.edukitLesson ?? null;
    return {
      page: `${this.win.location.pathname}`.slice(0, PAGE_MAX),
      lecon: lesson && LESSON_ID.test(lesson) ? lesson : null,
    };
  }

  buildChip() {
    const { doc, t, lang } = this;
    this.state = el(doc, "p", { class: "edukit-classe__etat", "data-edukit-classe": "etat" });
    this.pending = el(doc, "p", { class: "edukit-classe__file", role: "status", "data-edukit-classe": "file" });
    this.button = el(doc, "button", { type: "button", "data-edukit-classe": "bouton" });
    this.chip = el(doc, "section", { class: "edukit-classe", "aria-label": t("chip.label"), "data-edukit-classe": "chip", lang }, this.state, this.button, this.pending);
    this.button.addEventListener("click", () => (this.access ? this.askLeave() : this.showJoin()));
  }

  showChip() {
    const { t, access } = this;
    if (access) {
      this.state.textContent = t("chip.connected", { pseudo: access.pseudo });
      this.button.textContent = t("chip.leave");
    } else {
      this.state.textContent = t("chip.notJoined");
      this.button.textContent = t("chip.join");
    }
    if (!this.chip.isConnected) {
      const main = this.doc.querySelector("main");
      const target = main?.querySelector(".md-content") ?? main ?? this.doc.body;
      target.prepend(this.chip);
    }
  }

  showStatus({ state: phase, pending: count, offline }) {
    const { t, pending } = this;
    if (phase === "expired") pending.textContent = t("chip.expired");
    else if (offline && count) pending.textContent = `${t("chip.offline")} ${t("chip.pending", { count })}`;
    else if (count) pending.textContent = t("chip.pending", { count });
    else pending.textContent = "";
    this.chip.dataset.edukitEtat = phase;
  }

  /** The playground's model: the room's, on this origin, while the learner is in the room. */
  presetModel() {
    const { session, access } = this;
    if (!session) return;
    const model = this.info.modele;
    if (access && model && model.disponible && model.nom) {
      session.setItem(PLAYGROUND_ENDPOINT_SLOT, JSON.stringify({ baseUrl: new URL("v1", this.root).href, model: String(model.nom), salle: true }));
      session.setItem(PLAYGROUND_KEY_SLOT, access.jeton);
    } else {
      const current = readJson(session, PLAYGROUND_ENDPOINT_SLOT, {});
      if (current.salle !== true) return;
      session.removeItem(PLAYGROUND_ENDPOINT_SLOT);
      session.removeItem(PLAYGROUND_KEY_SLOT);
    }
    this.win.dispatchEvent(new CustomEvent(ENDPOINT_EVENT));
  }

  expired() {
    this.sync?.stop();
    this.sync = null;
    this.local.removeItem(TOKEN_SLOT);
    this.access = null;
    this.presetModel();
    this.showChip();
    this.pending.textContent = this.t("chip.expired");
    if (!this.session?.getItem(LATER_SLOT)) this.showJoin();
  }

  async joined({ pulled = false } = {}) {
    this.showChip();
    this.presetModel();
    const sync = createSync({
      store: this.store,
      storage: this.local,
      access: this.access,
      root: this.root,
      place: () => this.place(),
      onStatus: (status) => this.showStatus(status),
      onUnauthorized: () => this.expired(),
    });
    this.sync = sync;
    if (pulled) await sync.pull();
    if (this.sync !== sync) return; // the room ended the access meanwhile
    await sync.start();
    if (this.sync !== sync) return;
    sync.presence();
    if (this.heartbeat === null) {
      this.heartbeat = this.win.setInterval(() => {
        if (this.doc.visibilityState !== "visible" || !this.sync) return;
        this.sync.presence();
        if (this.sync.queue.size()) this.sync.wake();
      }, HEARTBEAT_MS);
    }
  }

  showJoin() {
    return showJoin(this);
  }

  /** The notice of what the room collects, as the join dialog shows it. */
  notice() {
    const { doc, info, lang, t } = this;
    const days = Number.isInteger(info.retention_jours) ? info.retention_jours : null;
    const notice = el(doc, "div", { class: "edukit-classe__notice", "data-edukit-classe": "notice" });
    if (lang === "en") notice.append(...englishNotice(doc, days ?? "?"));
    if (info.notice) notice.append(el(doc, "div", { lang: "fr" }, noticeParagraphs(doc, info.notice)));
    else if (lang !== "en") notice.append(el(doc, "p", {}, t("join.retention", { days: days ?? "?" })));
    if (this.store.entries().length) notice.append(el(doc, "p", {}, t("join.already")));
    return notice;
  }

  askLeave() {
    const { doc, t } = this;
    const waiting = this.sync?.queue.size() ?? 0;
    const textId = uid("quitter");
    openDialog(doc, {
      title: t("leave.title"),
      describedBy: textId,
      name: "quitter-dialogue",
      onCancel: (done) => done(),
      build: (done) => {
        const keep = el(doc, "button", { type: "button", "data-edukit-classe": "quitter-garder" }, t("leave.keep"));
        const erase = el(doc, "button", { type: "button", "data-edukit-classe": "quitter-effacer" }, t("leave.erase"));
        const cancel = el(doc, "button", { type: "button", "data-edukit-classe": "quitter-annuler" }, t("leave.cancel"));
        keep.addEventListener("click", () => this.leave(done, false));
        erase.addEventListener("click", () => this.leave(done, true));
        cancel.addEventListener("click", () => done());
        return [
          el(doc, "p", { id: textId }, t("leave.text")),
          waiting ? el(doc, "p", { class: "edukit-classe__erreur" }, t("leave.pending")) : null,
          el(doc, "p", {}, t("leave.shared")),
          el(doc, "div", { class: "edukit-classe__actions" }, keep, erase, cancel),
        ];
      },
    });
  }

  leave(done, erase) {
    this.sync?.stop();
    this.sync?.queue.forget();
    this.sync = null;
    this.local.removeItem(TOKEN_SLOT);
    this.access = null;
    this.session?.setItem(LATER_SLOT, "1");
    this.presetModel();
    if (erase) this.store.clear();
    done();
    this.showChip();
    this.pending.textContent = this.t(erase ? "leave.erased" : "leave.done");
    this.button.focus();
  }

  /** Show the chip, join or ask to, and keep the engine running while the page lives. */
  wire() {
    const { doc, win } = this;
    const style = el(doc, "style", { "data-edukit-classe": "style" });
    style.textContent = STYLE;
    doc.head.append(style);
    this.showChip();
    if (this.access) this.joined({ pulled: false });
    else if (!this.session?.getItem(LATER_SLOT)) this.showJoin();

    const wake = () => this.sync?.wake();
    win.addEventListener("online", wake);
    win.addEventListener("pageshow", wake);
    doc.addEventListener("visibilitychange", () => {
      if (!this.sync) return;
      if (doc.visibilityState === "visible") {
        this.sync.wake();
        this.sync.presence();
      } else this.sync.flush({ keepalive: true });
    });
    win.addEventListener("pagehide", () => this.sync?.flush({ keepalive: true }));
    // Material's instant navigation swaps the content without loading a page: follow it.
    let first = true;
    win.document$?.subscribe?.(() => {
      this.showChip();
      if (first) {
        first = false;
        return;
      }
      this.sync?.presence();
    });
  }
}

/** Start the classroom on this page: `{store, sync}` (sync is null until the learner joins). */
export function startPage(options) {
  const page = new ClassroomPage(options);
  page.wire();
  return {
    store: page.store,
    get sync() {
      return page.sync;
    },
  };
}
