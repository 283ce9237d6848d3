// A stateless service whose side effect runs exactly once, even across retries and restarts.
import { type Context, handlers, service } from "@resolute/core";
import { z } from "zod";

let greetingsSent = 0;

export const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (ctx: Context, name: string) => {
      // The closure's result is journaled: on a retry it is read back, not executed again.
      const greeting = await ctx.run("compose greeting", () => {
        greetingsSent++;
        return `Hello, ${name}!`;
      });
      return greeting;
    },
    // With a schema, input is validated before the handler runs (a 400 otherwise), and the
    // JSON Schema shows up in discovery: `resolute dev` prints a sample body from it.
    welcome: handlers.handler(
      {
        input: z.object({ name: z.string().meta({ examples: ["Ann"] }), visits: z.int().min(1) }),
        output: z.string(),
      },
      async (_ctx, { name, visits }) =>
        visits === 1 ? `Welcome, ${name}!` : `Welcome back, ${name} (visit ${visits})`,
    ),
  },
});

/** How many greetings this process composed (for the demo's output). */
export function greetingsComposed(): number {
  return greetingsSent;
}
