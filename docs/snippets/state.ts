// Snippets of docs/sdk/state.md.
import { handlers, type ObjectContext, type ObjectSharedContext, object } from "@resolute/core";
import { z } from "zod";

// #region typed
type Profile = { name: string; visits: number; tags: Set<string> };

export const profiles = object({
  name: "Profiles",
  handlers: {
    visit: async (ctx: ObjectContext<Profile>, name: string) => {
      const visits = ((await ctx.get("visits")) ?? 0) + 1;
      ctx.set("name", name);
      ctx.set("visits", visits);
      return visits;
    },
    tag: async (ctx: ObjectContext<Profile>, tag: string) => {
      const tags = (await ctx.get("tags")) ?? new Set<string>(); // a Set survives as a Set
      ctx.set("tags", tags.add(tag));
    },
    forget: async (ctx: ObjectContext<Profile>) => {
      ctx.clear("tags"); // one key
      ctx.clearAll(); // or all of them
    },
    keys: handlers.object.shared(async (ctx: ObjectSharedContext<Profile>) => ctx.stateKeys()),
  },
});
// #endregion typed

// #region lazy
// Lazy state: the server sends no state up front; each get is fetched when it is awaited.
export const bigObject = object({
  name: "Archive",
  handlers: {
    read: async (ctx: ObjectContext, key: string) => ctx.get<string>(key),
  },
  options: { enableLazyState: true },
});
// #endregion lazy

// #region schema
// A zod schema for the input: validated before the handler runs, typed by inference.
export const scores = object({
  name: "Scores",
  handlers: {
    record: handlers.object.exclusive(
      { input: z.object({ points: z.int().min(0) }) },
      async (ctx: ObjectContext<{ best: number }>, { points }) => {
        const best = Math.max((await ctx.get("best")) ?? 0, points);
        ctx.set("best", best);
        return best;
      },
    ),
  },
});
// #endregion schema
