// Snippets of docs/sdk/timers.md.
import {
  type Context,
  type ObjectContext,
  object,
  rpc,
  service,
  TimeoutError,
} from "@resolute/core";

export const reminders = service({
  name: "Reminders",
  handlers: {
    remind: async (ctx: Context, who: string) => {
      // #region sleep
      // A durable timer: the invocation suspends; the server wakes it up, even after restarts.
      await ctx.sleep({ hours: 24 }, "wait a day");
      await ctx.run("send reminder", () => console.log(`reminder for ${who}`));
      // #endregion sleep

      // #region timeout
      // Any durable promise can time out: a TimeoutError after the given duration.
      const { promise } = ctx.awakeable<string>();
      try {
        return await promise.orTimeout({ minutes: 10 });
      } catch (error) {
        if (error instanceof TimeoutError) return "no answer in time";
        throw error;
      }
      // #endregion timeout
    },
  },
});

// #region delayed-send
// Scheduling: a one-way message delivered later. A handler that sends itself is a
// recurring job (see examples/recurring-job).
export const digest = object({
  name: "Digest",
  handlers: {
    send: async (ctx: ObjectContext) => {
      await ctx.run("mail digest", () => console.log(`digest for ${ctx.key}`));
      ctx.objectSendClient(digest, ctx.key).send(rpc.sendOpts({ delay: { days: 1 } }));
    },
  },
});
// #endregion delayed-send
