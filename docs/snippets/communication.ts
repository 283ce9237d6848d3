// Snippets of docs/sdk/communication.md.
import { connect } from "@resolute/client";
import {
  type Context,
  type ObjectContext,
  object,
  RestatePromise,
  rpc,
  service,
} from "@resolute/core";

export const inventory = object({
  name: "Inventory",
  handlers: {
    reserve: async (ctx: ObjectContext<{ left: number }>, quantity: number) => {
      const left = ((await ctx.get("left")) ?? 10) - quantity;
      ctx.set("left", left);
      return left >= 0;
    },
  },
});

export const notifier = service({
  name: "Notifier",
  handlers: {
    notify: async (_ctx: Context, message: string) => {
      console.log(message);
    },
  },
});

export const orders = service({
  name: "Orders",
  handlers: {
    place: async (ctx: Context, order: { id: string; item: string; quantity: number }) => {
      // #region call
      // A request-response call: typed by the definition, journaled, made exactly once.
      const reserved = await ctx.objectClient(inventory, order.item).reserve(order.quantity);
      // #endregion call

      // #region send
      // A one-way message: returns at once; the server delivers it durably.
      ctx.serviceSendClient(notifier).notify(`order ${order.id} placed`);
      // The same, delivered in an hour (durable: survives restarts of everything).
      ctx
        .serviceSendClient(notifier)
        .notify(`how was order ${order.id}?`, rpc.sendOpts({ delay: { hours: 1 } }));
      // #endregion send

      // #region idempotency
      // An idempotency key: a second call with the same key attaches to the first one.
      await ctx
        .objectClient(inventory, order.item)
        .reserve(order.quantity, rpc.opts({ idempotencyKey: `reserve-${order.id}` }));
      // #endregion idempotency

      // #region parallel
      // Calls run concurrently until awaited; combine them with the durable combinators.
      const [a, b] = await RestatePromise.all([
        ctx.objectClient(inventory, "apple").reserve(1),
        ctx.objectClient(inventory, "pear").reserve(1),
      ]);
      // #endregion parallel

      // #region generic
      // Without a definition at hand: by name, with raw bytes.
      const raw = await ctx.genericCall({
        service: "Inventory",
        key: "fig",
        method: "reserve",
        parameter: new TextEncoder().encode("1"),
      });
      // #endregion generic
      return { reserved, a, b, raw: raw.length };
    },
  },
});

export async function fromOutside() {
  // #region ingress
  const rs = connect({ url: "http://localhost:8080" });
  await rs.objectClient(inventory, "apple").reserve(2, rpc.opts({ idempotencyKey: "r-1" }));
  const handle = await rs
    .serviceSendClient(notifier)
    .notify("later", rpc.sendOpts({ delay: { minutes: 5 } }));
  await rs.result(handle); // waits for the delayed invocation to finish
  // #endregion ingress
}
