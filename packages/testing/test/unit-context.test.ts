// The unit-test context, used the way its documentation shows: handlers run in process, with
// state you seed and inspect, calls routed to other definitions or scripted, and timers and
// awakeables you control.
import {
  type Context,
  handlers,
  type ObjectContext,
  object,
  RestatePromise,
  type Serde,
  serde,
  service,
  TerminalError,
  type WorkflowContext,
  type WorkflowSharedContext,
  workflow,
} from "@resolute/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestContext } from "../src/unit/test-context.js";

const counter = object({
  name: "Counter",
  handlers: {
    add: async (ctx: ObjectContext<{ count: number }>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
    current: handlers.object.shared(async (ctx) => (await ctx.get("count")) ?? 0),
    reset: async (ctx: ObjectContext) => ctx.clearAll(),
  },
});

const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (ctx: Context, name: string) => {
      const greeting = await ctx.run("compose", () => `Hello, ${name}!`);
      await ctx.sleep({ seconds: 5 }, "pause");
      return greeting;
    },
    viaCounter: async (ctx: Context, key: string) => ctx.objectClient(counter, key).add(10),
    notify: async (ctx: Context, who: string) => {
      ctx.serviceSendClient(greeter).greet(who);
      return "sent";
    },
    refuse: async () => {
      throw new TerminalError("no", { errorCode: 403 });
    },
    waitForApproval: async (ctx: Context) => {
      const { promise } = ctx.awakeable<string>();
      return `approved by ${await promise}`;
    },
  },
});

const approval = workflow({
  name: "Approval",
  handlers: {
    run: async (ctx: WorkflowContext, doc: string) =>
      `${doc}: ${await ctx.promise<string>("decision")}`,
    decide: async (ctx: WorkflowSharedContext, d: string) =>
      ctx.promise<string>("decision").resolve(d),
  },
});

describe("createTestContext", () => {
  it("runs an object handler against seeded state and shows the new state", async () => {
    const t = createTestContext({ key: "k", state: { count: 1 } });
    expect(await t.invoke(counter, "add", 2)).toBe(3);
    expect(t.state.get("count")).toBe(3);
    expect(await t.invoke(counter, "current")).toBe(3);
    await t.invoke(counter, "reset");
    expect(t.state.keys()).toEqual([]);
  });

  it("executes runs once and completes sleeps at once, recording both", async () => {
    const t = createTestContext();
    expect(await t.invoke(greeter, "greet", "Ann")).toBe("Hello, Ann!");
    expect(t.runs).toEqual(["compose"]);
    expect(t.sleeps).toHaveLength(1);
    expect(t.sleeps[0]!.name).toBe("pause");
    expect(t.sleeps[0]!.ms).toBeGreaterThan(4000);
  });

  it("holds timers until the test fires them", async () => {
    const t = createTestContext({ holdTimers: true });
    let done = false;
    const result = t.invoke(greeter, "greet", "Bo").then((r) => {
      done = true;
      return r;
    });
    await t.idle();
    expect(done).toBe(false);
    expect(t.sleeps).toHaveLength(1);
    t.fireTimers();
    expect(await result).toBe("Hello, Bo!");
  });

  it("routes calls to bound definitions in process, and records sends", async () => {
    const t = createTestContext({ services: [counter] });
    expect(await t.invoke(greeter, "viaCounter", "x")).toBe(10);
    expect(t.calls).toEqual([{ service: "Counter", handler: "add", key: "x", input: 10 }]);
    expect(await t.invoke(greeter, "notify", "Cy")).toBe("sent");
    expect(t.sends).toMatchObject([
      { service: "Greeter", handler: "greet", input: "Cy", delayMs: 0 },
    ]);
  });

  it("scripts calls to services it does not have", async () => {
    const t = createTestContext({ onCall: (c) => (c.handler === "add" ? 99 : undefined) });
    expect(await t.invoke(greeter, "viaCounter", "x")).toBe(99);
  });

  it("throws the handler's terminal error", async () => {
    const t = createTestContext();
    await expect(t.invoke(greeter, "refuse")).rejects.toMatchObject({ code: 403, message: "no" });
  });

  it("lets the test resolve an awakeable the handler waits on", async () => {
    const t = createTestContext();
    const result = t.invoke(greeter, "waitForApproval");
    await t.idle();
    t.resolveAwakeable(t.awakeables[0]!, "Dana");
    expect(await result).toBe("approved by Dana");
  });

  it("shares workflow promises between run and the other handlers", async () => {
    const t = createTestContext({ key: "doc1" });
    const run = t.invoke(approval, "run", "contract");
    await t.idle();
    await t.invoke(approval, "decide", "yes");
    expect(await run).toBe("contract: yes");
  });

  it("fails at once when a handler is not deterministic", async () => {
    const flaky = service({
      name: "NonDeterministic",
      handlers: {
        go: async (ctx: Context) => {
          await ctx.run(Math.random() < 2 ? `step-${Math.random()}` : "x", () => 1);
          await ctx.sleep(1);
          return "done";
        },
      },
    });
    const t = createTestContext({ maxAttempts: 2 });
    await expect(t.invoke(flaky, "go")).rejects.toThrow(
      /Journal mismatch at command index 1.*unit-context\.test\.ts:\d+:\d+/s,
    );
  });
});

