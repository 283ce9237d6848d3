// A recurring job without a scheduler: each run ends by sending the next one to itself with a
// delay. The delayed send is durable — it survives restarts of the endpoint and of the server —
// and the object's key names the job, so `stop` for that key ends the chain.
import {
  type ObjectContext,
  type ObjectSharedContext,
  object,
  rpc,
  TerminalError,
} from "@resolute/core";

type JobState = { everyMs: number; runs: number; scheduled: boolean; lastRunAt: number };

/** What each run does; here it records when it ran. */
export const runLog: { job: string; at: number }[] = [];

export const job = object({
  name: "RecurringJob",
  handlers: {
    start: async (ctx: ObjectContext<JobState>, everyMs: number) => {
      if (!(everyMs >= 10)) {
        throw new TerminalError("everyMs must be a number of milliseconds, at least 10", {
          errorCode: 400,
        });
      }
      const wasScheduled = (await ctx.get("scheduled")) === true;
      ctx.set("everyMs", everyMs);
      ctx.set("scheduled", true);
      // A second start only changes the interval: one chain per job.
      if (!wasScheduled) ctx.objectSendClient(job, ctx.key).tick();
    },
    tick: async (ctx: ObjectContext<JobState>) => {
      if ((await ctx.get("scheduled")) !== true) return; // stopped meanwhile
      const at = await ctx.run("do the work", () => {
        const now = Date.now();
        runLog.push({ job: ctx.key, at: now });
        return now;
      });
      ctx.set("runs", ((await ctx.get("runs")) ?? 0) + 1);
      ctx.set("lastRunAt", at);
      const everyMs = (await ctx.get("everyMs")) ?? 60_000;
      ctx.objectSendClient(job, ctx.key).tick(rpc.sendOpts({ delay: everyMs }));
    },
    stop: async (ctx: ObjectContext<JobState>) => {
      // The tick already scheduled still arrives, sees this, and does not schedule another.
      ctx.set("scheduled", false);
    },
    status: async (ctx: ObjectSharedContext<JobState>) => ({
      scheduled: (await ctx.get("scheduled")) ?? false,
      runs: (await ctx.get("runs")) ?? 0,
    }),
  },
});
