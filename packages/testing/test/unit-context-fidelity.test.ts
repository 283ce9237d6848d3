// Where the test context used to differ from the Restate server (1.7.12, observed through its
// ingress and from handlers): a workflow runs once per key, one-way sends run as invocations of
// their own, and durable promises belong to one (workflow, key).
import {
  type Context,
  type ObjectContext,
  object,
  rpc,
  service,
  TerminalError,
  type WorkflowContext,
  type WorkflowSharedContext,
  workflow,
} from "@resolute/core";
import { describe, expect, it } from "vitest";
import { createTestContext } from "../src/unit/test-context.js";

/** What a failed call looked like to the handler, as plain data. */
const failure = (e: unknown) => ({
  code: (e as TerminalError).code,
  message: (e as Error).message,
});

/** Counts how often its run executes per key, and fails or waits on request. */
function probeWorkflow(executions: Map<string, number>) {
  return workflow({
    name: "Probe",
    handlers: {
      run: async (ctx: WorkflowContext, input: string) => {
        const n = await ctx.run("count", () => {
          const c = (executions.get(ctx.key) ?? 0) + 1;
          executions.set(ctx.key, c);
          return c;
        });
        if (input === "fail") throw new TerminalError("nope", { errorCode: 418 });
        if (input.startsWith("wait")) await ctx.promise<string>("go");
        return `ran ${input} #${n}`;
      },
      release: async (ctx: WorkflowSharedContext) => ctx.promise<string>("go").resolve("x"),
    },
  });
}

describe("a workflow runs once per key", () => {
  it("a second t.invoke of run fails with 409 and does not run it again", async () => {
    const executions = new Map<string, number>();
    const probe = probeWorkflow(executions);
    const t = createTestContext({ key: "k1" });
    expect(await t.invoke(probe, "run", "a")).toBe("ran a #1");
    const again = t.invoke(probe, "run", "b");
    await expect(again).rejects.toBeInstanceOf(TerminalError);
    await expect(again).rejects.toMatchObject({
      code: 409,
      message: "the workflow method was already invoked",
    });
    expect(executions.get("k1")).toBe(1);
    // Another key is another workflow instance: it runs.
    expect(await createTestContext({ key: "k2" }).invoke(probe, "run", "c")).toBe("ran c #1");
  });

  it("a second run while the first is still running fails at once; the first goes on", async () => {
    const executions = new Map<string, number>();
    const probe = probeWorkflow(executions);
    const t = createTestContext({ key: "k" });
    const first = t.invoke(probe, "run", "wait");
    await t.idle();
    await expect(t.invoke(probe, "run", "b")).rejects.toMatchObject({ code: 409 });
    await t.invoke(probe, "release");
    expect(await first).toBe("ran wait #1");
    expect(executions.get("k")).toBe(1);
  });

  it("after a terminal failure, a second run fails with 409 and attaching gives the failure", async () => {
    const executions = new Map<string, number>();
    const probe = probeWorkflow(executions);
    const attacher = service({
      name: "Attacher",
      handlers: {
        attach: async (ctx: Context, id: string) => ctx.attach<string>(id).then((v) => v, failure),
      },
    });
    const t = createTestContext({ key: "k" });
    await expect(t.invoke(probe, "run", "fail")).rejects.toMatchObject({ code: 418 });
    await expect(t.invoke(probe, "run", "a")).rejects.toMatchObject({ code: 409 });
    expect(await t.invoke(attacher, "attach", "inv_test1")).toEqual({
      code: 418,
      message: "nope",
    });
    expect(executions.get("k")).toBe(1);
  });

  it("from a handler: a second call fails with 409 under the first run's id, a second send is that id", async () => {
    const executions = new Map<string, number>();
    const probe = probeWorkflow(executions);
    const driver = service({
      name: "Driver",
      handlers: {
        callTwice: async (ctx: Context, key: string) => {
          const c1 = ctx.workflowClient(probe, key).run("a");
          const r1 = await c1;
          const c2 = ctx.workflowClient(probe, key).run("b");
          const r2 = await c2.then((v) => v, failure);
          return { r1, r2, sameId: (await c1.invocationId) === (await c2.invocationId) };
        },
        sendTwice: async (ctx: Context, key: string) => {
          const id1 = await ctx.workflowSendClient(probe, key).run("wait1").invocationId;
          const id2 = await ctx.workflowSendClient(probe, key).run("wait2").invocationId;
          return id1 === id2;
        },
      },
    });
    const t = createTestContext({ services: [probe] });
    expect(await t.invoke(driver, "callTwice", "c")).toEqual({
      r1: "ran a #1",
      r2: { code: 409, message: "the workflow method was already invoked" },
      sameId: true,
    });
    expect(await t.invoke(driver, "sendTwice", "s")).toBe(true);
    await t.idle();
    expect(executions).toEqual(
      new Map([
        ["c", 1],
        ["s", 1],
      ]),
    );
    expect(t.sends.map((s) => s.input)).toEqual(["wait1", "wait2"]); // both still recorded
  });
});

