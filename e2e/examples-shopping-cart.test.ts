// examples/shopping-cart against the real server: state per cart, a checkout that calls the
// payment service, idempotency keys on the ingress, bad input.

import { rpc } from "@resolute/core";
import { cart } from "@resolute/example-shopping-cart/cart";
import cartEndpoint from "@resolute/example-shopping-cart/endpoint";
import { providerCharges } from "@resolute/example-shopping-cart/payments";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: cartEndpoint });
});
afterAll(async () => {
  await env?.stop();
});

describe("examples/shopping-cart", () => {
  it("adds items, checks out once per idempotency key, charging the card once", async () => {
    const c = env.client.objectClient(cart, "ann");
    await c.add({ productId: "apple", quantity: 2 });
    expect(await c.add({ productId: "fig", quantity: 1 })).toEqual([
      { productId: "apple", quantity: 2 },
      { productId: "fig", quantity: 1 },
    ]);
    const before = providerCharges.length;
    const first = await c.checkout(rpc.opts({ idempotencyKey: "order-1" }));
    expect(first.receipt.amountCents).toBe(2 * 50 + 120);
    expect(first.items).toHaveLength(2);
    // The same key again (a client retry): the same order, no second charge.
    expect(await c.checkout(rpc.opts({ idempotencyKey: "order-1" }))).toEqual(first);
    expect(providerCharges.length).toBe(before + 1);
    expect(providerCharges.at(-1)).toEqual(first.receipt);
    expect(await c.items()).toEqual([]);
  });

  it("checking out an empty cart is a 400 with a message, not a retry", async () => {
    const response = await fetch(`${env.ingressUrl}/Cart/empty/checkout`, { method: "POST" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Cart empty is empty");
  });

  it("an unknown product is refused before the handler runs", async () => {
    const response = await fetch(`${env.ingressUrl}/Cart/bo/add`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ productId: "durian", quantity: 1 }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("productId");
    expect(await env.stateOf(cart, "bo").get("items")).toBeUndefined();
  });
});
