// Snippets of docs/sdk/overview.md.
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
import { serve } from "@resolute/fastify";

// #region service
export const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (ctx: Context, name: string) => {
      const greeting = await ctx.run("compose", () => `Hello, ${name}!`);
      return greeting;
    },
  },
});
// #endregion service

// #region object
export const counter = object({
  name: "Counter",
  handlers: {
    // Exclusive (the default): one at a time per key, may write state.
    add: async (ctx: ObjectContext<{ count: number }>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
    // Shared: concurrent with everything else on the key, read-only.
    current: handlers.object.shared(
      async (ctx: ObjectSharedContext<{ count: number }>) => (await ctx.get("count")) ?? 0,
    ),
  },
});
// #endregion object

// #region workflow
export const onboarding = workflow({
  name: "Onboarding",
  handlers: {
    // Runs exactly once per workflow key.
    run: async (ctx: WorkflowContext, email: string) => {
      await ctx.run("send welcome", () => console.log(`welcome mail to ${email}`));
      const accepted = await ctx.promise<boolean>("terms-accepted").get();
      return accepted ? "active" : "declined";
    },
    // Shared handlers interact with the running workflow.
    acceptTerms: async (ctx: WorkflowSharedContext, accepted: boolean) => {
      await ctx.promise<boolean>("terms-accepted").resolve(accepted);
    },
  },
});
// #endregion workflow

export async function main() {
  // #region serve
  const ep = endpoint().bind(greeter).bind(counter).bind(onboarding);
  await serve(ep, { port: 9080 });
  // #endregion serve
}