describe("a workflow the context learns of late", () => {
  it("still runs once per key after a call to it was answered by onCall", async () => {
    const executions = new Map<string, number>();
    const probe = probeWorkflow(executions);
    const early = service({
      name: "Early",
      handlers: {
        call: async (ctx: Context) =>
          ctx.workflowClient<typeof probe>({ name: "Probe" }, "x").run("a"),
      },
    });
    const t = createTestContext({ key: "k", onCall: () => "scripted" });
    expect(await t.invoke(early, "call")).toBe("scripted"); // Probe is not in the context yet
    expect(await t.invoke(probe, "run", "a")).toBe("ran a #1"); // now it is
    await expect(t.invoke(probe, "run", "b")).rejects.toMatchObject({ code: 409 });
    expect(executions.get("k")).toBe(1);
  });
});

const counter = object({
  name: "Counter",
  handlers: {
    add: async (ctx: ObjectContext<{ count: number; log: string[] }>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      ctx.set("log", [...((await ctx.get("log")) ?? []), `add ${n}`]);
      return count;
    },
    addThenSendToSelf: async (ctx: ObjectContext<{ count: number; log: string[] }>, n: number) => {
      ctx.objectSendClient(counter, ctx.key).add(n);
      // The send to the same key waits until this exclusive handler has ended.
      const seen = (await ctx.get("count")) ?? 0;
      ctx.set("log", [...((await ctx.get("log")) ?? []), `saw ${seen}`]);
      return seen;
    },
  },
});

// Known by type only: the test context below does not have it.
const mailer = service({
  name: "Mailer",
  handlers: { mail: async (_ctx: Context, text: string) => text },
});

const notifier = service({
  name: "Notifier",
  handlers: {
    notify: async (ctx: Context, key: string) => {
      ctx.objectSendClient(counter, key).add(1);
      return "sent";
    },
    relay: async (ctx: Context, key: string) => {
      // A send whose callee calls further: the call shows up once the send has run.
      ctx.serviceSendClient(notifier).callCounter(key);
      return "relayed";
    },
    callCounter: async (ctx: Context, key: string) => ctx.objectClient(counter, key).add(100),
    delayed: async (ctx: Context, key: string) => {
      ctx.objectSendClient(counter, key).add(2, rpc.sendOpts({ delay: { seconds: 20 } }));
      ctx.objectSendClient(counter, key).add(1, rpc.sendOpts({ delay: { seconds: 10 } }));
      return "scheduled";
    },
    sendAndAttach: async (ctx: Context, key: string) => {
      const id = await ctx.objectSendClient(counter, key).add(5).invocationId;
      return ctx.attach<number>(id);
    },
    cancelDelayed: async (ctx: Context, key: string) => {
      const send = ctx.objectSendClient(counter, key).add(1, rpc.sendOpts({ delay: 60_000 }));
      const id = await send.invocationId;
      ctx.cancel(id);
      return ctx.attach<number>(id).then((v) => v, failure);
    },
    sendElsewhere: async (ctx: Context) => {
      const id = await ctx.serviceSendClient<typeof mailer>({ name: "Mailer" }).mail("hi")
        .invocationId;
      return ctx.attach<string>(id).then((v) => v, failure);
    },
  },
});

