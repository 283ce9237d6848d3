// A virtual object per visitor: how many times they came. The Fastify app's own route calls it
// through the Restate ingress, so the count is durable and exact even when requests race.
import { type ObjectContext, object } from "@resolute/core";

export const visits = object({
  name: "Visits",
  handlers: {
    record: async (ctx: ObjectContext<{ count: number }>) => {
      const count = ((await ctx.get("count")) ?? 0) + 1;
      ctx.set("count", count);
      return count;
    },
  },
});