describe("ctx.console", () => {
  it("carries service, handler, key and invocation id, and is silent while replaying", async () => {
    const lines: string[] = [];
    const logged = object({
      name: "Logged",
      handlers: {
        go: async (ctx: ObjectContext) => {
          ctx.console.info("before", 1);
          await ctx.run("step", () => 1);
          ctx.console.warn("after");
          await ctx.sleep(1);
          return "ok";
        },
      },
    });
    const t = createTestContext({
      key: "k1",
      logger: {
        log: (level, c, args) =>
          lines.push(
            `${level} ${c.service}/${c.key}/${c.handler} ${c.invocationId} ${args.join(" ")}`,
          ),
      },
    });
    expect(await t.invoke(logged, "go")).toBe("ok");
    // Three attempts (suspended after the run, after the sleep), yet each line appears once.
    expect(lines).toEqual([
      "info Logged/k1/go inv_test1 before 1",
      "warn Logged/k1/go inv_test1 after",
    ]);
  });
});

describe("ctx.run retry policy", () => {
  const attempts = new Map<string, number>();
  const policy = service({
    name: "Policy",
    handlers: {
      attempts: async (ctx: Context, id: string) => {
        try {
          await ctx.run(
            "flaky",
            () => {
              attempts.set(id, (attempts.get(id) ?? 0) + 1);
              throw new Error("down");
            },
            { maxRetryAttempts: 4, initialRetryInterval: 1 },
          );
          return "no";
        } catch (e) {
          return `gave up after ${attempts.get(id)}: ${(e as TerminalError).code} ${(e as Error).message}`;
        }
      },
      duration: async (ctx: Context) => {
        try {
          await ctx.run(
            "slow and failing",
            () => new Promise((_, reject) => setTimeout(() => reject(new Error("slow")), 15)),
            {
              maxRetryDuration: { milliseconds: 10 },
            },
          );
          return "no";
        } catch (e) {
          return `gave up: ${(e as Error).message}`;
        }
      },
    },
  });

  it("gives up after maxRetryAttempts, counting the first attempt, and the failure becomes terminal", async () => {
    const t = createTestContext();
    expect(await t.invoke(policy, "attempts", "a")).toBe("gave up after 4: 500 down");
  });

  it("gives up once maxRetryDuration has passed", async () => {
    const t = createTestContext();
    expect(await t.invoke(policy, "duration")).toBe("gave up: slow");
  });
});

describe("context misuse", () => {
  const misuse = object({
    name: "Misuse",
    handlers: {
      writeInShared: handlers.object.shared(async (ctx) => {
        (ctx as unknown as ObjectContext).set("x", 1);
      }),
    },
  });
  const stateless = service({
    name: "Stateless",
    handlers: { read: async (ctx: Context) => (ctx as unknown as ObjectContext).get("x") },
  });

  it("names the operation, the handler and the rule", async () => {
    const t = createTestContext({ maxAttempts: 1 });
    await expect(t.invoke(misuse, "writeInShared")).rejects.toThrow(
      /ctx\.set is not available in shared handler Misuse\/writeInShared: shared handlers may read state but only exclusive handlers/,
    );
    await expect(t.invoke(stateless, "read")).rejects.toThrow(
      /ctx\.get is not available in service handler Stateless\/read/,
    );
  });
});

