// A virtual object: state kept per key, one writer at a time.
import { handlers, type ObjectContext, type ObjectSharedContext, object } from "@resolute/core";

type CounterState = { count: number };

export const counter = object({
  name: "Counter",
  handlers: {
    add: async (ctx: ObjectContext<CounterState>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
    current: handlers.object.shared(
      async (ctx: ObjectSharedContext<CounterState>) => (await ctx.get("count")) ?? 0,
    ),
  },
});
