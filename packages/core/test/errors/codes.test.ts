import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ErrorCodes } from "../../src/errors/codes.js";

const doc = readFileSync(join(import.meta.dirname, "../../../../docs/reference/errors.md"), "utf8");
const documented = [...doc.matchAll(/^\|\s*`(RES_ERR_\w+)`\s*\|\s*(\d+)\s*\|\s*(.+?)\s*\|$/gm)].map(
  (m) => [m[1], Number(m[2]), m[3]],
);

describe("error code table", () => {
  it("docs/reference/errors.md lists every code with its wire code and summary, and nothing else", () => {
    const table = Object.entries(ErrorCodes).map(([code, e]) => [code, e.wire, e.summary]);
    expect(documented).toEqual(table);
  });
});
