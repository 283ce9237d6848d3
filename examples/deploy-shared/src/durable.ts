// Handlers that suspend and resume: a sleep, an awakeable and a workflow's durable promise.
// Served in request/response mode, each wait ends the request and a later one replays it.
import {
  type Context,
  handlers,
  type ObjectContext,
  object,
  service,
  TerminalError,
  type WorkflowContext,
  type WorkflowSharedContext,
  workflow,
} from "@resolute/core";

/** Where a waiting handler leaves its awakeable id for whoever resolves it. */
export const mailbox = object({
  name: "Mailbox",
  handlers: {
    put: async (ctx: ObjectContext<{ id: string }>, id: string) => {
      ctx.set("id", id);
    },
    get: handlers.object.shared(async (ctx) => (await ctx.get("id")) ?? null),
  },
});

export const waiter = service({
  name: "Waiter",
  handlers: {
    nap: async (ctx: Context, ms: number) => {
      const before = await ctx.date.now();
      await ctx.sleep(ms);
      return (await ctx.date.now()) - before >= ms ? "rested" : "woke early";
    },
    /** Posts an awakeable id to Mailbox/{key}, then waits for someone to resolve it. */
    approval: async (ctx: Context, key: string) => {
      const { id, promise } = ctx.awakeable<string>();
      ctx.objectSendClient(mailbox, key).put(id);
      return `approved by ${await promise}`;
    },
  },
});

export const signup = workflow({
  name: "Signup",
  handlers: {
    run: async (ctx: WorkflowContext, email: string) => {
      const code = await ctx.promise<string>("code");
      return `${email} verified with ${code}`;
    },
    verify: async (ctx: WorkflowSharedContext, code: string) => {
      await ctx.promise<string>("code").resolve(code);
      return "ok";
    },
  },
});

// Attempts per id, in memory: the retries of one invocation reach the same process.
const attempts = new Map<string, number>();

export const failures = service({
  name: "Failures",
  handlers: {
    refuse: async (_ctx: Context, reason: string) => {
      throw new TerminalError(`refused: ${reason}`, { errorCode: 409 });
    },
    /** Fails the first two attempts with a plain error; the server retries until it succeeds. */
    flaky: async (_ctx: Context, id: string) => {
      const attempt = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, attempt);
      if (attempt < 3) throw new Error(`transient failure ${attempt}`);
      return `succeeded on attempt ${attempt}`;
    },
  },
});
