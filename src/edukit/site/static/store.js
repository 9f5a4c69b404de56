// In the repository the progress panel imports the store through this file; in the built site,
// on_post_build writes the store itself here (with sha256.js beside it).
export * from "../../widgets/static/store.js";
