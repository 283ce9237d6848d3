// Cold start subject: the same greeter + counter with the official SDK's fetch handler.
import * as restate from "@restatedev/restate-sdk/fetch";
import { serveFetch } from "./serve.mjs";

// The official fetch handler calls Promise.withResolvers, which Node 20 lacks: fill it in.
Promise.withResolvers ??= () => {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const greeter = restate.service({
  name: "Greeter",
  handlers: { greet: async (ctx, name) => ctx.run("compose", () => `Hello, ${name}!`) },
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

await serveFetch(restate.createEndpointHandler({ services: [greeter, counter] }));
