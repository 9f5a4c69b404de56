// The learner's progress on every page of the course site (host side, no kernel):
// - a « Ma progression » button in the page header opens a dialog to name the progress file,
//   export it, import one, and erase everything on a shared computer;
// - on a lesson page (the plugin marks its header with `data-edukit-lesson`), the time the
//   page is visible is counted and a « J'ai terminé cette leçon » toggle closes the lesson.
// Both write `lesson:<id>` / learner records through store.js, which every widget shares.
//
// Time spent: only while the page is visible (Page Visibility API), and at most the lesson's
// planned duration + 30 minutes per visit of the page (2 hours when the page does not say),
// so that a tab left open over lunch does not count as study time. A visit ends when the
// learner leaves the page (another page, even through instant navigation, or closing it).

import { announce, h, labelledField, uid } from "./a11y.js";
import { pageLang, translator } from "./i18n.js";
import {
  MAX_LEARNER_LENGTH,
  addLessonSeconds,
  courseOf,
  courseStore,
  downloadProgress,
  importProgressFile,
  lessonKey,
  lessonValue,
  normalizeLearner,
  setLessonCompleted,
  summarize,
} from "./store.js";

/** Minutes added to a lesson's planned duration to make the cap of one visit. */
export const CAP_EXTRA_MINUTES = 30;
/** Cap of one visit when the page does not give the lesson's duration. */
export const CAP_DEFAULT_MINUTES = 120;
/** How often the time of a visible page is written (a crash loses at most this much). */
export const FLUSH_MS = 30_000;

