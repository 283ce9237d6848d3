// The same greeter + counter with the official SDK's Workers package, for bundle-size.js.
import * as restate from "@restatedev/restate-sdk-cloudflare-workers/fetch";

const greeter = restate.service({
  name: "Greeter",
  handlers: {
    greet: async (ctx, name) => ctx.run("compose", () => `Hello, ${name}!`),
  },
});

const counter = restate.object({
  name: "Counter",
  handlers: {
    add: async (ctx, n) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
    current: restate.handlers.object.shared(async (ctx) => (await ctx.get("count")) ?? 0),
  },
});

export default { fetch: restate.createEndpointHandler({ services: [greeter, counter] }) };
