// edukit classroom, the page's pieces: its style sheet, elements built with text only (never
// HTML), and the accessible modal dialog the join and leave questions open.

import { pageLanguage } from "./text.js";

export const STYLE = `
.edukit-classe{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin:0 0 1rem;padding:.5rem .75rem;
  border:2px solid var(--md-primary-fg-color,#3f51b5);border-radius:.5rem;background:var(--md-default-bg-color,#fff);
  color:var(--md-default-fg-color,#1a1a1a);font-size:.8rem;line-height:1.5;max-width:100%;box-sizing:border-box}
.edukit-classe__etat{margin:0;font-weight:700;overflow-wrap:anywhere}
.edukit-classe__file{margin:0;flex-basis:100%;overflow-wrap:anywhere}
.edukit-classe__file:empty{display:none}
.edukit-classe button,.edukit-classe-dialog button{font:inherit;font-size:.8rem;min-height:2.75em;padding:.4em .9em;border-radius:.3rem;cursor:pointer;
  border:2px solid var(--md-primary-fg-color,#3f51b5);background:var(--md-default-bg-color,#fff);color:var(--md-default-fg-color,#1a1a1a)}
.edukit-classe-dialog button[data-edukit-classe=rejoindre],.edukit-classe-dialog button[data-edukit-classe=quitter-garder]{
  background:var(--md-primary-fg-color,#3f51b5);color:var(--md-primary-bg-color,#fff)}
.edukit-classe button:focus-visible,.edukit-classe-dialog :focus-visible{outline:3px solid var(--md-accent-fg-color,#c2185b);outline-offset:2px}
.edukit-classe-dialog{box-sizing:border-box;width:min(36rem,calc(100vw - 1rem));max-width:calc(100vw - 1rem);max-height:calc(100vh - 1rem);
  overflow:auto;padding:1rem;border:2px solid var(--md-default-fg-color,#1a1a1a);border-radius:.5rem;
  background:var(--md-default-bg-color,#fff);color:var(--md-default-fg-color,#1a1a1a);font-size:1rem;line-height:1.5}
.edukit-classe-dialog::backdrop{background:rgba(0,0,0,.6)}
.edukit-classe-dialog h2{font-size:1.3rem;margin:0 0 .5rem;line-height:1.3}
.edukit-classe-dialog h3{font-size:1.05rem;margin:1rem 0 .25rem}
.edukit-classe-dialog p{margin:.4rem 0;overflow-wrap:anywhere}
.edukit-classe-dialog label{display:block;font-weight:700;margin-top:.75rem}
.edukit-classe-dialog input{box-sizing:border-box;width:100%;max-width:24rem;font:inherit;padding:.4em;margin-top:.2rem;
  border:2px solid var(--md-default-fg-color--light,#555);border-radius:.3rem;background:var(--md-default-bg-color,#fff);color:inherit}
.edukit-classe-dialog input[aria-invalid=true]{border-color:#b00020}
.edukit-classe-dialog .edukit-classe__hint{font-size:.9rem;margin:.1rem 0}
.edukit-classe-dialog .edukit-classe__notice{border-left:4px solid var(--md-primary-fg-color,#3f51b5);padding-left:.75rem}
.edukit-classe-dialog .edukit-classe__erreur{color:#b00020;font-weight:700}
[data-md-color-scheme=slate] .edukit-classe-dialog .edukit-classe__erreur{color:#ff9e9e}
[data-md-color-scheme=slate] .edukit-classe-dialog input[aria-invalid=true]{border-color:#ff9e9e}
.edukit-classe-dialog .edukit-classe__erreur:empty{display:none}
.edukit-classe__actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:1rem}
`;

export function el(doc, tag, attributes = {}, ...children) {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? doc.createTextNode(child) : child);
  }
  return element;
}

let counter = 0;
export const uid = (prefix) => `edukit-classe-${prefix}-${(counter += 1)}`;

const FOCUSABLE = "a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex='-1'])";

/**
 * Open a modal dialog: labelled by its title, focus inside it (on the title, so a screen reader
 * reads from the top), Tab and Shift+Tab kept inside, Escape cancels, focus goes back where it
 * was. `build(close)` fills it; returns `{dialog, close}`.
 */
export function openDialog(doc, { title, describedBy, name, build, onCancel }) {
  const titleId = uid("titre");
  const heading = el(doc, "h2", { id: titleId, tabindex: "-1" }, title);
  const dialog = el(doc, "dialog", {
    class: "edukit-classe-dialog",
    role: "dialog",
    "aria-modal": "true",
    "aria-labelledby": titleId,
    lang: pageLanguage(doc),
    "data-edukit-classe": name,
  });
  const returnTo = doc.activeElement;
  let open = true;
  function close() {
    if (!open) return;
    open = false;
    dialog.removeEventListener("keydown", onKeydown);
    if (dialog.open) dialog.close();
    dialog.remove();
    const target = returnTo && returnTo.isConnected && returnTo !== doc.body ? returnTo : doc.querySelector("[data-edukit-classe=chip] button");
    target?.focus?.();
  }
  function onKeydown(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel(close);
      return;
    }
    if (event.key !== "Tab") return;
    const items = [...dialog.querySelectorAll(FOCUSABLE)].filter((item) => !item.closest("[hidden]"));
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && (doc.activeElement === first || doc.activeElement === heading)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && doc.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }
  dialog.addEventListener("keydown", onKeydown);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Escape is handled above, once
  });
  dialog.append(heading, ...build(close));
  if (describedBy) dialog.setAttribute("aria-describedby", describedBy);
  doc.body.append(dialog);
  if (typeof dialog.showModal === "function") dialog.showModal();
  else dialog.setAttribute("open", "");
  heading.focus();
  return { dialog, close };
}

/** The notice, as the server wrote it (French), in paragraphs of text. */
export function noticeParagraphs(doc, text) {
  return String(text ?? "")
    .split(/\n\s*\n|(?<=\.)\s+(?=(?:Ce que|Pourquoi|Qui |Combien|Utilisez|Vous pouvez)\b)/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => el(doc, "p", {}, part));
}

/** The English summary of what the room collects, for English pages (the notice is French). */
export function englishNotice(doc, days) {
  return [
    "What the room records: the pseudonym you choose, your answers to exercises and tests, the lessons you finish, the time spent and the page you are on.",
    "Why: so that the trainer can follow the group's progress and prepare the training certificates.",
    "Who sees it: only this room's trainer. Everything stays on the trainer's computer.",
    `How long: ${days} days, then everything is erased. Use a pseudonym, never your full name.`,
  ].map((line) => el(doc, "p", {}, line));
}
