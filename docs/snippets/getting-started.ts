// Snippets of docs/guides/getting-started.md.
// #region define
import { type Context, handlers, type ObjectContext, object, service } from "@resolute/core";

export const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (ctx: Context, name: string) => {
      // Runs once; on a retry or replay the journaled result is used instead.
      return ctx.run("compose greeting", () => `Hello, ${name}!`);
    },
  },
});

export const counter = object({
  name: "Counter",
  handlers: {
    add: async (ctx: ObjectContext<{ count: number }>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
    current: handlers.object.shared(async (ctx) => (await ctx.get("count")) ?? 0),
  },
});

// #endregion define

import { endpoint } from "@resolute/core";
import { serve } from "@resolute/fastify";
import { startRestate } from "@resolute/testing";

export async function serving() {
  // #region serve
  const ep = endpoint().bind(greeter).bind(counter);
  const server = await serve(ep, { port: 9080 }); // HTTP/2 cleartext, what the Restate server speaks
  // #endregion serve
  return server;
}

export async function fromCode() {
  const ep = endpoint().bind(greeter).bind(counter);
  // #region start-restate
  const env = await startRestate({ endpoint: ep }); // real server from npm, free ports, temp dir
  await fetch(`${env.ingressUrl}/Greeter/greet`, {
    method: "POST",
    body: '"Ann"',
    headers: { "content-type": "application/json" },
  });
  await env.stop();
  // #endregion start-restate
}
