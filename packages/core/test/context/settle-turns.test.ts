// When a result is handed to the handler. A completion that arrives in a macrotask of its own,
// while the handler has nothing left to react to, is handed over at once (one event-loop turn
// less per step). One that arrives while the handler may still be registering what it awaits
// (here: in the chunk that starts it) waits for the next macrotask, as replay requires.
import { describe, expect, it } from "vitest";
import { type Context, endpoint, service } from "../../src/index.js";
import { encodeFrame } from "../../src/protocol/codec.js";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { json } from "../endpoint/invoke-once.js";

const macrotask = () => new Promise<void>((r) => setTimeout(r, 0));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function open(order: string[], name = "step") {
  const def = service({
    name: "Turns",
    handlers: {
      step: async (ctx: Context) => {
        const v = await ctx.run("one", () => 1);
        order.push("handler resumed");
        return v;
      },
      steps: async (ctx: Context) => {
        for (let i = 1; i <= 3; i++) await ctx.run(`s${i}`, () => i);
        order.push("steps done");
      },
      /** Both waits registered up front; the first result's reaction takes a few microtasks. */
      pair: async (ctx: Context) => {
        const a = ctx.sleep(1000).then(async () => {
          order.push("1");
          await null;
          await null;
          order.push("1 done");
        });
        const b = ctx.sleep(2000).then(() => {
          order.push("2");
        });
        await a;
        await b;
      },
    },
  });
  const handler = endpoint()
    .bind(def)
    .handler({ logger: { log() {} } });
  let ended!: () => void;
  const done = new Promise<void>((r) => {
    ended = r;
  });
  const sink = handler.handle(
    {
      method: "POST",
      path: `/invoke/Turns/${name}`,
      headers: { "content-type": "application/vnd.restate.invocation.v6" },
    },
    { head() {}, write() {}, end: () => ended() },
  );
  return { sink, done };
}

const start = (knownEntries: number) =>
  encodeFrame(M.Start, { id: new Uint8Array(24).fill(5), debugId: "inv_turns", knownEntries });
const input = () => encodeFrame(M.InputCommand, { value: json(null) });
const slept = (completionId: number) =>
  encodeFrame(M.SleepCompletion, { completionId, void: true });
const completion = (completionId = 1) =>
  encodeFrame(M.RunCompletion, {
    completionId,
    value: new TextEncoder().encode(String(completionId)),
  });

describe("handing results to the handler", () => {
  it("a completion arriving on its own resumes the handler before the next macrotask", async () => {
    const order: string[] = [];
    const { sink, done } = open(order);
    sink.push(concat(start(1), input()));
    await macrotask(); // the run executed and was proposed; the handler waits
    await macrotask();
    setImmediate(() => order.push("immediate"));
    sink.push(completion());
    await macrotask();
    expect(order).toEqual(["handler resumed", "immediate"]);
    sink.end();
    await done;
  });

  it("a completion in the chunk that starts the handler waits for a macrotask", async () => {
    const order: string[] = [];
    const { sink, done } = open(order);
    setImmediate(() => order.push("immediate"));
    // A replay: the run and its result are in the journal the server sends first.
    sink.push(
      concat(start(2), input(), encodeFrame(M.RunCommand, { name: "one", resultCompletionId: 1 })),
    );
    sink.push(completion());
    await macrotask();
    await macrotask();
    expect(order).toEqual(["immediate", "handler resumed"]);
    sink.end();
    await done;
  });

  it("two completions arriving back to back: the second waits for the reaction to the first", async () => {
    const order: string[] = [];
    const { sink, done } = open(order, "pair");
    sink.push(concat(start(1), input()));
    await macrotask();
    await macrotask();
    sink.push(slept(1));
    sink.push(slept(2));
    await macrotask();
    await macrotask();
    expect(order).toEqual(["1", "1 done", "2"]);
    sink.end();
    await done;
  });

  it("a step waiting for its run's result costs no macrotask: the reply's turn hands it over", async () => {
    const order: string[] = [];
    const { sink, done } = open(order, "steps");
    const real = globalThis.setImmediate;
    let immediates = 0;
    globalThis.setImmediate = ((fn: () => void) => {
      immediates++;
      return real(fn);
    }) as typeof setImmediate;
    try {
      sink.push(concat(start(1), input()));
      await macrotask();
      for (let id = 1; id <= 3; id++) {
        sink.push(completion(id));
        await macrotask();
      }
    } finally {
      globalThis.setImmediate = real;
    }
    expect(order).toEqual(["steps done"]);
    expect(immediates).toBe(0);
    sink.end();
    await done;
  });
});
