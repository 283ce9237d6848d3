// Services for typed clients, the rich-type serde and schemas.
import {
  type Context,
  endpoint,
  handlers,
  type ObjectContext,
  object,
  service,
} from "@resolute/core";
import { z } from "zod";
import { sideEffects } from "./services.js";

export interface Rich {
  at: Date;
  tags: Map<string, number>;
  seen: Set<string>;
  big: bigint;
  missing: undefined;
}

export const richState = object({
  name: "RichState",
  handlers: {
    /** A run result and a state value with rich types, read back after a replay. */
    roundTrip: async (ctx: ObjectContext<{ value: Rich }>, input: { at: Date }) => {
      const made = await ctx.run("make", () => ({
        at: input.at,
        tags: new Map([["a", 1]]),
        seen: new Set(["x"]),
        big: 2n ** 70n,
        missing: undefined,
      }));
      ctx.set("value", made);
      await ctx.sleep(10); // with alwaysReplay the rest runs after a replay from the journal
      const stored = (await ctx.get("value"))!;
      return {
        runIsDate: made.at instanceof Date,
        runIsMap: made.tags instanceof Map,
        stateIsDate: stored.at instanceof Date,
        stateIsMap: stored.tags instanceof Map,
        stored,
      };
    },
  },
});

export const accounts = service({
  name: "Accounts",
  handlers: {
    register: handlers.handler(
      { input: z.object({ email: z.email(), age: z.number().int().min(0) }), output: z.string() },
      async (_ctx, user) => `registered ${user.email}`,
    ),
    count: async (ctx: Context, id: string) => {
      const n = await ctx.run("count", () => {
        const v = (sideEffects.get(id) ?? 0) + 1;
        sideEffects.set(id, v);
        return v;
      });
      return n;
    },
  },
});

export const typedEndpoint = () => endpoint().bind(richState).bind(accounts);