export const messages = {
  fr: {
    "progress.open": "Ma progression",
    "progress.title": "Ma progression",
    "progress.close": "Fermer",
    "progress.privacy":
      "Votre progression est enregistrée dans ce navigateur, sur cet appareil seulement. Rien n'est envoyé sur internet : elle ne quitte l'appareil que si vous partagez vous-même le fichier exporté.",
    "progress.what":
      "Ce qui est enregistré : vos réponses aux quiz, les leçons terminées, le temps passé sur chaque leçon, et le prénom ou pseudonyme ci-dessous.",
    "progress.unavailable":
      "Votre navigateur ne permet pas d'enregistrer la progression sur cet appareil (navigation privée ?) : exportez-la avant de fermer la page.",
    "progress.summary": "Sur cet appareil : {lessons}, {quizzes}, {time} sur les leçons.",
    "progress.lessons.one": "{count} leçon terminée",
    "progress.lessons.other": "{count} leçons terminées",
    "progress.quizzes.one": "{count} quiz commencé",
    "progress.quizzes.other": "{count} quiz commencés",
    "progress.name": "Votre prénom ou un pseudonyme",
    "progress.nameHint":
      "Il est inscrit dans le fichier exporté, pour que la personne formatrice sache à qui il est.",
    "progress.export": "Exporter ma progression",
    "progress.import": "Importer ma progression",
    "progress.needName": "Écrivez d'abord votre prénom ou un pseudonyme : il est inscrit dans le fichier.",
    "progress.exported":
      "Fichier enregistré : {name}. Il se trouve en général dans le dossier Téléchargements.",
    "progress.exportFailed": "L'export n'a pas fonctionné : {reason}",
    "progress.imported": "Progression importée : {added} ; {kept}.",
    "progress.added.one": "{count} élément ajouté ou mis à jour",
    "progress.added.other": "{count} éléments ajoutés ou mis à jour",
    "progress.kept.one": "{count} élément déjà à jour sur cet appareil",
    "progress.kept.other": "{count} éléments déjà à jour sur cet appareil",
    "progress.refused": "Ce fichier n'a pas été importé. {reason} Votre progression sur cet appareil n'a pas changé.",
    "progress.sharedTitle": "Sur un ordinateur partagé",
    "progress.sharedHint":
      "À la fin de la séance, exportez votre progression, puis effacez tout : la personne suivante ne verra pas vos réponses.",
    "progress.clear": "Tout effacer sur cet appareil",
    "progress.confirmQuestion":
      "Tout effacer ? Vos réponses, les leçons terminées, le temps passé et votre nom seront supprimés de cet appareil. Exportez d'abord votre progression si vous voulez la garder.",
    "progress.confirm": "Oui, tout effacer",
    "progress.cancel": "Annuler",
    "progress.cleared": "Tout est effacé sur cet appareil.",
    "lesson.label": "Fin de la leçon",
    "lesson.done": "J'ai terminé cette leçon",
    "lesson.doneOn": "Leçon marquée comme terminée le {date}. Appuyez de nouveau sur le bouton pour annuler.",
    "lesson.notDone": "Quand vous avez fini la leçon, appuyez sur ce bouton : elle comptera comme terminée dans votre progression.",
    "time.minutes.one": "{count} minute",
    "time.minutes.other": "{count} minutes",
    "time.hours": "{hours} h {minutes}",
  },
  en: {
    "progress.open": "My progress",
    "progress.title": "My progress",
    "progress.close": "Close",
    "progress.privacy":
      "Your progress is saved in this browser, on this device only. Nothing is sent over the internet: it leaves the device only if you share the exported file yourself.",
    "progress.what":
      "What is saved: your quiz answers, the lessons you finished, the time spent on each lesson, and the first name or pseudonym below.",
    "progress.unavailable":
      "Your browser does not let this site save your progress on this device (private browsing?): export it before closing the page.",
    "progress.summary": "On this device: {lessons}, {quizzes}, {time} on lessons.",
    "progress.lessons.one": "{count} lesson finished",
    "progress.lessons.other": "{count} lessons finished",
    "progress.quizzes.one": "{count} quiz started",
    "progress.quizzes.other": "{count} quizzes started",
    "progress.name": "Your first name or a pseudonym",
    "progress.nameHint": "It is written in the exported file, so that your trainer knows whose it is.",
    "progress.export": "Export my progress",
    "progress.import": "Import my progress",
    "progress.needName": "First write your first name or a pseudonym: it is written in the file.",
    "progress.exported": "File saved: {name}. It is usually in the Downloads folder.",
    "progress.exportFailed": "The export did not work: {reason}",
    "progress.imported": "Progress imported: {added}; {kept}.",
    "progress.added.one": "{count} item added or updated",
    "progress.added.other": "{count} items added or updated",
    "progress.kept.one": "{count} item already up to date on this device",
    "progress.kept.other": "{count} items already up to date on this device",
    "progress.refused": "This file was not imported. {reason} Your progress on this device did not change.",
    "progress.sharedTitle": "On a shared computer",
    "progress.sharedHint":
      "At the end of the session, export your progress, then erase everything: the next person will not see your answers.",
    "progress.clear": "Erase everything on this device",
    "progress.confirmQuestion":
      "Erase everything? Your answers, finished lessons, time spent and name will be removed from this device. Export your progress first if you want to keep it.",
    "progress.confirm": "Yes, erase everything",
    "progress.cancel": "Cancel",
    "progress.cleared": "Everything was erased on this device.",
    "lesson.label": "End of the lesson",
    "lesson.done": "I have finished this lesson",
    "lesson.doneOn": "Lesson marked as finished on {date}. Press the button again to undo.",
    "lesson.notDone": "When you have finished the lesson, press this button: it will count as finished in your progress.",
    "time.minutes.one": "{count} minute",
    "time.minutes.other": "{count} minutes",
    "time.hours": "{hours} h {minutes}",
  },
};

/** A duration for people: `12 minutes`, `1 h 05`. */
export function formatDuration(seconds, t) {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t("time.minutes", { count: minutes });
  return t("time.hours", { hours: Math.floor(minutes / 60), minutes: String(minutes % 60).padStart(2, "0") });
}

/** The cap of one visit, in seconds, for a lesson planned to last `minutes`. */
export function visitCapSeconds(minutes) {
  const planned = Number.isFinite(minutes) && minutes > 0 ? minutes + CAP_EXTRA_MINUTES : CAP_DEFAULT_MINUTES;
  return Math.round(planned * 60);
}

