// The general hook additions, in process: what a provider learns about the attempt, what the
// observer sees of each durable operation and when it ends, run info, and log fields.
import { describe, expect, it } from "vitest";
import type { LogContext } from "../../src/context/logging.js";
import {
  type Attempt,
  endpoint,
  type HooksProvider,
  type ObjectContext,
  object,
  type RunInfo,
} from "../../src/index.js";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { invokeOnce, json } from "./invoke-once.js";

const cart = object({
  name: "Cart",
  handlers: {
    add: async (ctx: ObjectContext, item: string) => {
      ctx.set("item", item);
      const got = await ctx.get<string>("item");
      ctx.console.info("added", got);
      const reserved = ctx.run("reserve", () => 1);
      await ctx.sleep(1000, "nap");
      return `${got} ${await reserved}`;
    },
  },
});

describe("hook observer, attempt facts, run info and log fields", () => {
  it("see each operation once, end those whose result arrived, and tag log lines", async () => {
    const seen: string[] = [];
    const runs: { name: string; info: RunInfo }[] = [];
    let attempt: Attempt | undefined;
    let closeReasonAfter: (reason: string | undefined) => void = () => {};
    const closeReason = new Promise<string | undefined>((r) => {
      closeReasonAfter = r;
    });
    const provider: HooksProvider = (ctx) => {
      attempt = ctx.attempt;
      return {
        interceptor: {
          handler: async (next) => {
            await next();
            closeReasonAfter(ctx.attempt.closeReason);
          },
          run: async (name, next, info) => {
            runs.push({ name, info });
            await next();
          },
        },
        observer: {
          operation: (op) => {
            seen.push(`${op.method} ${op.target} replayed=${op.replayed} delay=${op.delayMs}`);
            return (end) => seen.push(`end ${op.method} failure=${end.failure?.code}`);
          },
        },
        logFields: () => ({ trace_id: "t1" }),
      };
    };
    const lines: LogContext[] = [];
    const ep = endpoint().bind(cart).withHooks(provider);
    const a = await invokeOnce(ep, "/invoke/Cart/add", json("book"), {
      key: "k1",
      retryCount: 2,
      logger: { log: (_level, c) => lines.push(c) },
    });
    // Request/response: the sleep cannot complete in this attempt, so it suspends.
    expect(a.frames.map((f) => f.type)).toContain(M.Suspension);
    expect(seen).toEqual([
      "set item replayed=false delay=undefined",
      "get item replayed=false delay=undefined",
      "end get failure=undefined", // eager state: its result is there at once
      "sleep nap replayed=false delay=1000",
    ]);
    expect(runs).toEqual([{ name: "reserve", info: { index: 3, attempt: 1 } }]);
    expect(attempt).toMatchObject({
      service: "Cart",
      handler: "add",
      key: "k1",
      invocationId: "inv_unit",
      journalLength: 1,
      replaying: false,
      retryCount: 2,
    });
    // The interceptor's next() settles once the attempt ended (here after the response did).
    expect(await closeReason).toBe("suspended");
    expect(lines).toEqual([
      {
        service: "Cart",
        handler: "add",
        key: "k1",
        invocationId: "inv_unit",
        fields: { trace_id: "t1" },
      },
    ]);
  });

  it("without hooks, log lines carry no extra fields", async () => {
    const lines: LogContext[] = [];
    await invokeOnce(endpoint().bind(cart), "/invoke/Cart/add", json("pen"), {
      key: "k2",
      logger: { log: (_level, c) => lines.push(c) },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.fields).toBeUndefined();
  });
});
