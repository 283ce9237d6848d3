// Snippets of docs/sdk/error-handling.md.
import {
  type Context,
  endpoint,
  PauseError,
  RetryableError,
  service,
  TerminalError,
} from "@resolute/core";

declare function loadAccount(id: string): Promise<{ balance: number } | undefined>;

// #region terminal
export const accounts = service({
  name: "Accounts",
  handlers: {
    withdraw: async (ctx: Context, { id, amount }: { id: string; amount: number }) => {
      const account = await ctx.run("load", () => loadAccount(id));
      if (!account) {
        // Terminal: no retry; the caller receives the code and the message.
        throw new TerminalError(`No account ${id}`, { errorCode: 404 });
      }
      if (account.balance < amount) {
        throw new TerminalError("Insufficient funds", { errorCode: 409 });
      }
      // Any other thrown error is retried, with the handler's retry policy.
      return account.balance - amount;
    },
  },
});
// #endregion terminal

// #region policy
export const partner = service({
  name: "Partner",
  handlers: {
    sync: async (ctx: Context) =>
      ctx.run("sync", async () => (await fetch("https://partner.example/sync")).status),
  },
  options: {
    retryPolicy: {
      initialInterval: { milliseconds: 100 },
      exponentiationFactor: 2,
      maxInterval: { seconds: 30 },
      maxAttempts: 10,
      onMaxAttempts: "pause", // or "kill": fail the invocation
    },
  },
});
// #endregion policy

// #region defaults
// For every service bound to the endpoint; a service's own retryPolicy replaces this one whole.
export const ep = endpoint()
  .bind(partner)
  .bind(accounts)
  .defaultServiceOptions({
    retryPolicy: { maxAttempts: 20, onMaxAttempts: "kill" },
    inactivityTimeout: { minutes: 5 },
  });
// #endregion defaults

declare function charge(apiKey: string): Promise<number>;

export const billing = service({
  name: "Billing",
  handlers: {
    charge: async (ctx: Context, apiKey: string) => {
      // #region pause
      // A failure only a person can fix: pause the invocation instead of retrying it.
      return ctx.run("charge", async () => {
        try {
          return await charge(apiKey);
        } catch (error) {
          if ((error as { status?: number }).status === 401) throw PauseError.from(error);
          throw error;
        }
      });
      // #endregion pause
    },
  },
});

export const retries = service({
  name: "Retries",
  handlers: {
    call: async (ctx: Context, url: string) => {
      // #region retryable
      // Retry after a delay the error chooses, e.g. from a Retry-After header.
      const status = await ctx.run("call partner", async () => {
        const response = await fetch(url);
        if (response.status === 429) {
          throw new RetryableError("rate limited", { retryAfter: { seconds: 5 } });
        }
        return response.status;
      });
      // #endregion retryable

      // #region catch
      // Terminal errors from calls and runs can be caught like any error.
      try {
        await ctx.serviceClient(accounts).withdraw({ id: "a1", amount: 5 });
      } catch (error) {
        if (error instanceof TerminalError && error.code === 409) return "declined";
        throw error;
      }
      // #endregion catch
      return status;
    },
  },
});
