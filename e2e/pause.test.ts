// PauseError against the real server: thrown in ctx.run it pauses the invocation (no retries)
// until an operator resumes it through the admin API; resumed, the step runs again and the
// invocation completes. Checked with protocol V6 (the default), V7, and V5 forced by capping
// the endpoint's announced protocol range. Thrown outside ctx.run it is retried as usual.

import { type Context, endpoint, PauseError, service } from "@resolute/core";
import type { EndpointHandler, ServableEndpoint } from "@resolute/core/adapter";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attach, send } from "./support/ingress.js";

/** Per key: how many times the step ran, and whether it should still pause. */
const runs = new Map<string, number>();
const pausing = new Set<string>();

const pauser = service({
  name: "Pauser",
  handlers: {
    step: async (ctx: Context, key: string) =>
      ctx.run(
        "charge",
        () => {
          runs.set(key, (runs.get(key) ?? 0) + 1);
          if (pausing.has(key)) throw new PauseError(`card for ${key} revoked`);
          return `charged ${key}`;
        },
        // A policy that would fail the run terminally at once: pausing must not consult it.
        { maxRetryAttempts: 1 },
      ),
    direct: async (_ctx: Context, key: string) => {
      runs.set(key, (runs.get(key) ?? 0) + 1);
      throw new PauseError("thrown by the handler, not by a run");
    },
  },
});

/** Serves the endpoint announcing protocol versions up to `max` only, to force an older one. */
function capped(inner: ServableEndpoint, max: number): ServableEndpoint {
  return {
    handler(options): EndpointHandler {
      const h = inner.handler(options);
      return {
        protocolMode: h.protocolMode,
        drain: () => h.drain?.(),
        handle(head, res) {
          if (!head.path.endsWith("/discover")) return h.handle(head, res);
          const dec = new TextDecoder();
          const enc = new TextEncoder();
          return h.handle(head, {
            head: (s, headers) => res.head(s, headers),
            // Same length either way, so a content-length (if any) stays right.
            write: (c) =>
              res.write(
                enc.encode(
                  dec.decode(c).replace('"maxProtocolVersion":7', `"maxProtocolVersion":${max}`),
                ),
              ),
            end: () => res.end(),
          });
        },
      };
    },
  };
}

interface Row {
  status: string;
  pinned_service_protocol_version: number | null;
}

async function row(env: RestateEnv, id: string): Promise<Row | undefined> {
  const res = await fetch(`${env.adminUrl}/query`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      query: `SELECT status, pinned_service_protocol_version FROM sys_invocation WHERE id = '${id}'`,
    }),
  });
  return ((await res.json()) as { rows: Row[] }).rows[0];
}

async function statusBecomes(env: RestateEnv, id: string, want: string): Promise<Row> {
  const until = Date.now() + 20_000;
  for (;;) {
    const r = await row(env, id);
    if (r?.status === want) return r;
    if (Date.now() > until) throw new Error(`status stayed ${r?.status}, expected ${want}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const envs: Record<string, RestateEnv> = {};
beforeAll(async () => {
  const ep = () => endpoint().bind(pauser);
  [envs.v5, envs.v6, envs.v7] = await Promise.all([
    startRestate({ endpoint: capped(ep(), 5) }),
    startRestate({ endpoint: capped(ep(), 6) }),
    startRestate({ endpoint: ep(), env: { RESTATE_EXPERIMENTAL_ENABLE_PROTOCOL_V7: "true" } }),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all(Object.values(envs).map((e) => e?.stop()));
});

describe.each([5, 6, 7])("protocol V%i", (version) => {
  const env = () => envs[`v${version}`] as RestateEnv;

  it("PauseError in ctx.run pauses the invocation; resuming re-runs the step and completes it", async () => {
    const key = `pause-v${version}-${Date.now()}`;
    pausing.add(key);
    const id = await send(env().ingressUrl, "Pauser/step", key);
    const paused = await statusBecomes(env(), id, "paused");
    expect(paused.pinned_service_protocol_version).toBe(version);
    // Paused, not backing off: the step does not run again on its own.
    await sleep(1500);
    expect((await row(env(), id))?.status).toBe("paused");
    expect(runs.get(key)).toBe(1);

    pausing.delete(key);
    const resumed = await fetch(`${env().adminUrl}/invocations/${id}/resume`, { method: "PATCH" });
    expect(resumed.status).toBeLessThan(300);
    const result = await attach(env().ingressUrl, id);
    expect(result.status).toBe(200);
    expect(result.body).toBe(`charged ${key}`);
    expect(runs.get(key)).toBe(2);
    expect((await row(env(), id))?.status).toBe("completed");
  });
});

it("PauseError thrown by the handler itself is retried, not paused (as in the official SDK)", async () => {
  const env = envs.v6 as RestateEnv;
  const key = `direct-${Date.now()}`;
  const id = await send(env.ingressUrl, "Pauser/direct", key);
  const until = Date.now() + 20_000;
  while ((runs.get(key) ?? 0) < 3 && Date.now() < until) await sleep(50);
  expect(runs.get(key)).toBeGreaterThanOrEqual(3);
  expect((await row(env, id))?.status).not.toBe("paused");
  await fetch(`${env.adminUrl}/invocations/${id}/kill`, { method: "PATCH" });
});
