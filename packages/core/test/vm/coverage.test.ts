// Every recorded vector has a scripted handler and is replayed by one of the capability files.
import { readdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadVectors } from "../support/vectors.js";
import { vectorCases } from "./vector-handlers.js";

const here = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here)
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => readFileSync(`${here}/${f}`, "utf8"))
  .join("\n");

describe("vector coverage", () => {
  const files = loadVectors().map((v) => v.file);

  it("finds the recorded vectors (a…m and v7_*)", () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
  });

  it.each(files)("%s has a scripted handler and a describeVector call", (file) => {
    expect(vectorCases[file]).toBeDefined();
    expect(sources).toContain(`describeVector("${file}")`);
  });

  it("no handler is scripted for a vector that does not exist", () => {
    expect(Object.keys(vectorCases).sort()).toEqual([...files].sort());
  });
});