function intervalTimer(callback, ms) {
  const id = setInterval(callback, ms);
  return () => clearInterval(id);
}

/**
 * Count the time a lesson page is visible and add it to the lesson's record.
 * `clock()` returns milliseconds; `every(callback, ms)` schedules the periodic write and
 * returns its cancel function (both injected by the tests). Returns `{flush, stop, counted}`.
 */
export function trackLessonTime({
  store,
  lessonId,
  capSeconds = visitCapSeconds(NaN),
  doc = globalThis.document,
  win = globalThis.window,
  clock = () => Date.now(),
  every = intervalTimer,
  flushMs = FLUSH_MS,
}) {
  lessonKey(lessonId); // refuse a bad id now rather than at the first write
  const capMs = capSeconds * 1000;
  let counted = 0;
  let written = 0;
  let since = doc.visibilityState === "hidden" ? null : clock();
  let stopped = false;

  function settle() {
    if (since === null) return;
    const now = clock();
    counted = Math.min(capMs, counted + Math.max(0, now - since));
    since = now;
  }
  function flush() {
    settle();
    const whole = Math.floor(counted / 1000);
    if (whole > written) {
      addLessonSeconds(store, lessonId, whole - written);
      written = whole;
    }
  }
  function onVisibility() {
    if (stopped) return;
    if (doc.visibilityState === "hidden") {
      settle();
      since = null;
      flush();
    } else if (since === null) {
      since = clock();
    }
  }
  doc.addEventListener("visibilitychange", onVisibility);
  win?.addEventListener?.("pagehide", flush);
  const cancel = every(() => flush(), flushMs);
  return {
    flush,
    /** Whole seconds counted during this visit so far. */
    counted() {
      settle();
      return Math.floor(counted / 1000);
    },
    stop() {
      if (stopped) return;
      flush();
      stopped = true;
      since = null;
      doc.removeEventListener("visibilitychange", onVisibility);
      win?.removeEventListener?.("pagehide", flush);
      cancel();
    },
  };
}

/** The « J'ai terminé cette leçon » toggle, kept in step with the store. */
export function lessonToggle({ store, lessonId, t, lang, now = () => new Date().toISOString() }) {
  const statusId = uid("edukit-lesson-status");
  const button = h(
    "button",
    {
      type: "button",
      class: "edukit-button edukit-button--secondary edukit-lesson-done__toggle",
      "aria-pressed": "false",
      "aria-describedby": statusId,
      "data-edukit-lesson-toggle": lessonId,
    },
    h("span", { class: "edukit-lesson-done__box", "aria-hidden": "true" }),
    t("lesson.done"),
  );
  const status = h("p", { id: statusId, class: "edukit-lesson-done__status" });
  const live = h("p", { class: "edukit-sr-only", role: "status", "aria-live": "polite" });
  const element = h(
    "div",
    { class: "edukit-widget edukit-lesson-done", role: "group", "aria-label": t("lesson.label"), lang },
    button,
    status,
    live,
  );
  const dates = new Intl.DateTimeFormat(lang, { dateStyle: "long" });

  function show() {
    const { completed } = lessonValue(store, lessonId);
    button.setAttribute("aria-pressed", completed ? "true" : "false");
    status.textContent = completed ? t("lesson.doneOn", { date: dates.format(new Date(completed)) }) : t("lesson.notDone");
  }
  button.addEventListener("click", () => {
    const done = button.getAttribute("aria-pressed") !== "true";
    setLessonCompleted(store, lessonId, done, now);
    show();
    announce(live, status.textContent);
  });
  const key = lessonKey(lessonId);
  const unsubscribe = store.subscribe((changed) => changed === key && show());
  show();
  return { element, button, dispose: unsubscribe };
}

