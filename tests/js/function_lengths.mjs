// Print, as JSON, the line span of every function in the given ES modules or scripts.
// Used by tests/test_sizes.py; acorn is a devDependency (package.json), never shipped.
import { readFileSync } from "node:fs";
import * as acorn from "acorn";
import { full } from "acorn-walk";

const out = [];
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  let ast;
  try {
    ast = acorn.parse(text, { ecmaVersion: "latest", sourceType: "module", locations: true });
  } catch {
    ast = acorn.parse(text, { ecmaVersion: "latest", sourceType: "script", locations: true });
  }
  // A top-level IIFE is a classic script's module scope, not a function: it is not counted.
  const scopes = new Set(
    ast.body
      .filter((s) => s.type === "ExpressionStatement")
      .map((s) => (s.expression.type === "UnaryExpression" ? s.expression.argument : s.expression))
      .filter((e) => e.type === "CallExpression" && /Function/.test(e.callee.type))
      .map((e) => e.callee),
  );
  full(ast, (node) => {
    if (scopes.has(node)) return;
    if (!/Function/.test(node.type)) return;
    out.push({
      file,
      line: node.loc.start.line,
      lines: node.loc.end.line - node.loc.start.line + 1,
      name: node.id?.name ?? "(anonymous)",
    });
  });
}
process.stdout.write(JSON.stringify(out));
