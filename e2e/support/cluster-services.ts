// Services for the cluster suite. Every ctx.run body counts its executions in this process,
// keyed by operation and step, and returns the count: the journaled value tells which
// execution the journal kept, and `executionsWhenReplayed` shows whether any execution came
// after the journal had the step.
import {
  type Context,
  endpoint,
  handlers,
  type ObjectContext,
  type ObjectSharedContext,
  object,
  service,
  type WorkflowContext,
  type WorkflowSharedContext,
  workflow,
} from "@resolute/core";

export const executions = new Map<string, number>();
/**
 * For each step, how many executions there had been when an attempt first got the step's
 * result from the journal instead of running it. An execution after that moment would be a
 * side effect repeated after it was journaled. (While a partition changes leader, two attempts
 * of one invocation may overlap and both run a step before either result is journaled: that is
 * the at-least-once window Restate allows, counted but not an error.)
 */
export const executionsWhenReplayed = new Map<string, number>();

function execute(key: string): number {
  const n = (executions.get(key) ?? 0) + 1;
  executions.set(key, n);
  return n;
}

/** A counted side effect; notes when the journal, not this attempt, produced its result. */
async function step(ctx: Context, key: string, name: string, before?: () => void): Promise<number> {
  let ran = false;
  const n = await ctx.run(name, () => {
    ran = true;
    before?.();
    return execute(key);
  });
  if (!ran && !executionsWhenReplayed.has(key))
    executionsWhenReplayed.set(key, executions.get(key) ?? 0);
  return n;
}

// Awakeable ids published by handlers, awaited by the test that resolves them from outside.
const published = new Map<string, { id: Promise<string>; resolve: (id: string) => void }>();

function slot(op: string) {
  let entry = published.get(op);
  if (!entry) {
    let resolve!: (id: string) => void;
    const id = new Promise<string>((r) => {
      resolve = r;
    });
    entry = { id, resolve };
    published.set(op, entry);
  }
  return entry;
}

export const awakeableIdOf = (op: string): Promise<string> => slot(op).id;

export const tally = object({
  name: "Tally",
  handlers: {
    add: async (ctx: ObjectContext<{ count: number }>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
    total: handlers.object.shared(
      async (ctx: ObjectSharedContext<{ count: number }>) => (await ctx.get("count")) ?? 0,
    ),
  },
});

export interface Step {
  /** Which execution of the side effect the journal kept. */
  journaled: number;
}

export const worker = service({
  name: "Worker",
  handlers: {
    /** A side effect, maybe a timer, a call to a counter object, another side effect. */
    process: async (ctx: Context, op: { id: string; key: string; sleepMs: number }) => {
      const first = await step(ctx, `${op.id}:first`, "first");
      if (op.sleepMs > 0) await ctx.sleep(op.sleepMs);
      const total = await ctx.objectClient(tally, op.key).add(1);
      const second = await step(ctx, `${op.id}:second`, "second");
      return { steps: { first, second } as Record<string, number>, total };
    },
    /** Waits for an awakeable that the test resolves through the ingress. */
    awaitSignal: async (ctx: Context, op: string) => {
      const { id, promise } = ctx.awakeable<string>();
      const publish = await step(ctx, `${op}:publish`, "publish", () => slot(op).resolve(id));
      const value = await promise;
      return { steps: { publish } as Record<string, number>, value };
    },
  },
});

export const approval = workflow({
  name: "Approval",
  handlers: {
    run: async (ctx: WorkflowContext, op: string) => {
      const request = await step(ctx, `${op}:request`, "request");
      const decision = await ctx.promise<string>("decision");
      return { steps: { request } as Record<string, number>, decision };
    },
    decide: async (ctx: WorkflowSharedContext, decision: string) => {
      await ctx.promise<string>("decision").resolve(decision);
      return "ok";
    },
  },
});

export const clusterEndpoint = () => endpoint().bind(tally).bind(worker).bind(approval);
