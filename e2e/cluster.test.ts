// Resolute on a 3-node Restate cluster (replication 2): a mixed workload of a few thousand
// invocations spread over every node's ingress keeps its guarantees while a node is SIGKILLed
// and restarted, and through a rolling restart of all three nodes.
import { connect, type Ingress } from "@resolute/client";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../packages/testing/test/harness-support/probes.js";
import {
  clusterEndpoint,
  executions,
  executionsWhenReplayed,
  tally,
} from "./support/cluster-services.js";
import { type Outcome, type Plan, type Run, startWorkload } from "./support/cluster-workload.js";

const TIMEOUT = 240_000;

async function query(env: RestateEnv, sql: string): Promise<Record<string, unknown>[]> {
  // Any running node's admin API answers for the whole cluster, once that node has its
  // partition stores back: right after a restart it answers 500 "expecting a partition store"
  // for a few seconds, so a 5xx moves on to the next running node and tries again.
  const deadline = Date.now() + 60_000;
  for (let attempt = 0; ; attempt++) {
    const running = env.nodes.filter((n) => n.running);
    const node = running[attempt % running.length]!;
    const response = await fetch(`${node.adminUrl}/query`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: sql }),
    });
    if (response.ok) return ((await response.json()) as { rows: Record<string, unknown>[] }).rows;
    const failure = `${node.name}: ${response.status} ${await response.text()}`;
    if (response.status < 500 || Date.now() > deadline) throw new Error(failure);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("a 3-node cluster under a mixed workload", () => {
  let env: RestateEnv;
  let rs: Ingress;
  beforeAll(async () => {
    env = await startRestate({ endpoint: clusterEndpoint(), nodes: 3, replication: 2 });
    // Every call and send gets an idempotency key, so a request cut off by a dying node is
    // repeated on another node and attaches to the same invocation instead of starting one.
    rs = connect({
      url: env.nodes.map((n) => n.ingressUrl),
      retry: { idempotent: true, attempts: 40, maxDelayMs: 2_000 },
    });
  }, TIMEOUT);
  afterAll(() => env?.stop(), TIMEOUT);

  /** Every guarantee the suite holds the cluster to, for the run with this prefix. */
  async function expectExactlyOnce(plan: Plan, run: Run, outcomes: Outcome[]) {
    // Every operation completed, once, with the result the journal kept.
    expect(outcomes).toHaveLength(plan.processes + plan.awakeables + plan.workflows);
    expect(new Set(outcomes.map((o) => o.op)).size).toBe(outcomes.length);

    // No side effect ran again after it was journaled: the journal kept one of the executions,
    // and once any attempt got a step's result from the journal, the step never ran again.
    // Overlapping attempts during a leader change may both run a step before either result
    // is journaled (at-least-once); those are reported, not failed.
    const repeated: string[] = [];
    let overlapping = 0;
    for (const { op, steps } of outcomes) {
      for (const [step, journaled] of Object.entries(steps)) {
        const key = `${op}:${step}`;
        const ran = executions.get(key) ?? 0;
        const whenReplayed = executionsWhenReplayed.get(key);
        if (journaled < 1 || journaled > ran)
          repeated.push(`${key}: journal has #${journaled}, ran ${ran}`);
        else if (whenReplayed !== undefined && ran > whenReplayed)
          repeated.push(`${key}: ran ${ran}, the journal had it after ${whenReplayed}`);
        else if (ran > 1) overlapping++;
      }
    }
    expect(repeated).toEqual([]);
    if (overlapping > 0)
      console.info(`${plan.prefix}: ${overlapping} step(s) ran in overlapping attempts`);

    // Counter totals equal the number of adds.
    for (const [key, adds] of run.expectedTotals) {
      expect(await rs.objectClient(tally, key).total(), key).toBe(adds);
    }

    // One invocation per idempotency key, each completed.
    const like = `'${plan.prefix}-%'`;
    const perKey = await query(
      env,
      `SELECT target_service_name AS service, count(*) AS n, count(DISTINCT idempotency_key) AS keys
       FROM sys_invocation WHERE idempotency_key LIKE ${like} AND status = 'completed'
       GROUP BY target_service_name ORDER BY target_service_name`,
    );
    expect(perKey).toEqual([
      {
        service: "Worker",
        n: plan.processes + plan.awakeables,
        keys: plan.processes + plan.awakeables,
      },
    ]);

    // Nothing stuck: every invocation the cluster knows has completed.
    await eventually(async () => {
      const open = await query(
        env,
        "SELECT id, target, status FROM sys_invocation WHERE status <> 'completed' LIMIT 10",
      );
      expect(open).toEqual([]);
    }, 30_000);
  }

  it(
    "keeps every guarantee while a node is SIGKILLed and later restarted",
    async () => {
      const plan: Plan = {
        prefix: "kill",
        processes: 800,
        directAdds: 400,
        awakeables: 80,
        workflows: 40,
        keys: 20,
        concurrency: 32,
      };
      const run = startWorkload(rs, plan);
      await run.whenDone(Math.floor(run.total * 0.25));
      await env.nodes[1]!.kill();
      // The other two nodes carry the load alone for a while.
      await run.whenDone(Math.floor(run.total * 0.6));
      await env.nodes[1]!.restart();
      const outcomes = await run.finished;
      await expectExactlyOnce(plan, run, outcomes);
    },
    TIMEOUT,
  );

  it(
    "keeps every guarantee through a rolling restart of all three nodes",
    async () => {
      const plan: Plan = {
        prefix: "rolling",
        processes: 400,
        directAdds: 200,
        awakeables: 40,
        workflows: 20,
        keys: 10,
        concurrency: 24,
      };
      const run = startWorkload(rs, plan);
      await run.whenDone(Math.floor(run.total * 0.1));
      for (const node of env.nodes) await node.restart();
      const outcomes = await run.finished;
      await expectExactlyOnce(plan, run, outcomes);
    },
    TIMEOUT,
  );
});
