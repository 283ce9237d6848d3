// Keeps the code blocks of docs/ equal to the type-checked snippets in this folder.
// In a page, a block marked `<!-- snippet: state.ts#counter -->` (the line right before the
// ```ts fence) shows the region `// #region counter` ... `// #endregion counter` of
// docs/snippets/state.ts, without the marker lines and with the common indent removed.
//   node docs/snippets/sync.mjs          rewrites the blocks from the snippets
//   node docs/snippets/sync.mjs --check  fails when a block differs or names a missing region
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const docs = dirname(here);
const check = process.argv.includes("--check");
const MARKER = /<!-- snippet: ([\w.-]+)#([\w-]+) -->\n```(\w*)\n([\s\S]*?)```/g;

function region(file, name) {
  const lines = readFileSync(join(here, file), "utf8").split("\n");
  const start = lines.findIndex((l) => l.trim() === `// #region ${name}`);
  const end = lines.findIndex((l, i) => i > start && l.trim() === `// #endregion ${name}`);
  if (start < 0 || end < 0) throw new Error(`${file} has no region "${name}"`);
  const body = lines.slice(start + 1, end).filter((l) => !/^\s*\/\/ #(end)?region /.test(l));
  // Blank lines at either end are layout of the .ts file, not part of the snippet.
  while (body.length > 0 && body[0].trim() === "") body.shift();
  while (body.length > 0 && body[body.length - 1].trim() === "") body.pop();
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.match(/^ */)[0].length));
  return `${body.map((l) => l.slice(indent)).join("\n")}\n`;
}

function pages(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pages(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : [],
  );
}

const problems = [];
let blocks = 0;
for (const page of pages(docs)) {
  const text = readFileSync(page, "utf8");
  const next = text.replace(MARKER, (whole, file, name, lang, shown) => {
    blocks++;
    let code;
    try {
      code = region(file, name);
    } catch (error) {
      problems.push(`${relative(docs, page)}: ${error.message}`);
      return whole;
    }
    if (code !== shown) problems.push(`${relative(docs, page)}: ${file}#${name} differs`);
    return `<!-- snippet: ${file}#${name} -->\n\`\`\`${lang}\n${code}\`\`\``;
  });
  if (!check && next !== text) writeFileSync(page, next);
}
if (check && problems.length > 0) {
  console.error(
    `docs snippets out of date (run \`node docs/snippets/sync.mjs\`):\n  ${problems.join("\n  ")}`,
  );
  process.exit(1);
}
console.log(`docs snippets: ${blocks} blocks ${check ? "match" : "written"}`);
