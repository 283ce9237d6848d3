// Memory: an attempt that ended (finished, failed or suspended) leaves nothing alive in the
// endpoint. Counts live handler contexts with a FinalizationRegistry after forced GCs; the
// soak benchmark (bench/soak.js) measures the same at scale through the real server.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { type Context, endpoint, service, TerminalError } from "../../src/index.js";
import { invokeOnce, json } from "./invoke-once.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const live = new Set<number>();
const registry = new FinalizationRegistry<number>((id) => live.delete(id));
let nextId = 0;
const track = (ctx: Context) => {
  const id = nextId++;
  live.add(id);
  registry.register(ctx, id);
};

const def = service({
  name: "Leak",
  handlers: {
    finish: async (ctx: Context, n: number) => {
      track(ctx);
      return n;
    },
    /** Request/response mode: the run's completion is not there, so the attempt suspends. */
    suspend: async (ctx: Context) => {
      track(ctx);
      return ctx.run("r", () => 1);
    },
    sleep: async (ctx: Context) => {
      track(ctx);
      await ctx.sleep(60_000);
    },
    fail: async (ctx: Context) => {
      track(ctx);
      throw new TerminalError("no");
    },
    retry: async (ctx: Context) => {
      track(ctx);
      throw new Error("again");
    },
  },
});
const ep = endpoint().bind(def);
const quiet = { log() {} };

async function collected(): Promise<number> {
  // Finalizers run after a GC, on a later task: collect, yield, repeat until stable.
  for (let i = 0; i < 10 && live.size > 0; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  return live.size;
}

describe("ended attempts are garbage", () => {
  it.each(["finish", "suspend", "sleep", "fail", "retry"])(
    "200 attempts of %s: no handler context stays alive",
    async (handler) => {
      for (let i = 0; i < 200; i++) {
        await invokeOnce(ep, `/invoke/Leak/${handler}`, json(i), { logger: quiet });
      }
      expect(nextId).toBeGreaterThanOrEqual(200);
      expect(await collected()).toBe(0);
    },
  );
});
