// Cold start subject: greeter + counter with @resolute/core and @resolute/fetch.
import { endpoint, handlers, object, service } from "@resolute/core";
import { createFetchHandler } from "@resolute/fetch";
import { serveFetch } from "./serve.mjs";

const greeter = service({
  name: "Greeter",
  handlers: { greet: async (ctx, name) => ctx.run("compose", () => `Hello, ${name}!`) },
});
const counter = object({
  name: "Counter",
  handlers: {
    add: async (ctx, n) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
    current: handlers.object.shared(async (ctx) => (await ctx.get("count")) ?? 0),
  },
});

await serveFetch(createFetchHandler(endpoint().bind(greeter).bind(counter)));
