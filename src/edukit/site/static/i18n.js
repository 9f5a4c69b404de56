// In the repository (node tests) the host imports the widgets' catalogues through this file; in
// the built site the catalogues themselves are linked into host.js (edukit.widgets.link_module).
export * from "../../widgets/static/i18n.js";
