// examples/saga against the real server: all steps book, or a failing step undoes the others.
import sagaEndpoint from "@resolute/example-saga/endpoint";
import { openBookings } from "@resolute/example-saga/providers";
import { trips } from "@resolute/example-saga/trips";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: sagaEndpoint });
});
afterAll(async () => {
  await env?.stop();
});

const bookingsOf = (tripId: string) =>
  [...openBookings.values()].filter((b) => b.tripId === tripId).map((b) => b.kind);

describe("examples/saga", () => {
  it("books flight, hotel and car", async () => {
    const ids = await env.client.serviceClient(trips).book({ tripId: "t1" });
    expect(ids).toHaveLength(3);
    expect(bookingsOf("t1")).toEqual(["flight", "hotel", "car"]);
  });

  it("a failing car rental cancels the hotel and the flight", async () => {
    await expect(
      env.client.serviceClient(trips).book({ tripId: "t2", unavailable: "car" }),
    ).rejects.toThrow("No car available for trip t2");
    expect(bookingsOf("t2")).toEqual([]);
  });

  it("a failing first step leaves nothing to undo", async () => {
    const response = await fetch(`${env.ingressUrl}/Trips/book`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tripId: "t3", unavailable: "flight" }),
    });
    expect(response.status).toBe(409);
    expect(bookingsOf("t3")).toEqual([]);
  });
});
