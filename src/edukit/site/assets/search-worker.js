// Material's search worker, loaded on the first message (the index, sent once the learner
// starts a search: lazy-search.js), then handed that message. Same origin only.
const real = new URL(self.location.href).searchParams.get("worker");
self.addEventListener(
  "message",
  (event) => {
    const url = new URL(real, self.location.href);
    if (url.origin !== self.location.origin) throw new Error("edukit: foreign search worker");
    importScripts(url.href);
    self.dispatchEvent(new MessageEvent("message", { data: event.data }));
  },
  { once: true },
);
