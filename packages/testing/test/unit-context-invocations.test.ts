// The test context's invocations behave like the server's: a call's id is the id its callee runs
// under (so attach, cancel and signals reach it), callees run as invocations of their own (so a
// callee may wait on its caller), and state belongs to one (object or workflow, key).
import {
  type Context,
  defaultSerde,
  handlers,
  type ObjectContext,
  object,
  service,
  TerminalError,
  type WorkflowContext,
  workflow,
} from "@resolute/core";
import { describe, expect, it } from "vitest";
import { createTestContext } from "../src/unit/test-context.js";

const worker = service({
  name: "Worker",
  handlers: {
    double: async (ctx: Context, n: number) => (await ctx.run("double", () => n * 2)) as number,
    waitForGo: async (ctx: Context) => `got ${await ctx.signal<string>("go")}`,
  },
});

const boss = service({
  name: "Boss",
  handlers: {
    attachToCall: async (ctx: Context, n: number) => {
      const call = ctx.serviceClient(worker).double(n);
      const id = await call;
      const again = await ctx.attach<number>(await call.invocationId);
      return { id, again };
    },
    signalCallee: async (ctx: Context) => {
      const call = ctx.serviceClient(worker).waitForGo();
      ctx
        .invocation(await call.invocationId)
        .signal<string>("go")
        .resolve("it");
      return await call;
    },
    cancelCallee: async (ctx: Context) => {
      const call = ctx.serviceClient(worker).waitForGo();
      ctx.cancel(await call.invocationId);
      try {
        return await call;
      } catch (e) {
        return `callee failed: ${(e as TerminalError).code}`;
      }
    },
    attachTo: async (ctx: Context, id: string) => ctx.attach<string>(id),
    calleeId: async (ctx: Context) => {
      const call = ctx.serviceClient(worker).double(1);
      await call;
      return call.invocationId;
    },
    signalTo: async (ctx: Context, id: string) => {
      ctx.invocation(id).signal("go").resolve("x");
      return "sent";
    },
    sleepFor: async (ctx: Context, d: unknown) => {
      await ctx.sleep(d as number);
      return "slept";
    },
  },
});

