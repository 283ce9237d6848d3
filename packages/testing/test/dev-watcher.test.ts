// The folder watch behind `resolute dev`'s reloads: every kind of save is seen, every time.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { watchSources } from "../src/dev/watcher.js";

let dir: string;
let stop: (() => void) | undefined;
let bursts: string[][];
let waiters: (() => void)[];

/** Resolves with the next burst reported (a debounced callback), or fails after a while. */
function nextBurst(): Promise<string[]> {
  const seen = bursts.length;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no change reported")), 5_000);
    waiters.push(() => {
      if (bursts.length === seen) return;
      clearTimeout(timer);
      resolve(bursts[seen]!);
    });
  });
}

/** Saves the way sed -i and many editors do: a temporary file renamed over the original. */
function atomicSave(path: string, text: string): void {
  const temp = join(dir, `.tmp-save-${Math.random().toString(36).slice(2)}`);
  const visibleTemp = join(dir, `sedX${Math.random().toString(36).slice(2, 8)}`);
  writeFileSync(visibleTemp, text);
  renameSync(visibleTemp, temp);
  renameSync(temp, path);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "resolute-watch-"));
  writeFileSync(join(dir, "handler.ts"), "v1");
  bursts = [];
  waiters = [];
  stop = watchSources(dir, (files) => {
    bursts.push(files.sort());
    for (const wake of waiters) wake();
  });
});

afterEach(() => {
  stop?.();
  rmSync(dir, { recursive: true, force: true });
});

describe("watchSources", () => {
  it("sees a file saved in place, as one burst per save", async () => {
    const burst = nextBurst();
    writeFileSync(join(dir, "handler.ts"), "v2");
    writeFileSync(join(dir, "handler.ts"), "v2 again");
    expect(await burst).toEqual(["handler.ts"]);
    const second = nextBurst();
    writeFileSync(join(dir, "handler.ts"), "v3");
    expect(await second).toEqual(["handler.ts"]);
  });

  it("keeps seeing a file after atomic saves, and names it rather than the temporary file", async () => {
    for (const version of ["v2", "v3", "v4"]) {
      const burst = nextBurst();
      atomicSave(join(dir, "handler.ts"), version);
      expect(await burst).toEqual(["handler.ts"]);
    }
    // And a plain write after them.
    const burst = nextBurst();
    writeFileSync(join(dir, "handler.ts"), "v5");
    expect(await burst).toEqual(["handler.ts"]);
  });

  it("watches folders created after it started, and files in them", async () => {
    const created = nextBurst();
    await mkdir(join(dir, "lib", "deep"), { recursive: true });
    await created;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const burst = nextBurst();
    writeFileSync(join(dir, "lib", "deep", "util.ts"), "x");
    expect(await burst).toContain(join("lib", "deep", "util.ts"));
  });

  it("reports a deleted file", async () => {
    const burst = nextBurst();
    rmSync(join(dir, "handler.ts"));
    expect(await burst).toEqual(["handler.ts"]);
  });

  it("ignores node_modules, dist and dotfiles", async () => {
    await mkdir(join(dir, "node_modules", "pkg"), { recursive: true });
    await mkdir(join(dir, "dist"), { recursive: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    bursts = [];
    writeFileSync(join(dir, "node_modules", "pkg", "index.js"), "x");
    writeFileSync(join(dir, "dist", "out.js"), "x");
    writeFileSync(join(dir, ".handler.ts.swp"), "x");
    const burst = nextBurst();
    writeFileSync(join(dir, "handler.ts"), "v2");
    expect(await burst).toEqual(["handler.ts"]);
  });
});
