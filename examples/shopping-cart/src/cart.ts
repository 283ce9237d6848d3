// A virtual object per cart (the key is the cart id) with its items in durable state. Exclusive
// handlers run one at a time per cart, so `add` and `checkout` never race.
import {
  handlers,
  type ObjectContext,
  type ObjectSharedContext,
  object,
  TerminalError,
} from "@resolute/core";
import { z } from "zod";
import { payments, type Receipt } from "./payments.js";

/** Prices in cents. */
export const CATALOG = { apple: 50, pear: 70, fig: 120 } as const;

const Item = z.object({
  productId: z.enum(Object.keys(CATALOG) as [keyof typeof CATALOG]),
  quantity: z.int().min(1).max(100),
});
export type Item = z.infer<typeof Item>;

type CartState = { items: Item[] };

export interface Order {
  receipt: Receipt;
  items: Item[];
}

export const cart = object({
  name: "Cart",
  handlers: {
    /** Invalid items are refused with a 400 before the handler runs. */
    add: handlers.object.exclusive({ input: Item }, async (ctx: ObjectContext<CartState>, item) => {
      const items = (await ctx.get("items")) ?? [];
      const existing = items.find((i) => i.productId === item.productId);
      if (existing) existing.quantity += item.quantity;
      else items.push(item);
      ctx.set("items", items);
      return items;
    }),
    items: handlers.object.shared(
      async (ctx: ObjectSharedContext<CartState>) => (await ctx.get("items")) ?? [],
    ),
    checkout: async (ctx: ObjectContext<CartState>): Promise<Order> => {
      const items = (await ctx.get("items")) ?? [];
      if (items.length === 0) {
        // Terminal: retrying cannot fill the cart. The caller gets a 400 with this message.
        throw new TerminalError(`Cart ${ctx.key} is empty: add items before checking out.`, {
          errorCode: 400,
        });
      }
      const amountCents = items.reduce((sum, i) => sum + CATALOG[i.productId] * i.quantity, 0);
      // A durable call: made once, its result journaled; a retry of checkout reuses it.
      const receipt = await ctx.serviceClient(payments).charge({ account: ctx.key, amountCents });
      ctx.clear("items");
      return { receipt, items };
    },
  },
});
