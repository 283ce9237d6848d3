// Snippets of docs/sdk/journaling.md.
import { type Context, service } from "@resolute/core";

declare function chargeCard(amount: number, signal: AbortSignal): Promise<{ id: string }>;

export const payments = service({
  name: "Payments",
  handlers: {
    pay: async (ctx: Context, amount: number) => {
      // #region run
      // The closure runs once; its result is journaled and replayed on every retry.
      const charge = await ctx.run("charge card", ({ signal }) => chargeCard(amount, signal));
      // #endregion run

      // #region run-options
      // Retries of the closure itself: after 3 attempts the failure becomes terminal.
      await ctx.run("notify bank", async () => (await fetch("https://bank.example/notify")).ok, {
        maxRetryAttempts: 3,
        initialRetryInterval: { milliseconds: 200 },
      });
      // #endregion run-options

      // #region deterministic
      // Deterministic helpers: the same values on every replay, no ctx.run needed.
      const id = ctx.rand.uuidv4();
      const lucky = ctx.rand.random() < 0.5;
      const now = await ctx.date.now(); // journaled wall-clock time
      // #endregion deterministic
      return { charge: charge.id, id, lucky, now };
    },
  },
});
