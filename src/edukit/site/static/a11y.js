// In the repository the progress panel imports the accessibility helpers through this file; in
// the built site, on_post_build writes the helpers themselves here.
export * from "../../widgets/static/a11y.js";
