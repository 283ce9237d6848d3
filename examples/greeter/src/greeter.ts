// A stateless service whose side effect runs exactly once, even across retries and restarts.
import { type Context, service } from "@resolute/core";

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
  },
});

/** How many greetings this process composed (for the demo's output). */
export function greetingsComposed(): number {
  return greetingsSent;
}
