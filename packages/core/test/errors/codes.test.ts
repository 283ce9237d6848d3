// The error table is true to the code: the docs mirror it, every code in it is raised somewhere,
// and no source writes a failure code as a bare number instead of going through it.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../../src/errors/codes.js";

const root = join(import.meta.dirname, "../../../..");
const coreSrc = join(root, "packages/core/src");
const doc = readFileSync(join(root, "docs/reference/errors.md"), "utf8");
const documented = [...doc.matchAll(/^\|\s*`(RES_ERR_\w+)`\s*\|\s*(\d+)\s*\|\s*(.+?)\s*\|$/gm)].map(
  (m) => [m[1], Number(m[2]), m[3]],
);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Source text without comments (kept line by line, so hits keep their line numbers). */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

const TABLE = join(coreSrc, "errors/codes.ts");
// Serving adapters that answer with the table's codes themselves are held to it too, and so is
// the one file of @resolute/fastify that raises a code (its HTTP code writes status literals),
// and the ingress client's errors, which pick their codes (its transport writes statuses too).
const files = [
  ...sources(coreSrc),
  ...sources(join(root, "packages/lambda/src")),
  join(root, "packages/fastify/src/fastify-app.ts"),
  join(root, "packages/client/src/errors.ts"),
]
  .filter((f) => f !== TABLE)
  .map((f) => ({ name: relative(root, f), text: code(readFileSync(f, "utf8")) }));

/** Numbers that read as HTTP error statuses (400–599), outside longer numbers like 86_400_000. */
const STATUS_LITERAL = /(?<![\w.$])[45]\d\d(?![\w.])/g;

function statusLiterals(text: string): string[] {
  return text.split("\n").flatMap((line, i) => {
    const hits = [...line.matchAll(STATUS_LITERAL)].map((m) => m[0]);
    return hits.map((h) => `${i + 1}: ${h} in ${line.trim()}`);
  });
}

describe("error code table", () => {
  it("docs/reference/errors.md lists every code with its wire code and summary, and nothing else", () => {
    const table = Object.entries(ErrorCodes).map(([code, e]) => [code, e.wire, e.summary]);
    expect(documented).toEqual(table);
  });

  it("every code in the table is raised by some source, by name", () => {
    const unused = Object.keys(ErrorCodes).filter(
      (c) => !files.some((f) => f.text.includes(`"${c}"`)),
    );
    expect(unused).toEqual([]);
  });

  it("no source writes a failure code as a numeric literal: codes come from the table", () => {
    const bypassing = files.flatMap((f) => statusLiterals(f.text).map((h) => `${f.name}:${h}`));
    expect(bypassing).toEqual([]);
  });

  it("the literal scan catches the forms a bypass takes, and ignores comments and longer numbers", () => {
    const caught = [
      "fail({ code: 570, message })",
      "new TerminalError(m, { errorCode: 400 })",
      "const code = failure.code ?? 500;",
      "if (code === 409) return;",
      "return error(res, e, 500);",
    ];
    for (const line of caught) expect(statusLiterals(code(line))).toHaveLength(1);
    const ignored = [
      "// the server answers 404 here",
      "/** code 409 */",
      "const day = 86_400_000;",
      "const t = 1.500;",
      "const id = x500;",
    ];
    for (const line of ignored) expect(statusLiterals(code(line))).toEqual([]);
  });
});