describe("one-way sends run as invocations of their own", () => {
  it("runs a send after the sender, so t.idle() sees its state change; the send stays recorded", async () => {
    const t = createTestContext({ services: [counter] });
    expect(await t.invoke(notifier, "notify", "a")).toBe("sent");
    await t.idle();
    expect(t.stateOf(counter, "a").get("count")).toBe(1);
    expect(t.sends).toEqual([
      { service: "Counter", handler: "add", key: "a", input: 1, delayMs: 0 },
    ]);
  });

  it("a send's own calls happen too", async () => {
    const t = createTestContext({ services: [counter] });
    await t.invoke(notifier, "relay", "b");
    await t.idle();
    expect(t.calls).toEqual([{ service: "Counter", handler: "add", key: "b", input: 100 }]);
    expect(t.stateOf(counter, "b").get("count")).toBe(100);
  });

  it("a send to the sender's own object key waits for the sender to end", async () => {
    const t = createTestContext({ key: "k", state: { count: 10 } });
    expect(await t.invoke(counter, "addThenSendToSelf", 5)).toBe(10);
    await t.idle();
    expect(t.state.get("count")).toBe(15);
    expect(t.state.get("log")).toEqual(["saw 10", "add 5"]);
  });

  it("a handler can attach to the id its send returned", async () => {
    const t = createTestContext({ services: [counter] });
    expect(await t.invoke(notifier, "sendAndAttach", "c")).toBe(5);
  });

  it("delayed sends wait for fireTimers(), then start in the order they are due", async () => {
    for (const holdTimers of [false, true]) {
      const t = createTestContext({ services: [counter], holdTimers });
      expect(await t.invoke(notifier, "delayed", "d")).toBe("scheduled");
      await t.idle();
      expect(t.stateOf(counter, "d").keys()).toEqual([]);
      expect(t.sends.map((s) => s.delayMs > 9000)).toEqual([true, true]);
      t.fireTimers();
      await t.idle();
      expect(t.stateOf(counter, "d").get("log")).toEqual(["add 1", "add 2"]); // 10 s, then 20 s
    }
  });

  it("a job that sends itself its next run with a delay advances one run per fireTimers()", async () => {
    const job = object({
      name: "Job",
      handlers: {
        tick: async (ctx: ObjectContext<{ runs: number }>) => {
          ctx.set("runs", ((await ctx.get("runs")) ?? 0) + 1);
          ctx.objectSendClient(job, ctx.key).tick(rpc.sendOpts({ delay: { minutes: 1 } }));
        },
      },
    });
    const t = createTestContext({ key: "j" });
    await t.invoke(job, "tick");
    await t.idle(); // resolves: the next run waits for time to pass
    expect(t.state.get("runs")).toBe(1);
    t.fireTimers();
    await t.idle();
    t.fireTimers();
    await t.idle();
    expect(t.state.get("runs")).toBe(3);
    expect(t.sends).toHaveLength(3);
  });

  it("a delayed send cancelled before it is due ends as cancelled and never runs", async () => {
    // As restate-server 1.7.12 does with a scheduled invocation: attach gets 409 "canceled".
    const t = createTestContext({ services: [counter], holdTimers: true });
    expect(await t.invoke(notifier, "cancelDelayed", "e")).toEqual({
      code: 409,
      message: "canceled",
    });
    t.fireTimers();
    await t.idle();
    expect(t.stateOf(counter, "e").keys()).toEqual([]);
  });

  it("a send to a service the context does not have is recorded only; attaching to it says so", async () => {
    const t = createTestContext();
    expect(await t.invoke(notifier, "sendElsewhere")).toEqual({
      code: 404,
      message: expect.stringMatching(
        /a send to Mailer\/mail, a service this test context does not have: pass its definition in the services option/,
      ),
    });
    expect(t.sends).toMatchObject([{ service: "Mailer", handler: "mail", input: "hi" }]);
  });
});

describe("workflow promises belong to one (workflow, key)", () => {
  const first = workflow({
    name: "First",
    handlers: {
      run: async (ctx: WorkflowContext) => `first got ${await ctx.promise<string>("go")}`,
      release: async (ctx: WorkflowSharedContext, v: string) =>
        ctx.promise<string>("go").resolve(v),
    },
  });
  const second = workflow({
    name: "Second",
    handlers: {
      run: async (ctx: WorkflowContext) => (await ctx.promise<string>("go").peek()) ?? "none",
      release: async (ctx: WorkflowSharedContext, v: string) =>
        ctx.promise<string>("go").resolve(v),
    },
  });

  it("a promise of one workflow does not complete the same name under another workflow", async () => {
    const t = createTestContext({ key: "k" });
    await t.invoke(first, "release", "A");
    expect(await t.invoke(second, "run")).toBe("none");
    expect(await t.invoke(first, "run")).toBe("first got A");
    // Each workflow completes its own promise once: Second's is still open.
    await expect(t.invoke(second, "release", "B")).resolves.toBeUndefined();
  });

  it("t.resolvePromise completes the promise of the workflow given, or of the one invoked last", async () => {
    const t = createTestContext({ key: "k" });
    const running = t.invoke(first, "run");
    await t.idle();
    t.resolvePromise("go", "B", second);
    await t.idle();
    t.resolvePromise("go", "A"); // First: the workflow invoke ran last
    expect(await running).toBe("first got A");
    expect(await t.invoke(second, "run")).toBe("B");
  });

  it("t.resolvePromise without a workflow, when the context cannot tell which, says to pass one", () => {
    const t = createTestContext({ services: [first, second] });
    expect(() => t.resolvePromise("go", 1)).toThrow(
      /Which workflow's promise "go"\? Pass its definition: t\.resolvePromise\("go", value, workflow\)/,
    );
  });
});
