// Screen-reader announcements while text streams.

/** Announce streamed text in batches (at most one announcement per `interval` ms). */
export function throttledAnnouncer(say, interval = 2000, clock = { now: () => Date.now(), later: (f, ms) => setTimeout(f, ms), cancel: (id) => clearTimeout(id) }) {
  let buffer = "";
  let last = -Infinity;
  let timer = null;
  function flush() {
    timer = null;
    if (!buffer.trim()) return;
    say(buffer.trim());
    buffer = "";
    last = clock.now();
  }
  return {
    push(text) {
      buffer += text;
      const wait = last + interval - clock.now();
      if (wait <= 0) flush();
      else if (timer === null) timer = clock.later(flush, wait);
    },
    finish(message) {
      if (timer !== null) clock.cancel(timer);
      timer = null;
      buffer = "";
      if (message) say(message);
    },
  };
}