function clearSessionKeys(win) {
  // The playground keeps a service key in sessionStorage: a shared computer must lose it too.
  try {
    const session = win.sessionStorage;
    const keys = [];
    for (let index = 0; index < session.length; index += 1) keys.push(session.key(index));
    for (const key of keys) if (key?.startsWith("edukit:")) session.removeItem(key);
  } catch {
    // no sessionStorage: nothing to erase
  }
}

/** The dialog and its controls, not yet wired. */
function panelParts({ store, t, lang }) {
  const secondary = "edukit-button edukit-button--secondary";
  const button = (name, text, className = "edukit-button") => h("button", { type: "button", class: className, "data-edukit-progress": name }, t(text));
  const nameInput = h("input", { type: "text", autocomplete: "nickname", maxlength: String(MAX_LEARNER_LENGTH), spellcheck: "false", "data-edukit-progress": "name" });
  const parts = {
    summary: h("p", { class: "edukit-progress__summary", "data-edukit-progress": "summary" }),
    nameInput,
    status: h("p", { class: "edukit-progress__message", role: "status", "aria-live": "polite", "data-edukit-progress": "status" }),
    alert: h("p", { class: "edukit-progress__message edukit-progress__message--error", role: "alert", "data-edukit-progress": "alert" }),
    exportButton: button("export", "progress.export"),
    importButton: button("import", "progress.import", secondary),
    fileInput: h("input", { type: "file", accept: ".json,application/json", hidden: true, tabindex: "-1", "data-edukit-progress": "file" }),
    clearButton: button("clear", "progress.clear", secondary),
    confirmButton: button("confirm", "progress.confirm", "edukit-button edukit-progress__danger"),
    cancelButton: button("cancel", "progress.cancel", secondary),
    closeButton: button("close", "progress.close", `${secondary} edukit-progress__close`),
  };
  const questionId = uid("edukit-progress-question");
  parts.confirmBox = h(
    "div",
    { class: "edukit-progress__confirm", role: "group", "aria-labelledby": questionId, hidden: true },
    h("p", { id: questionId }, t("progress.confirmQuestion")),
    h("div", { class: "edukit-row" }, parts.confirmButton, parts.cancelButton),
  );
  const titleId = uid("edukit-progress-title");
  const sharedId = uid("edukit-progress-shared");
  parts.dialog = h(
    "dialog",
    { class: "edukit-widget edukit-progress", "aria-labelledby": titleId, id: "edukit-progress-panel", lang },
    h("div", { class: "edukit-progress__head" }, h("h2", { id: titleId }, t("progress.title")), parts.closeButton),
    parts.summary,
    store.persistent ? null : h("p", { class: "edukit-note edukit-note--error" }, t("progress.unavailable")),
    labelledField(t("progress.name"), nameInput, { hint: t("progress.nameHint") }).field,
    h("div", { class: "edukit-row" }, parts.exportButton, parts.importButton, parts.fileInput),
    parts.status,
    parts.alert,
    h(
      "section",
      { class: "edukit-progress__shared", "aria-labelledby": sharedId },
      h("h3", { id: sharedId }, t("progress.sharedTitle")),
      h("p", {}, t("progress.sharedHint")),
      h("div", { class: "edukit-row" }, parts.clearButton),
      parts.confirmBox,
    ),
    h("div", { class: "edukit-progress__privacy" }, h("p", {}, t("progress.privacy")), h("p", {}, t("progress.what"))),
  );
  return parts;
}

