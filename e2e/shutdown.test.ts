// Graceful shutdown with the real server: closing the endpoint makes invocations that wait
// suspend at once (no waiting for the close timeout), and they complete after a restart.
import { endpoint } from "@resolute/core";
import { serve } from "@resolute/fastify";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timers } from "./support/durable-services.js";
import { attach, send } from "./support/ingress.js";
import { sideEffects } from "./support/services.js";

let env: RestateEnv;
let served: Awaited<ReturnType<typeof serve>> | undefined;
const ep = endpoint().bind(timers);

beforeAll(async () => {
  served = await serve(ep, { port: 0, logger: false, closeTimeout: 20_000 });
  env = await startRestate({ endpointUrl: `http://127.0.0.1:${served.port}` });
});
afterAll(async () => {
  await served?.close();
  await env?.stop();
});

describe("graceful shutdown", () => {
  it("suspends waiting invocations at once and resumes them on another endpoint process", async () => {
    const id = `shutdown-${Date.now()}`;
    const inv = await send(env.ingressUrl, "Timers/sleepFor", { id, ms: 1500 });
    // Closed once the first step is journaled, so "before" must not run again.
    while (sideEffects.get(`${id}:before-journaled`) === undefined)
      await new Promise((r) => setTimeout(r, 20));
    const port = served!.port;
    const started = Date.now();
    await served!.close();
    expect(Date.now() - started).toBeLessThan(5000); // not the 20 s close timeout
    served = await serve(ep, { port, logger: false });
    expect((await attach(env.ingressUrl, inv)).body).toEqual({ before: 1, after: 1 });
    expect(sideEffects.get(`${id}:before`)).toBe(1);
  });
});
