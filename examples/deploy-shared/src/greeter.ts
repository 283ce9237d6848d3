// A stateless service, and one that calls it: the smallest durable handlers.
import { type Context, service } from "@resolute/core";

export const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (ctx: Context, name: string) => ctx.run("compose", () => `Hello, ${name}!`),
  },
});

export const caller = service({
  name: "Caller",
  handlers: {
    /** Calls Greeter through the server, durably. */
    greetTwice: async (ctx: Context, name: string) => {
      const first = await ctx.serviceClient(greeter).greet(name);
      const second = await ctx.serviceClient(greeter).greet(`${name} again`);
      return `${first} ${second}`;
    },
  },
});
