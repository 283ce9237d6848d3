// examples/recurring-job against the real server: a handler that re-sends itself with a delay,
// and stops when asked.
import recurringEndpoint from "@resolute/example-recurring-job/endpoint";
import { job, runLog } from "@resolute/example-recurring-job/job";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: recurringEndpoint });
});
afterAll(async () => {
  await env?.stop();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Invocations of the job not completed yet (the scheduled tick among them), from the admin API. */
async function pendingTicks(): Promise<number> {
  const response = await fetch(`${env.adminUrl}/query`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      query:
        "SELECT id FROM sys_invocation WHERE target_service_name = 'RecurringJob' " +
        "AND target_service_key = 'report' AND status <> 'completed'",
    }),
  });
  const { rows } = (await response.json()) as { rows: unknown[] };
  return rows.length;
}

describe("examples/recurring-job", () => {
  it("runs every interval until stopped, then no further run is scheduled", async () => {
    const j = env.client.objectClient(job, "report");
    await j.start(100);
    await j.start(100); // a second start does not start a second chain
    await until(j.status, (s) => s.runs >= 3);
    await j.stop();
    const stopped = await until(j.status, (s) => !s.scheduled);
    const runs = runLog.filter((r) => r.job === "report");
    // The runs are spaced by the delay: the chain is sequential, never two at once.
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.at - runs[i - 1]!.at).toBeGreaterThanOrEqual(90);
    }
    // The tick that was already scheduled when stop came arrives, and does not run the work.
    await until(pendingTicks, (n) => n === 0);
    expect(runLog.filter((r) => r.job === "report").length).toBe(stopped.runs);
    expect((await j.status()).runs).toBe(stopped.runs);
  });

  it("a bad interval is refused with a 400", async () => {
    const response = await fetch(`${env.ingressUrl}/RecurringJob/bad/start`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "0",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("everyMs");
  });
});
