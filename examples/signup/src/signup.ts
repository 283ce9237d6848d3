// A workflow: `run` executes once per key and waits on a durable promise that a shared handler
// completes — for a minute or for a month, across restarts.
import { type WorkflowContext, type WorkflowSharedContext, workflow } from "@resolute/core";

type SignupState = { status: "waiting" | "verified" | "expired"; code: string };

export const signup = workflow({
  name: "Signup",
  handlers: {
    run: async (ctx: WorkflowContext<SignupState>, email: string) => {
      const code = ctx.rand.uuidv4().slice(0, 6); // deterministic: the same on every replay
      ctx.set("code", code); // a real app would only mail it
      await ctx.run("send verification mail", () => console.log(`  (mail to ${email}: ${code})`));
      ctx.set("status", "waiting");
      try {
        const entered = await ctx.promise<string>("code").get().orTimeout({ days: 1 });
        ctx.set("status", entered === code ? "verified" : "expired");
      } catch {
        ctx.set("status", "expired");
      }
      return (await ctx.get("status")) === "verified";
    },
    verify: async (ctx: WorkflowSharedContext, code: string) => {
      await ctx.promise<string>("code").resolve(code);
    },
    status: async (ctx: WorkflowSharedContext<SignupState>) =>
      (await ctx.get("status")) ?? "unknown",
    pendingCode: async (ctx: WorkflowSharedContext<SignupState>) => (await ctx.get("code")) ?? null,
  },
});
