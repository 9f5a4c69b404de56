import assert from "node:assert/strict";
import { test } from "node:test";

import { createModel, restoreBuffers } from "../../src/edukit/site/static/host.js";

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
