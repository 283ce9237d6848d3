// Services for timers, calls, awakeables, workflows, combinators and cancellation.
import {
  CancelledError,
  type Context,
  endpoint,
  handlers,
  type ObjectContext,
  object,
  RestatePromise,
  rpc,
  serde,
  service,
  TerminalError,
  TimeoutError,
  type WorkflowContext,
  type WorkflowSharedContext,
  workflow,
} from "@resolute/core";
import { counter, flaky, greeter, sideEffects } from "./services.js";

const bump = (k: string) => {
  const n = (sideEffects.get(k) ?? 0) + 1;
  sideEffects.set(k, n);
  return n;
};

export const timers = service({
  name: "Timers",
  handlers: {
    sleepFor: async (ctx: Context, input: { id: string; ms: number }) => {
      const before = await ctx.run("before", () => bump(`${input.id}:before`));
      // A probe for the tests, outside the journal: ctx.run resolves only once the server has
      // acknowledged the step, so from here on a crash can no longer repeat it.
      bump(`${input.id}:before-journaled`);
      await ctx.sleep(input.ms, "nap");
      const after = await ctx.run("after", () => bump(`${input.id}:after`));
      return { before, after };
    },
    sleepObject: async (ctx: Context, seconds: number) => {
      await ctx.sleep({ seconds });
      return "woke";
    },
    timeout: async (ctx: Context, ms: number) => {
      const { promise } = ctx.awakeable<string>();
      try {
        return await promise.orTimeout(ms);
      } catch (e) {
        return e instanceof TimeoutError ? `timed out (${e.code})` : `other: ${String(e)}`;
      }
    },
  },
});

export const caller = service({
  name: "Caller",
  handlers: {
    callGreeter: async (ctx: Context, name: string) => ctx.serviceClient(greeter).greet(name),
    callCounter: async (ctx: Context, input: { key: string; n: number }) =>
      ctx.objectClient(counter, input.key).add(input.n),
    sendCounter: async (ctx: Context, input: { key: string; n: number; delayMs?: number }) => {
      const handle = ctx
        .objectSendClient(counter, input.key)
        .add(input.n, rpc.sendOpts(input.delayMs ? { delay: input.delayMs } : {}));
      return handle.invocationId;
    },
    idempotent: async (ctx: Context, input: { key: string; idem: string }) => {
      const a = await ctx
        .objectClient(counter, input.key)
        .add(1, rpc.opts({ idempotencyKey: input.idem }));
      const b = await ctx
        .objectClient(counter, input.key)
        .add(1, rpc.opts({ idempotencyKey: input.idem }));
      return [a, b];
    },
    generic: async (ctx: Context, name: string) => {
      const bytes = await ctx.genericCall({
        service: "Greeter",
        method: "greet",
        parameter: new TextEncoder().encode(JSON.stringify(name)),
      });
      return new TextDecoder().decode(bytes);
    },
    genericSendRaw: async (ctx: Context, key: string) => {
      const handle = ctx.genericSend({
        service: "Counter",
        method: "add",
        key,
        parameter: new TextEncoder().encode("3"),
        delay: { milliseconds: 100 },
      });
      return new TextDecoder().decode(await ctx.attach(await handle.invocationId, serde.binary));
    },
    sendThenAttach: async (ctx: Context, input: { key: string; n: number }) => {
      const handle = ctx.objectSendClient(counter, input.key).add(input.n);
      const id = await handle.invocationId;
      return { id, result: await ctx.attach<number>(id) };
    },
    /** Starts a workflow with a one-way send, completes its promise and reads its status by calls. */
    driveWorkflow: async (ctx: Context, key: string) => {
      const started = ctx.workflowSendClient(signup, key).run(`${key}@example.com`);
      const id = await started.invocationId;
      let status = await ctx.workflowClient(signup, key).status();
      while (status !== "waiting") {
        await ctx.sleep(20);
        status = await ctx.workflowClient(signup, key).status();
      }
      await ctx.workflowClient(signup, key).verify("OK");
      return {
        result: await ctx.attach<string>(id),
        status: await ctx.workflowClient(signup, key).status(),
      };
    },
    withHeaders: async (ctx: Context) =>
      ctx
        .serviceClient(headerEcho)
        .echo("x-trace", rpc.opts({ headers: { "x-trace": "abc-123" } })),
    failingCall: async (ctx: Context) => {
      try {
        await ctx.genericCall({
          service: "Flaky",
          method: "terminal",
          parameter: new TextEncoder().encode("409"),
        });
        return "no error";
      } catch (e) {
        return `caught ${(e as TerminalError).code}`;
      }
    },
  },
});

export const headerEcho = service({
  name: "HeaderEcho",
  handlers: {
    echo: async (ctx: Context, name: string) => ctx.request().headers.get(name) ?? null,
  },
});

