// A stand-in for a widget's root element and a key press on it, for the tests of the keys each
// widget keeps from JupyterLab (keepKeys in a11y.js). Not a test file itself.

/** An element that keeps its event handlers, by type, in `handlers`. */
export function fakeRoot() {
  const handlers = new Map();
  return {
    handlers,
    addEventListener: (type, handler) => handlers.set(type, handler),
    removeEventListener: (type, handler) => handlers.get(type) === handler && handlers.delete(type),
  };
}

/** Press `key` on `root`; true when the widget stopped the event from reaching JupyterLab. */
export function pressed(root, key, modifiers = {}) {
  let stopped = false;
  root.handlers.get("keydown")({ key, ...modifiers, stopPropagation: () => (stopped = true) });
  return stopped;
}
