// Whether each minified script parses to the same syntax tree as its original (acorn), for
// tests/site/test_minify.py. Argument: a JSON file listing {name, original, minified}; prints
// {"compared": n, "different": [names…]}. Positions and raw texts are left out of the trees.
import { readFileSync } from "node:fs";
import { parse } from "acorn";

function tree(text) {
  for (const sourceType of ["module", "script"]) {
    try {
      return parse(text, { ecmaVersion: "latest", sourceType });
    } catch (error) {
      if (sourceType === "script") throw error;
    }
  }
  return null;
}

const shape = (node) =>
  JSON.stringify(node, (key, value) => (["start", "end", "raw"].includes(key) ? undefined : value));

const pairs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const different = [];
for (const { name, original, minified } of pairs) {
  let same;
  try {
    same = shape(tree(readFileSync(original, "utf8"))) === shape(tree(readFileSync(minified, "utf8")));
  } catch (error) {
    same = false;
    console.error(`${name}: ${error.message}`);
  }
  if (!same) different.push(name);
}
console.log(JSON.stringify({ compared: pairs.length, different }));
