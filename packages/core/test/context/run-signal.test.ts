// The ctx.run closure's AbortSignal is made on first read (a per-step saving): whenever it is
// read, it must tell the same story as a signal made when the closure started.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  type Context,
  endpoint,
  RestatePromise,
  service,
  TerminalError,
} from "../../src/index.js";
import { invokeOnce, json } from "../endpoint/invoke-once.js";

type RunCtx = { readonly signal: AbortSignal };

function setup() {
  let open!: () => void;
  const gate = new Promise<void>((r) => {
    open = r;
  });
  const seen: { early?: AbortSignal; late?: RunCtx; afterRun?: RunCtx } = {};
  const def = service({
    name: "Sig",
    handlers: {
      /** The attempt ends (a terminal failure) while the run's closure still waits. */
      early: async (ctx: Context) => {
        void ctx.run("r", async (rc) => {
          seen.early = rc.signal;
          await gate;
          return 1;
        });
        throw new TerminalError("stop");
      },
      late: async (ctx: Context) => {
        void ctx.run("r", async (rc) => {
          seen.late = rc;
          await gate;
          return 1;
        });
        throw new TerminalError("stop");
      },
      /** The closure finished before the attempt ended; its signal is read only afterwards. */
      settled: async (ctx: Context) => {
        const value = await RestatePromise.race([
          ctx.run("r", (rc) => {
            seen.afterRun = rc;
            return 1;
          }),
        ]);
        return value;
      },
    },
  });
  return { ep: endpoint().bind(def), seen, open };
}

describe("ctx.run's signal", () => {
  it("read while the closure runs: aborts with a CancelledError when the attempt ends", async () => {
    const { ep, seen, open } = setup();
    await invokeOnce(ep, "/invoke/Sig/early", json(null));
    expect(seen.early?.aborted).toBe(true);
    expect(seen.early?.reason).toBeInstanceOf(CancelledError);
    open();
  });

  it("first read after the attempt ended, the closure still running: already aborted", async () => {
    const { ep, seen, open } = setup();
    await invokeOnce(ep, "/invoke/Sig/late", json(null));
    const signal = seen.late?.signal;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(CancelledError);
    expect(seen.late?.signal).toBe(signal); // one signal, whenever it is read
    open();
  });

  it("first read after the closure settled: not aborted by the attempt's end", async () => {
    const { ep, seen } = setup();
    await invokeOnce(ep, "/invoke/Sig/settled", json(null));
    expect(seen.afterRun?.signal.aborted).toBe(false);
  });
});
