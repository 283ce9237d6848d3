// When an attempt ends, the engine and the Invocation drop what only a running attempt reads
// (results, run book, recorded commands, waiters). User code that outlives the attempt (an
// un-awaited ctx.run finishing later, a timer calling ctx) must then still be ignored or get a
// clear error: never a crash, an unhandled rejection, or a frame written after the end.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Context, endpoint, service, TerminalError } from "../../src/index.js";
import { invokeOnce, json } from "../endpoint/invoke-once.js";

const turn = () => new Promise<void>((r) => setTimeout(r, 5));

let unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeEach(() => {
  unhandled = [];
  process.on("unhandledRejection", onUnhandled);
});
afterEach(() => {
  process.off("unhandledRejection", onUnhandled);
});

function setup() {
  let open!: () => void;
  const gate = new Promise<void>((r) => {
    open = r;
  });
  const late: { ctx?: Context; waited?: Promise<unknown>; runDone?: boolean } = {};
  const def = service({
    name: "Late",
    handlers: {
      /** Ends terminally while a run's closure and a sleep are still pending. */
      early: async (ctx: Context) => {
        late.ctx = ctx;
        void ctx.run("r", async () => {
          await gate;
          late.runDone = true;
          return 1;
        });
        late.waited = ctx.sleep(60_000);
        throw new TerminalError("stop");
      },
    },
  });
  return { ep: endpoint().bind(def), late, open };
}

describe("user code after the attempt ended", () => {
  it("a run finishing late, pending waits and new ctx calls neither crash nor write", async () => {
    const { ep, late, open } = setup();
    const answer = await invokeOnce(ep, "/invoke/Late/early", json(null));
    expect(answer.failure?.message).toBe("stop");
    const frames = answer.frames.length;

    open(); // the un-awaited run's closure finishes after its attempt ended
    await turn();
    expect(late.runDone).toBe(true);

    // A wait from before the end never settles (its waiter was dropped), without a rejection.
    let settled = false;
    late.waited?.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    // New calls on the old context: each either throws synchronously or returns a promise that
    // does not crash the process; none writes a frame.
    const ctx = late.ctx!;
    const attempts: (() => unknown)[] = [
      () => ctx.run("after", () => 2),
      () => ctx.sleep(10),
      () => ctx.awakeable().promise,
      () => ctx.signal("s"),
    ];
    for (const call of attempts) {
      try {
        const p = call() as Promise<unknown> | undefined;
        p?.then?.(
          () => {},
          () => {},
        );
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
      }
    }
    await turn();
    await turn();
    expect(settled).toBe(false);
    expect(unhandled).toEqual([]);
    expect(answer.frames.length).toBe(frames);
  });
});
