// A mixed workload for the cluster suite, run through a fail-over client: calls that each make
// side effects, a timer and a call to a counter object; direct counter adds; awakeables
// resolved from outside; workflows completed through a durable promise.
import type { Ingress } from "@resolute/client";
import { rpc } from "@resolute/core";
import { approval, awakeableIdOf, tally, worker } from "./cluster-services.js";

export interface Plan {
  /** Prefix of every key and idempotency key of this run. */
  prefix: string;
  processes: number;
  directAdds: number;
  awakeables: number;
  workflows: number;
  /** Counter objects the adds are spread over. */
  keys: number;
  concurrency: number;
}

/** What one operation returned: the journaled execution number of each of its side effects. */
export interface Outcome {
  op: string;
  steps: Record<string, number>;
}

export interface Run {
  /** Resolves when `count` operations have completed. */
  whenDone(count: number): Promise<void>;
  readonly total: number;
  /** Every operation's outcome, once all completed (rejects with the first failure). */
  readonly finished: Promise<Outcome[]>;
  /** Adds each counter object must show at the end. */
  readonly expectedTotals: Map<string, number>;
}

type Op = () => Promise<Outcome | undefined>;

export function startWorkload(rs: Ingress, plan: Plan): Run {
  const expectedTotals = new Map<string, number>();
  const keyOf = (i: number) => {
    const key = `${plan.prefix}-k${i % plan.keys}`;
    expectedTotals.set(key, (expectedTotals.get(key) ?? 0) + 1);
    return key;
  };
  const ops: Op[] = [];
  for (let i = 0; i < plan.processes; i++) {
    const id = `${plan.prefix}-p${i}`;
    const key = keyOf(i);
    // One in five waits on a durable timer, which must fire wherever its partition moved.
    const sleepMs = i % 5 === 0 ? 200 : 0;
    ops.push(async () => {
      const r = await rs
        .serviceClient(worker)
        .process({ id, key, sleepMs }, rpc.opts({ idempotencyKey: id }));
      return { op: id, steps: r.steps };
    });
  }
  for (let i = 0; i < plan.directAdds; i++) {
    const key = keyOf(i + 1);
    // No key of ours: the client generates one (retry: { idempotent: true }).
    ops.push(async () => {
      await rs.objectClient(tally, key).add(1);
      return undefined;
    });
  }
  for (let i = 0; i < plan.awakeables; i++) {
    const op = `${plan.prefix}-a${i}`;
    ops.push(async () => {
      const call = rs.serviceClient(worker).awaitSignal(op, rpc.opts({ idempotencyKey: op }));
      const early = call.then(() => {
        throw new Error(`${op} returned before its awakeable was resolved`);
      });
      const awakeable = await Promise.race([awakeableIdOf(op), early]);
      await rs.resolveAwakeable(awakeable, `value of ${op}`);
      const r = await call;
      if (r.value !== `value of ${op}`) throw new Error(`${op}: got ${r.value}`);
      return { op, steps: r.steps };
    });
  }
  for (let i = 0; i < plan.workflows; i++) {
    const op = `${plan.prefix}-w${i}`;
    ops.push(async () => {
      const wf = rs.workflowClient(approval, op);
      await wf.workflowSubmit(op);
      await wf.decide(`approved ${op}`);
      const r = await wf.workflowAttach();
      if (r.decision !== `approved ${op}`) throw new Error(`${op}: got ${r.decision}`);
      return { op, steps: r.steps };
    });
  }
  interleave(ops);

  let done = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const outcomes: Outcome[] = [];
  let next = 0;
  const lane = async () => {
    while (next < ops.length) {
      const outcome = await ops[next++]!();
      if (outcome) outcomes.push(outcome);
      done++;
      for (const w of waiters.filter((w) => done >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const lanes = Array.from({ length: plan.concurrency }, lane);
  const finished = Promise.all(lanes).then(() => outcomes);
  finished.catch(() => {}); // observed by the test; avoid an unhandled rejection meanwhile
  return {
    total: ops.length,
    expectedTotals,
    finished,
    whenDone: (count) =>
      done >= count
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.push({ count, resolve })),
            // A failed workload never reaches the count: report its error instead of hanging.
            finished.then(() => {
              throw new Error(`the workload ended after ${done} operations, before ${count}`);
            }),
          ]),
  };
}

/** A fixed shuffle, so the kinds of operation are mixed over the whole run. */
function interleave<T>(items: T[]): void {
  let seed = 42;
  for (let i = items.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
