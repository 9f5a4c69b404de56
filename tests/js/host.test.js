import assert from "node:assert/strict";
import { test } from "node:test";

import { NEAR, createModel, restoreBuffers, whenNear } from "../../src/edukit/site/static/host.js";

test("get returns the initial state and set changes it", () => {
  const model = createModel({ count: 1, text: "a" });
  assert.equal(model.get("count"), 1);
  model.set("count", 2);
  assert.equal(model.get("count"), 2);
  assert.equal(model.get("missing"), undefined);
});

test("set fires change:<name> with (model, value), then change", () => {
  const model = createModel({ count: 1 });
  const seen = [];
  model.on("change:count", (who, value) => seen.push(["change:count", who === model, value]));
  model.on("change", (who) => seen.push(["change", who === model]));
  model.set("count", 5);
  assert.deepEqual(seen, [
    ["change:count", true, 5],
    ["change", true],
  ]);
});

test("setting an equal value fires nothing (deep equality, like Backbone)", () => {
  const model = createModel({ items: [{ id: "a" }], n: 0 });
  let calls = 0;
  model.on("change", () => (calls += 1));
  model.set("items", [{ id: "a" }]);
  model.set("n", 0);
  assert.equal(calls, 0);
  model.set("items", [{ id: "b" }]);
  assert.equal(calls, 1);
});

test("off removes one callback, an event, or everything", () => {
  const model = createModel({ a: 0, b: 0 });
  const log = [];
  const one = () => log.push("one");
  const two = () => log.push("two");
  model.on("change:a", one);
  model.on("change:a", two);
  model.on("change:b", one);
  model.off("change:a", one);
  model.set("a", 1);
  assert.deepEqual(log, ["two"]);
  model.off("change:a");
  model.set("a", 2);
  assert.deepEqual(log, ["two"]);
  model.off();
  model.set("b", 1);
  assert.deepEqual(log, ["two"]);
});

test("on accepts several space-separated events", () => {
  const model = createModel({ a: 0, b: 0 });
  const names = [];
  model.on("change:a change:b", (_, value) => names.push(value));
  model.set("a", 1);
  model.set("b", 2);
  assert.deepEqual(names, [1, 2]);
});

test("save_changes and send are harmless without a kernel", () => {
  const model = createModel({ a: 1 });
  assert.equal(model.save_changes(), undefined);
  assert.equal(model.send({ type: "ping" }), undefined);
  assert.equal(model.get("a"), 1);
});

test("a failing listener does not stop the others", () => {
  const model = createModel({ a: 0 });
  const seen = [];
  const original = console.error;
  console.error = () => {};
  try {
    model.on("change:a", () => {
      throw new Error("boom");
    });
    model.on("change:a", (_, value) => seen.push(value));
    model.set("a", 3);
  } finally {
    console.error = original;
  }
  assert.deepEqual(seen, [3]);
});

test("restoreBuffers puts base64 buffers back as DataViews at their path", () => {
  const state = { grid: { values: null }, name: "x" };
  restoreBuffers(state, [{ path: ["grid", "values"], data: Buffer.from([1, 2, 255]).toString("base64") }]);
  assert.ok(state.grid.values instanceof DataView);
  assert.deepEqual([...new Uint8Array(state.grid.values.buffer)], [1, 2, 255]);
  assert.equal(state.name, "x");
});

/** An IntersectionObserver stand-in: `show(element)` reports it as near the viewport. */
function fakeObservers() {
  const made = [];
  class Observer {
    constructor(callback, options) {
      this.callback = callback;
      this.options = options;
      this.observed = new Set();
      this.disconnected = false;
      made.push(this);
    }
    observe(element) {
      this.observed.add(element);
    }
    unobserve(element) {
      this.observed.delete(element);
    }
    disconnect() {
      this.observed.clear();
      this.disconnected = true;
    }
  }
  const show = (element, isIntersecting = true) => {
    for (const observer of made) {
      if (observer.observed.has(element)) observer.callback([{ target: element, isIntersecting }]);
    }
  };
  return { win: { IntersectionObserver: Observer }, made, show };
}

test("whenNear starts a widget only when it comes near the viewport, once", () => {
  const { win, made, show } = fakeObservers();
  const [top, bottom] = [{ isConnected: true }, { isConnected: true }];
  const started = [];
  whenNear([top, bottom], (element) => started.push(element), win);
  assert.deepEqual(started, []);
  assert.equal(made[0].options.rootMargin, NEAR);
  show(bottom, false);
  assert.deepEqual(started, []);
  show(bottom);
  show(bottom);
  assert.deepEqual(started, [bottom]);
  assert.equal(made[0].disconnected, false);
  show(top);
  assert.deepEqual(started, [bottom, top]);
  assert.equal(made[0].disconnected, true);
});

test("whenNear starts everything at once without IntersectionObserver", () => {
  const elements = [{ isConnected: true }, { isConnected: true }];
  const started = [];
  whenNear(elements, (element) => started.push(element), {});
  assert.deepEqual(started, elements);
});

test("whenNear starts everything at once in a frame (a SCORM package in an LMS)", () => {
  const { win, made } = fakeObservers();
  const elements = [{ isConnected: true }, { isConnected: true }];
  const started = [];
  whenNear(elements, (element) => started.push(element), { ...win, self: {}, top: {} });
  assert.deepEqual(started, elements);
  assert.equal(made.length, 0);
});

test("whenNear's flush starts the waiting ones (printing) and prune forgets those gone", () => {
  const { win, show } = fakeObservers();
  const [kept, gone, seen] = [{ isConnected: true }, { isConnected: true }, { isConnected: true }];
  const started = [];
  const wait = whenNear([kept, gone, seen], (element) => started.push(element), win);
  show(seen);
  gone.isConnected = false;
  assert.equal(wait.prune(), true);
  wait.flush();
  assert.deepEqual(started, [seen, kept]);
  assert.equal(wait.prune(), false);
});
