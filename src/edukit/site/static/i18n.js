// In the repository the host imports the widgets' catalogues through this file; in the built
// site, on_post_build writes the catalogues themselves here.
export * from "../../widgets/static/i18n.js";