/** Open, close, refresh and speak: the dialog's behaviour; focus returns to its opener. */
function panelView(parts, { store, t, doc }) {
  const { dialog, summary, nameInput, status, alert, confirmBox, clearButton } = parts;
  let opener = null;
  const view = {
    say(text, { error = false } = {}) {
      status.textContent = "";
      alert.textContent = "";
      if (error) alert.textContent = text;
      else announce(status, text);
    },
    refresh() {
      const counts = summarize(store.entries());
      summary.textContent = t("progress.summary", {
        lessons: t("progress.lessons", { count: counts.completed }),
        quizzes: t("progress.quizzes", { count: counts.quizzes }),
        time: formatDuration(counts.seconds, t),
      });
      if (doc.activeElement !== nameInput) nameInput.value = store.learner();
    },
    hideConfirm({ focus = true } = {}) {
      confirmBox.hidden = true;
      if (focus) clearButton.focus();
    },
    open(from = null) {
      opener = from;
      view.refresh();
      view.hideConfirm({ focus: false });
      status.textContent = "";
      alert.textContent = "";
      nameInput.removeAttribute("aria-invalid");
      if (!dialog.open) {
        if (typeof dialog.showModal === "function") dialog.showModal();
        else dialog.setAttribute("open", "");
      }
      opener?.setAttribute("aria-expanded", "true");
      nameInput.focus();
    },
    close() {
      if (dialog.open && typeof dialog.close === "function") dialog.close();
      else {
        dialog.removeAttribute("open");
        view.onClose();
      }
    },
    onClose() {
      opener?.setAttribute("aria-expanded", "false");
      if (opener?.isConnected) opener.focus();
    },
  };
  return view;
}

function listenToDialog(parts, view) {
  const { dialog } = parts;
  parts.closeButton.addEventListener("click", view.close);
  dialog.addEventListener("close", view.onClose);
  // A click on the backdrop (outside the dialog's box) closes it, like Escape.
  dialog.addEventListener("click", (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) view.close();
  });
}

/** The name field, « Exporter » and « Importer ». */
function listenToFile(parts, view, { store, t, doc }) {
  const { nameInput, importButton, fileInput } = parts;
  nameInput.addEventListener("input", () => {
    store.setLearner(nameInput.value);
    if (normalizeLearner(nameInput.value)) nameInput.removeAttribute("aria-invalid");
  });
  parts.exportButton.addEventListener("click", () => {
    const learner = normalizeLearner(nameInput.value);
    if (!learner) {
      nameInput.setAttribute("aria-invalid", "true");
      view.say(t("progress.needName"), { error: true });
      nameInput.focus();
      return;
    }
    store.setLearner(learner);
    try {
      const { name } = downloadProgress(store, { learner, doc });
      view.say(t("progress.exported", { name }));
    } catch (error) {
      view.say(t("progress.exportFailed", { reason: error?.message ?? String(error) }), { error: true });
    }
  });
  importButton.addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0] ?? null;
    const result = await importProgressFile(store, file);
    fileInput.value = "";
    if (result.ok) {
      view.refresh();
      view.say(t("progress.imported", { added: t("progress.added", { count: result.imported }), kept: t("progress.kept", { count: result.kept }) }));
    } else {
      view.say(t("progress.refused", { reason: result.reason }), { error: true });
    }
    importButton.focus();
  });
}

/** « Tout effacer de cet appareil », behind a confirmation. */
function listenToClear(parts, view, { store, t, win }) {
  parts.clearButton.addEventListener("click", () => {
    parts.confirmBox.hidden = false;
    parts.cancelButton.focus();
  });
  parts.cancelButton.addEventListener("click", () => view.hideConfirm());
  parts.confirmButton.addEventListener("click", () => {
    store.clear();
    clearSessionKeys(win);
    parts.nameInput.value = "";
    view.hideConfirm();
    view.refresh();
    view.say(t("progress.cleared"));
  });
}

/**
 * Build the progress dialog (a native modal `<dialog>`: focus stays inside, Escape closes)
 * and the buttons that open it. Returns `{dialog, makeOpener, open, close, refresh}`.
 */
