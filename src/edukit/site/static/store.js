// In the repository (node tests) the progress panel imports the store through this file; in the
// built site the widgets' store itself is linked into host.js (edukit.widgets.link_module).
export * from "../../widgets/static/store.js";
