// A workflow: `run` executes once per key (here: the e-mail address). It mails a code and waits
// on a durable promise that the shared `verify` handler completes — for minutes or for days,
// across restarts. Durable timers send reminders meanwhile; after the last one the signup
// expires. Cancelling the invocation (Restate's cancel) is caught to record why it ended.
import {
  CancelledError,
  TimeoutError,
  type WorkflowContext,
  type WorkflowSharedContext,
  workflow,
} from "@resolute/core";
import { sendMail } from "./mailer.js";

export type SignupStatus = "waiting" | "verified" | "expired" | "cancelled";

type SignupState = { status: SignupStatus; reminders: number };

export interface SignupRequest {
  email: string;
  /** Time between reminders (default one day). */
  reminderEveryMs?: number;
  /** Reminders before the signup expires (default 3). */
  maxReminders?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const signup = workflow({
  name: "Signup",
  handlers: {
    run: async (ctx: WorkflowContext<SignupState>, request: SignupRequest) => {
      const { email, reminderEveryMs = DAY_MS, maxReminders = 3 } = request;
      const code = ctx.rand.uuidv4().slice(0, 6); // deterministic: the same on every replay
      ctx.set("status", "waiting");
      ctx.set("reminders", 0);
      // Everything that can be cancelled is inside the try: a cancel that arrives while the
      // code is being mailed is caught like one that arrives during the wait.
      try {
        await ctx.run("send code", () => sendMail({ to: email, subject: "Your code", code }));
        for (let sent = 0; ; sent++) {
          try {
            // The code, or a TimeoutError when the durable timer fires first.
            const entered = await ctx.promise<string>("code").get().orTimeout(reminderEveryMs);
            const status = entered === code ? "verified" : "expired";
            ctx.set("status", status);
            return status === "verified";
          } catch (error) {
            if (!(error instanceof TimeoutError)) throw error;
          }
          if (sent === maxReminders) break;
          await ctx.run(`reminder ${sent + 1}`, () =>
            sendMail({ to: email, subject: "Reminder: your code is waiting", code }),
          );
          ctx.set("reminders", sent + 1);
        }
        ctx.set("status", "expired");
        return false;
      } catch (error) {
        if (error instanceof CancelledError) {
          // Cancellation interrupts the wait; state and runs still work for the clean-up.
          ctx.set("status", "cancelled");
          await ctx.run("send cancellation", () =>
            sendMail({ to: email, subject: "Your signup was cancelled" }),
          );
        }
        throw error;
      }
    },
    /** Completes the durable promise `run` waits on. */
    verify: async (ctx: WorkflowSharedContext, code: string) => {
      await ctx.promise<string>("code").resolve(code);
    },
    status: async (ctx: WorkflowSharedContext<SignupState>) => ({
      status: (await ctx.get("status")) ?? "unknown",
      reminders: (await ctx.get("reminders")) ?? 0,
    }),
  },
});
