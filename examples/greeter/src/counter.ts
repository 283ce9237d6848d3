// A virtual object: one counter per key, with durable state.
import { handlers, type ObjectContext, type ObjectSharedContext, object } from "@resolute/core";

type CounterState = { count: number };

export const counter = object({
  name: "Counter",
  handlers: {
    /** Exclusive: one call per key at a time, so read-modify-write is safe. */
    add: async (ctx: ObjectContext<CounterState>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
    /** Shared: runs concurrently with others, read-only. */
    current: handlers.object.shared(
      async (ctx: ObjectSharedContext<CounterState>) => (await ctx.get("count")) ?? 0,
    ),
    reset: async (ctx: ObjectContext<CounterState>) => {
      ctx.clearAll();
    },
  },
});
