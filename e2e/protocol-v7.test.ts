// The endpoint announces service protocol 5 to 7: with V7 switched on in the server, invocations
// negotiate V7 (run proposals acknowledged, Future-shaped suspensions) and behave the same.
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { durableEndpoint } from "./support/durable-services.js";
import { attach, ok, send } from "./support/ingress.js";
import { sideEffects } from "./support/services.js";

let bidi: RestateEnv;
let replaying: RestateEnv;
const v7 = { RESTATE_EXPERIMENTAL_ENABLE_PROTOCOL_V7: "true" };
beforeAll(async () => {
  [bidi, replaying] = await Promise.all([
    startRestate({ endpoint: durableEndpoint(), env: v7 }),
    startRestate({ endpoint: durableEndpoint(), env: v7, alwaysReplay: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([bidi?.stop(), replaying?.stop()]);
});

describe.each([
  ["bidirectional", () => bidi],
  ["request/response (suspend at every await)", () => replaying],
])("protocol V7, %s", (_mode, env) => {
  it("the server negotiated V7", async () => {
    const version = (await (await fetch(`${env().adminUrl}/version`)).json()) as {
      features: { protocol_v7: boolean };
    };
    expect(version.features.protocol_v7).toBe(true);
    const id = await send(env().ingressUrl, "Greeter/greet", "V7");
    await attach(env().ingressUrl, id);
    const res = await fetch(`${env().adminUrl}/query`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        query: `SELECT pinned_service_protocol_version FROM sys_invocation WHERE id = '${id}'`,
      }),
    });
    const rows = ((await res.json()) as { rows: { pinned_service_protocol_version: number }[] })
      .rows;
    expect(rows[0]?.pinned_service_protocol_version).toBe(7);
  });

  it("runs, sleeps, calls, awakeables-with-timeout and combinators work", async () => {
    const id = `v7-${Date.now()}-${Math.random()}`;
    expect(await ok(env().ingressUrl, "Timers/sleepFor", { id, ms: 100 })).toEqual({
      before: 1,
      after: 1,
    });
    expect(sideEffects.get(`${id}:before`)).toBe(1);
    expect(await ok(env().ingressUrl, "Caller/callGreeter", "Seven")).toBe("Hello, Seven!");
    expect(await ok(env().ingressUrl, "Timers/timeout", 50)).toBe("timed out (408)");
    expect(await ok(env().ingressUrl, "Combinators/all")).toEqual([1, 2, 3]);
    expect(await ok(env().ingressUrl, "Combinators/allSettled")).toEqual(["rejected", "fulfilled"]);
  });
});
