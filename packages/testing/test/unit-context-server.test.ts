// The test context's fake server answers the commands handlers cannot reach through the context
// API (getting an invocation's output, attaching by workflow target) the way the Restate server
// does: at once, with the outcome, "not ready" (void) or a failure that says what to change.
import { type Context, service, type WorkflowContext, workflow } from "@resolute/core";
import {
  decodeMessage,
  encodeFrame,
  FrameDecoder,
  MessageType as M,
} from "@resolute/core/protocol";
import { describe, expect, it } from "vitest";
import { FakeServer } from "../src/unit/fake-server.js";
import { Invocation, invocationIds } from "../src/unit/invocation.js";
import { PromiseStore } from "../src/unit/promise-store.js";
import { Recorder } from "../src/unit/recorder.js";
import { Registry } from "../src/unit/registry.js";
import { Scheduler } from "../src/unit/scheduler.js";
import { StateStores } from "../src/unit/state-stores.js";

const waiter = service({
  name: "Waiter",
  handlers: {
    wait: async (ctx: Context) => `got ${await ctx.signal<string>("go")}`,
  },
});
const flow = workflow({
  name: "Flow",
  handlers: { run: async (_ctx: WorkflowContext, v: string) => `done ${v}` },
});

function parts() {
  const registry = new Registry(undefined);
  registry.register(waiter);
  registry.register(flow);
  const scheduler = new Scheduler(registry, new StateStores("k", undefined), {
    maxAttempts: 3,
    seed: 1n,
  });
  const server = new FakeServer(registry, scheduler, new Recorder(), new PromiseStore(), {});
  scheduler.serveWith(server);
  // An invocation that only receives answers: it stands for a handler writing commands.
  const probe = new Invocation(
    invocationIds(999),
    { service: "Probe", handler: "p", key: "" },
    new Map(),
    new Uint8Array(0),
  );
  const ask = (type: number, msg: Record<string, unknown>) => {
    server.answer(probe, { type, msg, frame: encodeFrame(type, msg) });
    const last = probe.journal[probe.journal.length - 1]!;
    const decoder = new FrameDecoder();
    decoder.push(last);
    const f = decoder.next()!;
    return { type: f.type, msg: decodeMessage(f.type, f.payload) as Record<string, any> };
  };
  return { scheduler, server, ask };
}

const json = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("getting an invocation's output", () => {
  it("is void while the invocation runs, then its result; unknown ids fail with 404", async () => {
    const { scheduler, server, ask } = parts();
    const inv = scheduler.start({ service: "Waiter", handler: "wait", key: "" }, new Uint8Array(0));
    await scheduler.idle();
    const running = ask(M.GetInvocationOutputCommand, {
      invocationId: inv.debugId,
      resultCompletionId: 1,
    });
    expect(running.type).toBe(M.GetInvocationOutputCompletion);
    expect(running.msg).toMatchObject({ completionId: 1, void: true });

    server.deliver(inv.debugId, { signalName: "go", value: json("x") }, "a signal");
    await scheduler.idle();
    const done = ask(M.GetInvocationOutputCommand, {
      invocationId: inv.debugId,
      resultCompletionId: 2,
    });
    expect(text(done.msg.value)).toBe('"got x"');

    const unknown = ask(M.GetInvocationOutputCommand, {
      invocationId: "inv_nosuch",
      resultCompletionId: 3,
    });
    expect(unknown.msg.failure).toMatchObject({
      code: 404,
      message: expect.stringMatching(/"inv_nosuch": it is not an invocation of this test context/),
    });
  });
});

describe("attaching by workflow target", () => {
  it("answers with the result of that workflow key's run, or says to invoke it first", async () => {
    const { scheduler, ask } = parts();
    scheduler.start({ service: "Flow", handler: "run", key: "w1" }, json("a"));
    await scheduler.idle();
    const attached = ask(M.AttachInvocationCommand, {
      workflowTarget: { workflowName: "Flow", workflowKey: "w1" },
      resultCompletionId: 1,
    });
    expect(text(attached.msg.value)).toBe('"done a"');

    const missing = ask(M.AttachInvocationCommand, {
      workflowTarget: { workflowName: "Flow", workflowKey: "w2" },
      resultCompletionId: 2,
    });
    expect(missing.msg.failure.message).toMatch(
      /No run of workflow Flow with key "w2".*invoke its run handler first/,
    );
  });
});
