// The progress panel's logic that needs no DOM: time accounting of a lesson page (fake clock,
// fake visibility events, fake timer), the cap of a visit, durations for people.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CAP_DEFAULT_MINUTES,
  CAP_EXTRA_MINUTES,
  FLUSH_MS,
  formatDuration,
  messages,
  trackLessonTime,
  visitCapSeconds,
} from "../../src/edukit/site/static/progress.js";
import { translator } from "../../src/edukit/widgets/static/i18n.js";
import { lessonValue, memoryStorage, openStore } from "../../src/edukit/widgets/static/store.js";

function setup({ visible = true, capSeconds = 3600 } = {}) {
  let now = 1_000_000;
  const doc = new EventTarget();
  doc.visibilityState = visible ? "visible" : "hidden";
  const win = new EventTarget();
  const ticks = [];
  const every = (callback, ms) => {
    const entry = { callback, ms, cancelled: false };
    ticks.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };
  const store = openStore({ course: "cours", storage: memoryStorage(), now: () => new Date(now).toISOString() });
  const timer = trackLessonTime({ store, lessonId: "l01-accueil", capSeconds, doc, win, clock: () => now, every });
  return {
    store,
    timer,
    ticks,
    seconds: () => lessonValue(store, "l01-accueil").seconds,
    advance(ms) {
      now += ms;
    },
    tick() {
      for (const entry of ticks) if (!entry.cancelled) entry.callback();
    },
    show(state) {
      doc.visibilityState = state;
      doc.dispatchEvent(new Event("visibilitychange"));
    },
    leave() {
      win.dispatchEvent(new Event("pagehide"));
    },
  };
}

test("time counts while the page is visible, and is written on every tick", () => {
  const page = setup();
  assert.equal(page.ticks[0].ms, FLUSH_MS);
  page.advance(30_000);
  page.tick();
  assert.equal(page.seconds(), 30);
  page.advance(12_500);
  page.tick();
  assert.equal(page.seconds(), 42);
  page.advance(700);
  page.tick();
  assert.equal(page.seconds(), 43, "fractions add up instead of being lost at each write");
  assert.equal(page.timer.counted(), 43);
});

test("a hidden page does not count; showing it again resumes", () => {
  const page = setup();
  page.advance(10_000);
  page.show("hidden");
  assert.equal(page.seconds(), 10, "hiding the page writes what was counted");
  page.advance(3_600_000);
  page.tick();
  assert.equal(page.seconds(), 10);
  page.show("visible");
  page.advance(5_000);
  page.show("hidden");
  assert.equal(page.seconds(), 15);
});

test("a page opened in the background starts counting when it is shown", () => {
  const page = setup({ visible: false });
  page.advance(60_000);
  page.tick();
  assert.equal(page.seconds(), 0);
  page.show("visible");
  page.advance(20_000);
  page.tick();
  assert.equal(page.seconds(), 20);
});

test("one visit counts at most its cap (a tab forgotten open)", () => {
  const page = setup({ capSeconds: 600 });
  for (let minute = 0; minute < 240; minute += 1) {
    page.advance(60_000);
    page.tick();
  }
  assert.equal(page.seconds(), 600);
  page.show("hidden");
  page.show("visible");
  page.advance(60_000);
  page.tick();
  assert.equal(page.seconds(), 600, "hiding and showing the page does not reset the cap");
});

test("a new visit adds to what earlier visits recorded", () => {
  const page = setup({ capSeconds: 600 });
  page.advance(900_000);
  page.timer.stop();
  assert.equal(page.seconds(), 600);
  const doc = new EventTarget();
  doc.visibilityState = "visible";
  let now = 0;
  const again = trackLessonTime({ store: page.store, lessonId: "l01-accueil", capSeconds: 600, doc, win: null, clock: () => now, every: () => () => {} });
  now += 120_000;
  again.stop();
  assert.equal(lessonValue(page.store, "l01-accueil").seconds, 720);
});

test("leaving the page (pagehide) writes the time; stop() ends the visit for good", () => {
  const page = setup();
  page.advance(8_000);
  page.leave();
  assert.equal(page.seconds(), 8);
  page.advance(4_000);
  page.timer.stop();
  assert.equal(page.seconds(), 12);
  assert.ok(page.ticks.every((entry) => entry.cancelled), "the periodic write is cancelled");
  page.advance(60_000);
  page.show("hidden");
  page.show("visible");
  page.leave();
  page.timer.stop();
  assert.equal(page.seconds(), 12);
});

test("the time goes on top of a completion, and a clock going back adds nothing", () => {
  const page = setup();
  page.store.set("lesson:l01-accueil", { completed: "2026-01-01T00:00:00.000Z", seconds: 100 });
  page.advance(-50_000);
  page.tick();
  assert.equal(page.seconds(), 100);
  // Counting resumes from the corrected clock: the 70 s after it are real time.
  page.advance(70_000);
  page.tick();
  assert.deepEqual(lessonValue(page.store, "l01-accueil"), { completed: "2026-01-01T00:00:00.000Z", seconds: 170 });
});

test("time written after the learner erased everything starts from zero", () => {
  const page = setup();
  page.advance(30_000);
  page.tick();
  page.store.clear();
  page.advance(5_000);
  page.tick();
  assert.equal(page.seconds(), 5);
});

test("a bad lesson id is refused before anything is counted", () => {
  const doc = new EventTarget();
  doc.visibilityState = "visible";
  const store = openStore({ course: "cours", storage: memoryStorage() });
  assert.throws(() => trackLessonTime({ store, lessonId: "Leçon 1", doc, win: null, every: () => () => {} }), /invalid lesson id/);
});

test("the cap of a visit is the planned duration plus 30 minutes, else 2 hours", () => {
  assert.equal(CAP_EXTRA_MINUTES, 30);
  assert.equal(CAP_DEFAULT_MINUTES, 120);
  assert.equal(visitCapSeconds(45), 75 * 60);
  assert.equal(visitCapSeconds(135), 165 * 60);
  assert.equal(visitCapSeconds(NaN), 7200);
  assert.equal(visitCapSeconds(0), 7200);
  assert.equal(visitCapSeconds(-5), 7200);
});

test("durations read naturally in French and English", () => {
  const fr = translator("fr", messages);
  assert.equal(formatDuration(0, fr), "0 minute");
  assert.equal(formatDuration(59, fr), "0 minute");
  assert.equal(formatDuration(61, fr), "1 minute");
  assert.equal(formatDuration(125 * 60, fr), "2 h 05");
  const en = translator("en", messages);
  assert.equal(formatDuration(120, en), "2 minutes");
  assert.equal(formatDuration(3600, en), "1 h 00");
});

test("every panel message exists in French and English, with the same placeholders", () => {
  assert.deepEqual(Object.keys(messages.fr).sort(), Object.keys(messages.en).sort());
  const names = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
  for (const key of Object.keys(messages.fr)) assert.deepEqual(names(messages.en[key]), names(messages.fr[key]), key);
  const fr = translator("fr", messages);
  assert.equal(fr("progress.lessons", { count: 0 }), "0 leçon terminée");
  assert.equal(fr("progress.lessons", { count: 2 }), "2 leçons terminées");
  assert.equal(fr("progress.export"), "Exporter ma progression");
  assert.equal(fr("progress.import"), "Importer ma progression");
  assert.equal(fr("progress.clear"), "Tout effacer sur cet appareil");
  assert.equal(fr("lesson.done"), "J'ai terminé cette leçon");
});
