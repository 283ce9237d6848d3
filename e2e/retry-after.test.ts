// RetryableError's retryAfter against the real server: the next attempt comes no sooner than
// asked, for a handler and for a ctx.run step.
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptStarts, failureEndpoint } from "./support/failure-services.js";
import { ok } from "./support/ingress.js";

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: failureEndpoint() });
});
afterAll(async () => {
  await env?.stop();
});

// Far above the server's default first retry interval, so an ignored delay would show.
const DELAY_MS = 1500;

describe("RetryableError retryAfter", () => {
  it.each([
    ["a handler", "Retries/afterDelay"],
    ["a ctx.run step", "Retries/runAfterDelay"],
  ])("thrown by %s: the next attempt starts at least retryAfter later", async (_what, path) => {
    const key = `${path}-${Date.now()}`;
    expect(await ok(env.ingressUrl, path, { key, ms: DELAY_MS })).toBe(2);
    const [first, second] = attemptStarts.get(key)!;
    // The first attempt started before it failed, so this lower bound is strict.
    expect(second! - first!).toBeGreaterThanOrEqual(DELAY_MS);
  });
});