describe("schemas per state key", () => {
  const profile = object({
    name: "Profile",
    state: { age: z.number().int().min(0), since: z.date() },
    handlers: {
      setAge: async (ctx: ObjectContext<{ age: number }>, age: unknown) => {
        ctx.set("age", age as number);
        return (await ctx.get("age")) ?? -1;
      },
      stamp: async (ctx: ObjectContext<{ since: Date }>) => {
        ctx.set("since", new Date(0));
        return (await ctx.get("since"))?.toISOString();
      },
    },
  });

  it("validates values written with ctx.set and keeps rich types", async () => {
    const t = createTestContext({ key: "p" });
    expect(await t.invoke(profile, "setAge", 42)).toBe(42);
    expect(t.state.get("age")).toBe(42);
    await expect(t.invoke(profile, "setAge", -3)).rejects.toMatchObject({
      code: 400,
      message: 'Invalid value for state "age": Too small: expected number to be >=0',
    });
    expect(t.state.get("age")).toBe(42); // nothing journaled from the rejected attempt
    expect(await t.invoke(profile, "stamp")).toBe("1970-01-01T00:00:00.000Z");
  });
});

describe("raw bytes and custom serdes", () => {
  const upper: Serde<string> = {
    contentType: "text/plain",
    serialize: (v) => new TextEncoder().encode(v.toUpperCase()),
    deserialize: (b) => new TextDecoder().decode(b),
  };
  const bytes = service({
    name: "Bytes",
    handlers: {
      reverse: handlers.handler(
        { input: serde.binary, output: serde.binary },
        async (_ctx, b: Uint8Array) => b.slice().reverse(),
      ),
      shout: handlers.handler({ input: upper, output: upper }, async (_ctx, s: string) => `${s}!`),
    },
  });

  it("passes Uint8Array through untouched and applies custom serdes both ways", async () => {
    const t = createTestContext();
    expect(await t.invoke(bytes, "reverse", new Uint8Array([1, 2, 3]))).toEqual(
      new Uint8Array([3, 2, 1]),
    );
    expect(await t.invoke(bytes, "shout", "hey")).toBe("HEY!");
  });
});

describe("constant RestatePromises", () => {
  it("combine with durable ones, and orTimeout on a constant is the constant", async () => {
    const svc = service({
      name: "Constants",
      handlers: {
        go: async (ctx: Context) => {
          const all = await RestatePromise.all([
            RestatePromise.resolve(1),
            ctx.run("two", () => 2),
          ]);
          const fast = await RestatePromise.resolve("now").orTimeout(1);
          const failed = await RestatePromise.reject(
            new TerminalError("nope", { errorCode: 418 }),
          ).map((_v, e) => e?.code);
          return { all, fast, failed };
        },
      },
    });
    const t = createTestContext();
    expect(await t.invoke(svc, "go")).toEqual({ all: [1, 2], fast: "now", failed: 418 });
  });
});

describe("signals between invocations", () => {
  const waiter = service({
    name: "Waiter",
    handlers: {
      wait: async (ctx: Context) => `got ${await ctx.signal<string>("go")}`,
      poke: async (ctx: Context, id: string) =>
        ctx.invocation(id).signal<string>("go").resolve("it"),
    },
  });

  it("a handler resolves another invocation's named signal", async () => {
    const t = createTestContext();
    const waiting = t.invoke(waiter, "wait");
    await t.idle();
    await t.invoke(waiter, "poke", "inv_test1");
    expect(await waiting).toBe("got it");
  });

  it("t.cancel() cancels a waiting invocation", async () => {
    const t = createTestContext();
    const waiting = t.invoke(waiter, "wait");
    await t.idle();
    t.cancel();
    await expect(waiting).rejects.toMatchObject({ code: 409 });
  });
});
