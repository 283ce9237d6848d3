// A payment service in front of a (simulated) card provider. The charge runs in `ctx.run`, so a
// retry after a crash reads the journaled receipt instead of charging the card again.
import { type Context, service } from "@resolute/core";

export interface ChargeRequest {
  account: string;
  amountCents: number;
}

export interface Receipt {
  paymentId: string;
  amountCents: number;
}

/** What the card provider was asked to charge, for the README and the tests to look at. */
export const providerCharges: Receipt[] = [];

export const payments = service({
  name: "Payments",
  handlers: {
    charge: async (ctx: Context, { amountCents }: ChargeRequest): Promise<Receipt> => {
      // Deterministic: the same id on every replay, so the provider can de-duplicate too.
      const paymentId = ctx.rand.uuidv4();
      await ctx.run("charge card", () => {
        providerCharges.push({ paymentId, amountCents });
      });
      return { paymentId, amountCents };
    },
  },
});
