// Polls readiness probes until all pass, the process exits, or time runs out.
import type { ExitInfo } from "./server-process.js";

export type HealthResult =
  | { ok: true }
  | { ok: false; exit: ExitInfo }
  | { ok: false; timeout: true; pending: string[] };

/** A named check that resolves true once its part of the server is ready. */
export interface Probe {
  name: string;
  check(): Promise<boolean>;
}

const POLL_MS = 50;

/** Probes run in order; a probe is only tried once the ones before it have passed. */
export async function waitHealthy(
  probes: Probe[],
  exited: Promise<ExitInfo>,
  timeoutMs: number,
): Promise<HealthResult> {
  let exit: ExitInfo | undefined;
  void exited.then((info) => {
    exit = info;
  });
  const deadline = Date.now() + timeoutMs;
  let next = 0;
  while (Date.now() < deadline) {
    if (exit) return { ok: false, exit };
    while (next < probes.length && (await probes[next]!.check())) next++;
    if (next === probes.length) return { ok: true };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (exit) return { ok: false, exit };
  return { ok: false, timeout: true, pending: probes.slice(next).map((p) => p.name) };
}

/** GET `url` answers 200. */
export function httpProbe(url: string): Probe {
  return { name: `GET ${url}`, check: () => answers200(url) };
}

/**
 * A query over every partition succeeds. /health turns 200 before the partition processors
 * run; until they do, state queries fail with "node lookup for partition N failed".
 */
export function partitionsProbe(adminUrl: string): Probe {
  return {
    name: "partition processors running (admin query over all partitions)",
    check: () =>
      answers200(`${adminUrl}/query`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query: "SELECT count(*) FROM state" }),
      }),
  };
}

async function answers200(url: string, init: RequestInit = {}): Promise<boolean> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