const counter = object({
  name: "Counter",
  handlers: {
    add: async (ctx: ObjectContext<{ count: number }>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
  },
});

const tally = object({
  name: "Tally",
  handlers: {
    add: async (ctx: ObjectContext<{ count: number }>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
    addToCounter: async (ctx: ObjectContext, n: number) =>
      ctx.objectClient(counter, ctx.key).add(n),
  },
});

describe("call ids are the ids callees run under", () => {
  it("attaches to a callee by the id its call returned, after it finished", async () => {
    const t = createTestContext({ services: [worker] });
    expect(await t.invoke(boss, "attachToCall", 21)).toEqual({ id: 42, again: 42 });
  });

  it("signals a callee by that id; the callee waits on its caller without a deadlock", async () => {
    const t = createTestContext({ services: [worker] });
    expect(await t.invoke(boss, "signalCallee")).toBe("got it");
  });

  it("cancels a callee by that id", async () => {
    const t = createTestContext({ services: [worker] });
    expect(await t.invoke(boss, "cancelCallee")).toBe("callee failed: 409");
  });

  it("returns the id that t.attach and other invocations can use", async () => {
    const t = createTestContext({ services: [worker] });
    const id = await t.invoke(boss, "calleeId");
    expect(id).toMatch(/^inv_test\d+$/);
    expect(await t.invoke(boss, "attachTo", id)).toBe(2);
  });

  it("attaches to an invocation that is still running, and resumes when it ends", async () => {
    const t = createTestContext();
    const waiting = t.invoke(worker, "waitForGo");
    await t.idle();
    const attached = t.invoke(boss, "attachTo", "inv_test1");
    await t.idle();
    await t.invoke(boss, "signalTo", "inv_test1");
    expect(await attached).toBe("got x");
    expect(await waiting).toBe("got x");
  });
});

describe("bad input to the test context", () => {
  it("an unknown attach id fails the attach with a terminal error naming the id", async () => {
    const t = createTestContext();
    const result = t.invoke(boss, "attachTo", "inv_nosuch");
    await expect(result).rejects.toBeInstanceOf(TerminalError);
    await expect(result).rejects.toMatchObject({
      code: 404,
      message: expect.stringMatching(/inv_nosuch.*not an invocation of this test context/),
    });
  });

  it("a call to a service the context neither has nor scripts fails, saying what to pass", async () => {
    const t = createTestContext();
    await expect(t.invoke(boss, "attachToCall", 1)).rejects.toMatchObject({
      code: 404,
      message:
        'No service "Worker" in this test context: pass its definition in the services option, or answer calls to it with onCall.',
    });
  });

  it("an onCall script that throws a TerminalError fails the call with its code", async () => {
    const t = createTestContext({
      onCall: () => {
        throw new TerminalError("teapot", { errorCode: 418 });
      },
    });
    await expect(t.invoke(boss, "attachToCall", 1)).rejects.toMatchObject({
      code: 418,
      message: "teapot",
    });
  });

  it("a signal to an unknown invocation id fails the sender with a clear error", async () => {
    const t = createTestContext({ maxAttempts: 1 });
    await expect(t.invoke(boss, "signalTo", "inv_nosuch")).rejects.toThrow(
      /inv_nosuch.*not an invocation of this test context/,
    );
  });

  it("a Duration of the wrong shape ends the invocation with an error that says what to pass", async () => {
    for (const holdTimers of [false, true]) {
      const t = createTestContext({ holdTimers, maxAttempts: 2 });
      const wrongShapes = [-5, { seconds: Number.NaN }, { minutes: Number.POSITIVE_INFINITY }];
      for (const bad of [...wrongShapes, { secs: 5 }, "5s", { seconds: "5" }]) {
        await expect(t.invoke(boss, "sleepFor", bad)).rejects.toThrow(
          /Invalid duration.*finite, non-negative number of milliseconds/,
        );
      }
    }
  });
});

describe("bad ids from the test", () => {
  it("t.resolveAwakeable, t.rejectAwakeable and t.cancel refuse ids they do not know", () => {
    const t = createTestContext();
    expect(() => t.resolveAwakeable("sign_1nope", 1)).toThrow(
      /"sign_1nope" is not an awakeable of this test context: use an id from t.awakeables/,
    );
    expect(() => t.rejectAwakeable("nope", "no")).toThrow(/not an awakeable of this test context/);
    expect(() => t.cancel("inv_test42")).toThrow(
      /"inv_test42": it is not an invocation of this test context/,
    );
  });

  it("a cancellation by id reaches one invocation only", async () => {
    const t = createTestContext();
    const first = t.invoke(worker, "waitForGo");
    const second = t.invoke(worker, "waitForGo");
    await t.idle();
    t.cancel("inv_test1");
    await expect(first).rejects.toMatchObject({ code: 409 });
    await t.invoke(boss, "signalTo", "inv_test2");
    expect(await second).toBe("got x");
  });
});

describe("state per (object or workflow, key)", () => {
  it("keeps the state of two objects apart under the same key", async () => {
    const t = createTestContext({ key: "k" });
    expect(await t.invoke(counter, "add", 1)).toBe(1);
    expect(await t.invoke(tally, "add", 10)).toBe(10);
    expect(await t.invoke(counter, "add", 1)).toBe(2);
    expect(t.stateOf(counter, "k").get("count")).toBe(2);
    expect(t.stateOf(tally, "k").get("count")).toBe(10);
  });

  it("in-process calls and t.invoke share the state of the same object key", async () => {
    const t = createTestContext({ key: "k", services: [counter] });
    expect(await t.invoke(counter, "add", 5)).toBe(5);
    expect(await t.invoke(tally, "addToCounter", 1)).toBe(6); // Counter "k" again, in process
    expect(await t.invoke(counter, "add", 1)).toBe(7);
    expect(t.stateOf(counter, "k").get("count")).toBe(7);
    expect(t.stateOf(tally, "k").keys()).toEqual([]);
  });

  it("t.state is the state of the context's key of the object last invoked, seeded from options", async () => {
    const t = createTestContext({ key: "k", state: { count: 100 } });
    t.state.set("extra", true); // before any invoke: part of the seed
    expect(await t.invoke(counter, "add", 1)).toBe(101);
    expect(t.state.get("count")).toBe(101);
    expect(t.state.keys()).toEqual(["count", "extra"]);
    expect(await t.invoke(tally, "add", 1)).toBe(101);
    expect(t.state.get("count")).toBe(101);
    expect(t.stateOf(counter, "k").get("count")).toBe(101);
    expect(t.stateOf(counter, "other").keys()).toEqual([]);
  });

  it("workflows keep their state per key too", async () => {
    const wf = workflow({
      name: "Stamp",
      handlers: {
        run: async (ctx: WorkflowContext, v: string) => {
          ctx.set("v", v);
          return v;
        },
      },
    });
    const t = createTestContext({ key: "w1" });
    await t.invoke(wf, "run", "one");
    expect(t.state.get("v")).toBe("one");
    expect(t.stateOf(wf, "w2").get("v")).toBeUndefined();
  });
});

describe("t.idle()", () => {
  it("resolves once every invocation waits on the test, without timers", async () => {
    const waiter = service({
      name: "Approver",
      handlers: {
        wait: async (ctx: Context) => {
          await ctx.run("prepare", () => 1);
          const { promise } = ctx.awakeable<string>();
          return `ok ${await promise}`;
        },
      },
    });
    const t = createTestContext();
    const result = t.invoke(waiter, "wait");
    await t.idle();
    expect(t.runs).toEqual(["prepare"]);
    expect(t.awakeables).toHaveLength(1);
    t.resolveAwakeable(t.awakeables[0]!, "go");
    expect(await result).toBe("ok go");
    await t.idle(); // nothing running: resolves at once
  });

  it("waits for scripted answers that are still pending", async () => {
    const caller = service({
      name: "Caller",
      handlers: {
        go: async (ctx: Context) =>
          ctx.genericCall<Uint8Array, number>({
            service: "Remote",
            method: "ask",
            parameter: new Uint8Array(0),
            outputSerde: defaultSerde,
          }),
      },
    });
    // The answer comes a macrotask later: idle() must count it as work in progress.
    const t = createTestContext({ onCall: () => new Promise((r) => setImmediate(() => r(7))) });
    let settled = false;
    const result = t.invoke(caller, "go").finally(() => {
      settled = true;
    });
    await t.idle();
    expect(settled).toBe(true);
    expect(await result).toBe(7);
  });
});

describe("one exclusive handler at a time per key", () => {
  const slow = object({
    name: "Slow",
    handlers: {
      increment: async (ctx: ObjectContext<{ n: number }>) => {
        const n = (await ctx.get("n")) ?? 0;
        await ctx.run("pause", () => undefined);
        ctx.set("n", n + 1);
        return n + 1;
      },
      hold: async (ctx: ObjectContext) => {
        await ctx.awakeable<string>().promise;
        return "released";
      },
      peek: handlers.object.shared(async (ctx) => (await ctx.get("n")) ?? 0),
    },
  });

  it("queues exclusive handlers of one key, as the server does", async () => {
    const t = createTestContext({ key: "k" });
    const results = await Promise.all([
      t.invoke(slow, "increment"),
      t.invoke(slow, "increment"),
      t.invoke(slow, "increment"),
    ]);
    expect(results).toEqual([1, 2, 3]);
    expect(t.state.get("n")).toBe(3);
  });

  it("shared handlers do not wait for the exclusive one", async () => {
    const t = createTestContext({ key: "k", state: { n: 7 } });
    const held = t.invoke(slow, "hold");
    const queued = t.invoke(slow, "increment");
    await t.idle();
    expect(await t.invoke(slow, "peek")).toBe(7);
    expect(t.runs).toEqual([]); // increment has not started
    t.resolveAwakeable(t.awakeables[0]!, "go");
    expect(await held).toBe("released");
    expect(await queued).toBe(8);
  });
});

describe("several invocations at once", () => {
  it("the test context drives several top-level invocations at once", async () => {
    const t = createTestContext({ key: "k" });
    const [a, b] = await Promise.all([t.invoke(counter, "add", 1), t.invoke(tally, "add", 2)]);
    expect([a, b]).toEqual([1, 2]);
  });
});
