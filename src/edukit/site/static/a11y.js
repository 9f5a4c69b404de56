// In the repository (node tests) the progress panel imports the accessibility helpers through
// this file; in the built site the helpers themselves are linked into host.js.
export * from "../../widgets/static/a11y.js";