export const awakeables = service({
  name: "Awakeables",
  handlers: {
    /** Stores the awakeable id under `key` in the Mailbox object, then waits for it. */
    wait: async (ctx: Context, key: string) => {
      const { id, promise } = ctx.awakeable<string>();
      ctx.objectSendClient(mailbox, key).put(id);
      try {
        return `resolved: ${await promise}`;
      } catch (e) {
        return `rejected: ${(e as Error).message}`;
      }
    },
    resolveOther: async (ctx: Context, input: { id: string; value: string }) => {
      ctx.resolveAwakeable(input.id, input.value);
    },
    /** Waits for a named signal; posts its own invocation id to the mailbox first. */
    waitSignal: async (ctx: Context, key: string) => {
      const approved = ctx.signal<string>("approved");
      ctx.objectSendClient(mailbox, key).put(ctx.request().id);
      try {
        return `signal: ${await approved}`;
      } catch (e) {
        return `signal rejected: ${(e as Error).message}`;
      }
    },
    sendSignal: async (ctx: Context, input: { id: string; value?: string; reject?: string }) => {
      const signal = ctx.invocation(input.id).signal<string>("approved");
      if (input.reject !== undefined)
        signal.reject(new TerminalError(input.reject, { errorCode: 403 }));
      else signal.resolve(input.value);
    },
  },
});

export const mailbox = object({
  name: "Mailbox",
  handlers: {
    put: async (ctx: ObjectContext<{ id: string }>, id: string) => {
      ctx.set("id", id);
    },
    get: handlers.object.shared(async (ctx) => (await ctx.get("id")) ?? null),
  },
});

export const signup = workflow({
  name: "Signup",
  handlers: {
    run: async (ctx: WorkflowContext<{ status: string }>, email: string) => {
      bump(`signup:${ctx.key}`);
      ctx.set("status", "waiting");
      let code: string;
      try {
        code = await ctx.promise<string>("code");
      } catch (e) {
        ctx.set("status", "refused");
        return `refused: ${(e as Error).message}`;
      }
      ctx.set("status", "verified");
      return `${email} verified with ${code}`;
    },
    verify: async (ctx: WorkflowSharedContext, code: string) => {
      await ctx.promise<string>("code").resolve(code);
      return "ok";
    },
    peek: async (ctx: WorkflowSharedContext) => (await ctx.promise<string>("code").peek()) ?? null,
    refuse: async (ctx: WorkflowSharedContext, why: string) => {
      await ctx.promise<string>("code").reject(why);
      return "refused";
    },
    status: async (ctx: WorkflowSharedContext<{ status: string }>) =>
      (await ctx.get("status")) ?? "none",
  },
});

export const combinators = service({
  name: "Combinators",
  handlers: {
    race: async (ctx: Context) => {
      const slow = ctx.sleep(2000).map(() => "slow");
      const fast = ctx.sleep(100).map(() => "fast");
      return RestatePromise.race([slow, fast]);
    },
    all: async (ctx: Context) => {
      const a = ctx.run("a", () => 1);
      const b = ctx.run("b", () => 2);
      const c = ctx.sleep(50).map(() => 3);
      return RestatePromise.all([a, b, c]);
    },
    nativeAll: async (ctx: Context) => {
      const [x, y] = await Promise.all([
        ctx.run("a", () => "x"),
        ctx.run("b", () => "y"),
        ctx.sleep(20),
      ]);
      return [x, y];
    },
    any: async (ctx: Context) => {
      const failing = ctx.run("fails", () => {
        throw new TerminalError("nope");
      });
      const ok = ctx.sleep(30).map(() => "second");
      return RestatePromise.any([failing, ok]);
    },
    allSettled: async (ctx: Context) => {
      const failing = ctx.run("fails", () => {
        throw new TerminalError("bad");
      });
      const ok = ctx.run("ok", () => 7);
      const r = await RestatePromise.allSettled([failing, ok]);
      return r.map((x) => x.status);
    },
    deterministic: async (ctx: Context) => {
      const r = ctx.rand.random();
      const u = ctx.rand.uuidv4();
      const now = await ctx.date.now();
      await ctx.sleep(10);
      return { r, u, now, r2: ctx.rand.random() };
    },
  },
});

export const cancellable = service({
  name: "Cancellable",
  handlers: {
    /** Waits on a child call; cancelling this invocation cancels the child too. */
    parent: async (ctx: Context, id: string) => {
      try {
        return await ctx.serviceClient(cancellable).longSleep(`${id}-child`);
      } catch (e) {
        await ctx.run("parent compensate", () => bump(`${id}:parent-compensated`));
        throw e;
      }
    },
    /** Starts a long sleeper and cancels it with ctx.cancel. */
    cancelOther: async (ctx: Context, id: string) => {
      const handle = ctx.serviceSendClient(cancellable).longSleep(`${id}-other`);
      const other = await handle.invocationId;
      await ctx.sleep(200);
      ctx.cancel(other);
      return other;
    },
    longSleep: async (ctx: Context, id: string) => {
      try {
        await ctx.sleep({ hours: 1 });
        return "slept";
      } catch (e) {
        if (e instanceof CancelledError) {
          await ctx.run("compensate", () => bump(`${id}:compensated`));
          throw e;
        }
        throw e;
      }
    },
  },
});

export const durableEndpoint = () =>
  endpoint()
    .bind(greeter)
    .bind(counter)
    .bind(timers)
    .bind(caller)
    .bind(awakeables)
    .bind(mailbox)
    .bind(signup)
    .bind(combinators)
    .bind(cancellable)
    .bind(headerEcho)
    .bind(flaky);
