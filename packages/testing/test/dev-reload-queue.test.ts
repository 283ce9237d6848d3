// The order of `resolute dev`'s reloads: one at a time, changes folded together, and a load
// still in progress superseded by a newer change instead of holding it back.
import { describe, expect, it } from "vitest";
import { ReloadQueue } from "../src/dev/reload-queue.js";

/** A load the test finishes by hand, or that ends when aborted (an import that never ends). */
interface Started {
  changed: string[];
  signal: AbortSignal;
  finish(): void;
}

function recorder() {
  const started: Started[] = [];
  const queue = new ReloadQueue(
    (changed, signal) =>
      new Promise<void>((resolve) => {
        started.push({ changed, signal, finish: resolve });
        signal.addEventListener("abort", () => resolve(), { once: true });
      }),
  );
  return { started, queue };
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("ReloadQueue", () => {
  it("runs one load at a time and folds the changes that arrive meanwhile into the next", async () => {
    const { started, queue } = recorder();
    const first = queue.schedule([]);
    await turn();
    expect(started.map((s) => s.changed)).toEqual([[]]);
    const second = queue.schedule(["a.ts"]);
    queue.schedule(["b.ts", "a.ts"]);
    await turn();
    // The new changes superseded the first load, and wait for it to end before the next.
    expect(started[0]!.signal.aborted).toBe(true);
    await first;
    await turn();
    expect(started.map((s) => s.changed)).toEqual([[], ["a.ts", "b.ts"]]);
    expect(started[1]!.signal.aborted).toBe(false);
    started[1]!.finish();
    await second;
    expect(started).toHaveLength(2);
  });

  it("a load that never ends on its own does not hold back the next change", async () => {
    const started: Started[] = [];
    const queue = new ReloadQueue((changed, signal) => {
      // The first version hangs (ignores everything but its abort), the fix loads at once.
      if (changed.length === 0) {
        return new Promise<void>((resolve) => {
          started.push({ changed, signal, finish: () => {} });
          signal.addEventListener("abort", () => resolve(), { once: true });
        });
      }
      started.push({ changed, signal, finish: () => {} });
      return Promise.resolve();
    });
    void queue.schedule([]);
    await turn();
    await queue.schedule(["fixed.ts"]);
    expect(started.map((s) => s.changed)).toEqual([[], ["fixed.ts"]]);
  });

  it("a failing load does not stop later ones", async () => {
    const seen: string[][] = [];
    const queue = new ReloadQueue(async (changed) => {
      seen.push(changed);
      if (changed.length === 0) throw new Error("broken");
    });
    await queue.schedule([]);
    await queue.schedule(["x.ts"]);
    expect(seen).toEqual([[], ["x.ts"]]);
  });

  it("close() aborts the load in progress and queues nothing more", async () => {
    const { started, queue } = recorder();
    void queue.schedule([]);
    await turn();
    await queue.close();
    expect(started[0]!.signal.aborted).toBe(true);
    await queue.schedule(["late.ts"]);
    expect(started).toHaveLength(1);
  });
});
