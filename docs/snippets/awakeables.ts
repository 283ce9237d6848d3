// Snippets of docs/sdk/awakeables.md.
import { connect } from "@resolute/client";
import {
  type Context,
  service,
  type WorkflowContext,
  type WorkflowSharedContext,
  workflow,
} from "@resolute/core";

declare function askHuman(awakeableId: string): Promise<void>;

export const approvals = service({
  name: "Approvals",
  handlers: {
    // #region awakeable
    request: async (ctx: Context, document: string) => {
      const { id, promise } = ctx.awakeable<boolean>();
      // Hand the id to whoever will answer: a person, a webhook, another system.
      await ctx.run("ask", () => askHuman(id));
      const approved = await promise; // suspends until resolved or rejected
      return { document, approved };
    },
    // #endregion awakeable
  },
});

export async function answer(id: string) {
  // #region resolve
  // From anywhere, through the ingress: HTTP POST /restate/awakeables/<id>/resolve
  const rs = connect({ url: "http://localhost:8080" });
  await rs.resolveAwakeable(id, true);
  // #endregion resolve
}

export const resolver = service({
  name: "Resolver",
  handlers: {
    // #region from-handler
    decide: async (ctx: Context, { id, ok }: { id: string; ok: boolean }) => {
      if (ok) ctx.resolveAwakeable(id, true);
      else ctx.rejectAwakeable(id, "not approved");
    },
    // #endregion from-handler
  },
});

// #region durable-promise
export const delivery = workflow({
  name: "Delivery",
  handlers: {
    run: async (ctx: WorkflowContext, parcel: string) => {
      // A durable promise belongs to the workflow instance, by name.
      const signature = await ctx.promise<string>("signed").get();
      return `${parcel} signed by ${signature}`;
    },
    sign: async (ctx: WorkflowSharedContext, name: string) => {
      await ctx.promise<string>("signed").resolve(name);
    },
    peek: async (ctx: WorkflowSharedContext) => ctx.promise<string>("signed").peek(),
  },
});
// #endregion durable-promise
