// edukit classroom mode, browser side. `edukit classroom` serves the built site on the trainer's
// laptop and adds this module to every page; on the plain static site nothing loads it, and if it
// ever runs where `api/salle` does not answer as a classroom server, it does nothing at all.
//
// - A learner joins the room with its code and a pseudonym, after reading what is collected
//   (an accessible modal dialog, French first, English on English pages).
// - Every change of the learner's progress store (store.js, the same records as progress files)
//   is queued in localStorage and sent to `api/sync`; a record leaves the queue only once the
//   server acknowledged it, so a lost network, a closed tab, a restarted server or a laptop that
//   slept only delay it. What the server holds and this device lacks is merged through the
//   store's own rules: a newer local record is never overwritten.
// - The prompt playground is preset to the room's model on this origin (`v1`): the provider's
//   key stays on the trainer's machine; the browser only holds the learner's room token.
//
// Learner and server text is always set with textContent. This entry only asks `api/salle`
// whether the page is in a room; the rest loads then, from the modules next to it:
// classroom/text.js (words), queue.js (the queue, batches, backoff), sync.js (the sync engine,
// with injected fetch, storage and timers: node tests drive it), dialog.js, join.js and page.js.

/** The site root of a module served at `<root>assets/edukit-classroom/classroom.js`. */
export function siteRoot(moduleUrl) {
  return new URL("../../", moduleUrl).href;
}

/** Whether an `api/salle` answer is a classroom server's (protocol version 1). */
export function isRoom(info) {
  return Boolean(info && typeof info === "object" && info.salle === true && info.version === 1);
}

/** The room's description, or null when `api/salle` does not answer as a classroom server. */
async function roomInfo(win, root) {
  try {
    const response = await win.fetch(new URL("api/salle", root).href, { cache: "no-store", credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok || !/json/.test(response.headers.get("Content-Type") ?? "")) return null;
    const info = await response.json();
    return isRoom(info) ? info : null;
  } catch {
    return null;
  }
}

/** Start on a page served by `edukit classroom`; resolve to null anywhere else. */
export async function startClassroom({ doc = globalThis.document, win = globalThis.window, moduleUrl = import.meta.url } = {}) {
  const root = siteRoot(moduleUrl);
  const info = await roomInfo(win, root);
  if (info === null) return null;
  let storeModule;
  let pageModule;
  try {
    storeModule = await import(new URL("../edukit/store.js", moduleUrl).href);
  } catch (error) {
    console.error("edukit classroom: the progress store could not load", error);
    return null;
  }
  try {
    pageModule = await import(new URL("classroom/page.js", moduleUrl).href);
  } catch (error) {
    console.error("edukit classroom: the classroom page could not load", error);
    return null;
  }
  const begin = () => pageModule.startPage({ doc, win, root, info, storeModule });
  if (doc.readyState === "loading") {
    return new Promise((resolve) => doc.addEventListener("DOMContentLoaded", () => resolve(begin()), { once: true }));
  }
  return begin();
}

if (typeof document !== "undefined" && typeof window !== "undefined" && !globalThis.__edukitClassroom) {
  globalThis.__edukitClassroom = true;
  startClassroom().catch((error) => console.error("edukit classroom: could not start", error));
}
