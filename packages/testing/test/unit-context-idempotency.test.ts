// Calls and sends with an idempotency key in the test context: as on the server, a key seen
// before for the same target reaches the first invocation (its id, its result or failure) and
// never starts a second one. e2e/test-context-idempotency.test.ts holds the same handlers
// against the real server; these cover what only the test context has (onCall, unrunnable
// sends, delayed sends, the recorder).
import { type Context, rpc, service, TerminalError } from "@resolute/core";
import { describe, expect, it } from "vitest";
import { createTestContext } from "../src/unit/test-context.js";

let counted = 0;
const counter = service({
  name: "Counted",
  handlers: {
    bump: async (ctx: Context, tag: string) => {
      await ctx.run("bump", () => {
        counted++;
      });
      return `bumped ${tag}`;
    },
  },
});

const ids = (...handles: { invocationId: Promise<string> }[]) =>
  Promise.all(handles.map((h) => h.invocationId));

const caller = service({
  name: "Caller",
  handlers: {
    callExternalTwice: async (ctx: Context, idem?: string) => {
      const results: unknown[] = [];
      const handles = [];
      for (const n of [1, 2]) {
        const call = ctx.genericCall<unknown>({
          service: "External",
          method: "get",
          parameter: new TextEncoder().encode(String(n)),
          ...(idem === undefined ? {} : { idempotencyKey: idem }),
        });
        handles.push(call);
        try {
          results.push(new TextDecoder().decode(await call));
        } catch (e) {
          results.push(e instanceof TerminalError ? `${e.code} ${e.message}` : String(e));
        }
      }
      const [a, b] = await ids(...handles);
      return { results, sameId: a === b };
    },
    sendTwice: async (ctx: Context, input: { idem: string; delayMs?: number }) => {
      const opts = rpc.sendOpts({
        idempotencyKey: input.idem,
        ...(input.delayMs ? { delay: input.delayMs } : {}),
      });
      const [a, b] = await ids(
        ctx.serviceSendClient(counter).bump("one", opts),
        ctx.serviceSendClient(counter).bump("two", opts),
      );
      return a === b ? a : `different ids ${a} ${b}`;
    },
    sendToMissingThenCall: async (ctx: Context, idem: string) => {
      const send = ctx.genericSend({
        service: "Missing",
        method: "go",
        parameter: new Uint8Array(0),
        idempotencyKey: idem,
      });
      const again = ctx.genericSend({
        service: "Missing",
        method: "go",
        parameter: new Uint8Array(0),
        idempotencyKey: idem,
      });
      const sameId = (await send.invocationId) === (await again.invocationId);
      try {
        await ctx.genericCall({
          service: "Missing",
          method: "go",
          parameter: new Uint8Array(0),
          idempotencyKey: idem,
        });
        return { sameId, call: "succeeded" };
      } catch (e) {
        return { sameId, call: e instanceof TerminalError ? `${e.code} ${e.message}` : String(e) };
      }
    },
  },
});

describe("idempotency keys in the test context", () => {
  it("onCall answers the first call with a key; a second call gets that answer and id without asking", async () => {
    const asked: unknown[] = [];
    const t = createTestContext({
      onCall: (call) => {
        asked.push(call.input);
        return `answer ${asked.length}`;
      },
    });
    const r = await t.invoke(caller, "callExternalTwice", "k");
    expect(r).toEqual({ results: ['"answer 1"', '"answer 1"'], sameId: true });
    expect(asked).toHaveLength(1);
    expect(t.calls.map((c) => c.idempotencyKey)).toEqual(["k", "k"]);
  });

  it("without a key every call is asked anew, with an id of its own", async () => {
    let n = 0;
    const t = createTestContext({ onCall: () => `answer ${++n}` });
    const r = await t.invoke(caller, "callExternalTwice");
    expect(r).toEqual({ results: ['"answer 1"', '"answer 2"'], sameId: false });
    expect(t.calls.every((c) => !("idempotencyKey" in c))).toBe(true);
  });

  it("a failure of onCall is the answer to every call with the key", async () => {
    let n = 0;
    const t = createTestContext({
      onCall: () => {
        throw new TerminalError(`refused ${++n}`, { errorCode: 403 });
      },
    });
    const r = await t.invoke(caller, "callExternalTwice", "k");
    expect(r).toEqual({ results: ["403 refused 1", "403 refused 1"], sameId: true });
    expect(n).toBe(1);
  });

  it("a second send with a key runs nothing and returns the first send's id", async () => {
    const t = createTestContext({ services: [counter] });
    const before = counted;
    expect(await t.invoke(caller, "sendTwice", { idem: "s" })).toMatch(/^inv_test\d+$/);
    await t.idle();
    expect(counted - before).toBe(1);
    expect(t.sends.map((s) => [s.input, s.idempotencyKey])).toEqual([
      ["one", "s"],
      ["two", "s"],
    ]);
  });

  it("a delayed send with a known key is not scheduled a second time", async () => {
    const t = createTestContext({ services: [counter] });
    const before = counted;
    expect(await t.invoke(caller, "sendTwice", { idem: "d", delayMs: 1000 })).toMatch(/^inv_test/);
    await t.idle();
    expect(counted - before).toBe(0);
    t.fireTimers();
    await t.idle();
    expect(counted - before).toBe(1);
  });

  it("sends with a key to a service the context lacks share one id; a call with the key says why it cannot run", async () => {
    const t = createTestContext();
    const r = await t.invoke(caller, "sendToMissingThenCall", "m");
    expect(r.sameId).toBe(true);
    expect(r.call).toMatch(
      /^404 it is a send to Missing\/go, a service this test context does not have/,
    );
  });
});