export function progressPanel({ store, t, lang, doc = globalThis.document, win = globalThis.window }) {
  const parts = panelParts({ store, t, lang });
  const view = panelView(parts, { store, t, doc });
  const { dialog } = parts;
  /** A button that opens the dialog (`place`: "header", "top" or "bar"); focus returns to it. */
  function makeOpener(place) {
    const button = h(
      "button",
      {
        type: "button",
        class: place === "header" ? "edukit-progress-open" : "edukit-button edukit-button--secondary edukit-progress-open--page",
        title: place === "header" ? t("progress.open") : null,
        "aria-haspopup": "dialog",
        "aria-controls": dialog.id,
        "aria-expanded": "false",
        "data-edukit-progress": "open",
        "data-edukit-place": place,
      },
      icon(doc),
      h("span", { class: "edukit-progress-open__label" }, t("progress.open")),
    );
    button.addEventListener("click", () => view.open(button));
    return button;
  }
  listenToDialog(parts, view);
  listenToFile(parts, view, { store, t, doc });
  listenToClear(parts, view, { store, t, win });
  store.subscribe(() => dialog.open && view.refresh());
  return { dialog, makeOpener, open: view.open, close: view.close, refresh: view.refresh };
}

const SVG = "http://www.w3.org/2000/svg";

function icon(doc) {
  // A check list (Material Design icon "clipboard-check-outline", Apache 2.0), drawn inline.
  const svg = doc.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "24");
  svg.setAttribute("height", "24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = doc.createElementNS(SVG, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute(
    "d",
    "M19 3h-4.18C14.4 1.84 13.3 1 12 1s-2.4.84-2.82 2H5c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h14c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2m-7 0c.55 0 1 .45 1 1s-.45 1-1 1-1-.45-1-1 .45-1 1-1m-2 14-4-4 1.41-1.41L10 14.17l6.59-6.59L18 9l-8 8Z",
  );
  svg.append(path);
  return svg;
}

/**
 * Put the openers in the page: in Material's header (an icon, with its label from 60em), and
 * on narrow screens (under 30em, where the header has no room left) at the top of the page
 * content, with its label. The header survives instant navigation; the content is redrawn,
 * so both are checked on every page. Without Material's header, a bar at the top of the page
 * holds the button.
 */
function placeOpeners(doc, panel) {
  const header = doc.querySelector(".md-header__inner");
  if (header && !header.querySelector('[data-edukit-place="header"]')) {
    const before = header.querySelector('[data-md-component="palette"]') ?? header.querySelector('label[for="__search"]');
    const opener = panel.makeOpener("header");
    if (before) before.before(opener);
    else header.append(opener);
  }
  const content = doc.querySelector('[data-md-component="content"]');
  if (header && content && !content.querySelector('[data-edukit-place="top"]')) {
    content.prepend(h("div", { class: "edukit-widget edukit-progress-top" }, panel.makeOpener("top")));
  }
  if (!header && !doc.querySelector('[data-edukit-place="bar"]')) {
    doc.body.prepend(h("div", { class: "edukit-widget edukit-progress-bar" }, panel.makeOpener("bar")));
  }
}

let panel = null;
let page = null;

/**
 * Set up the progress panel once, then (on every page, including after instant navigation)
 * end the previous lesson's visit and start the current one's. Returns the lesson being
 * tracked, or null.
 */
export function progressPage(doc = globalThis.document, win = globalThis.window) {
  const lang = pageLang(doc);
  const t = translator(lang, messages);
  const store = courseStore(courseOf(null, doc));
  if (!panel || !panel.dialog.isConnected) {
    panel = progressPanel({ store, t, lang, doc, win });
    doc.body.append(panel.dialog);
  }
  placeOpeners(doc, panel);
  const marker = doc.querySelector("[data-edukit-lesson]");
  const lessonId = marker?.dataset.edukitLesson ?? null;
  if (page && page.marker === marker) return lessonId;
  if (page) {
    page.timer?.stop();
    page.toggle?.dispose();
    page = null;
  }
  if (!marker || !lessonId) return null;
  try {
    const minutes = Number.parseInt(marker.dataset.edukitMinutes ?? "", 10);
    const timer = trackLessonTime({ store, lessonId, capSeconds: visitCapSeconds(minutes), doc, win });
    const toggle = lessonToggle({ store, lessonId, t, lang });
    const article = marker.closest("article") ?? marker.parentElement;
    article.append(toggle.element);
    page = { marker, timer, toggle };
  } catch (error) {
    console.error("edukit: lesson tracking could not start", error);
    return null;
  }
  return lessonId;
}
