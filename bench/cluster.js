#!/usr/bin/env node
// Cluster numbers (a benchmark, not a test): throughput and latency of the noop and counter
// workloads on a 3-node Restate cluster (replication 2) vs one node, in the same run, and the
// longest gap without a completed invocation while one node of the cluster is SIGKILLed and
// later restarted. The Resolute endpoint is served in this process by @resolute/testing's
// startRestate; load is closed-loop HTTP/1.1 keep-alive, spread round-robin over every node's
// ingress. Writes bench/results-cluster.md. Needs `pnpm run build` first.
//   --n N            measured invocations per workload (default 3000)
//   --concurrency N  invocations in flight (default 32)
//   --kill-ms N      length of the kill phase (default 30000): kill at 1/5, restart at 1/2
//   --out FILE       where to write the markdown (default bench/results-cluster.md)
import { writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { endpoint, object, service } from "@resolute/core";
import { startRestate } from "@resolute/testing";
import { connect } from "../packages/client/dist/index.js";
import { percentile, post } from "./lib/real/loadgen.js";

const BENCH = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const cfg = {
  n: Number(opt("--n", 3000)),
  concurrency: Number(opt("--concurrency", 32)),
  killMs: Number(opt("--kill-ms", 30000)),
  out: opt("--out", join(BENCH, "results-cluster.md")),
};
const log = (line) => console.log(`[cluster] ${line}`);

const noop = service({ name: "Noop", handlers: { call: async (_ctx, x) => x } });
const counter = object({
  name: "Counter",
  handlers: {
    add: async (ctx, n) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
  },
});
const ep = () => endpoint().bind(noop).bind(counter);

const KEYS = 64;
const WORKLOADS = [
  { name: "noop", next: (i) => ({ path: "/Noop/call", value: i }) },
  { name: "counter", next: (i) => ({ path: `/Counter/k${i % KEYS}/add`, value: 1 }) },
];

/** Closed loop over several ingress URLs: request i goes to URL i mod N. */
async function spreadLoop(urls, count, concurrency, next) {
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: concurrency }));
  const latencies = new Array(count);
  let issued = 0;
  const t0 = performance.now();
  const lane = async () => {
    while (issued < count) {
      const i = issued++;
      const { path, value } = next(i);
      const t = performance.now();
      await post(agents[i % urls.length], urls[i % urls.length], path, value);
      latencies[i] = performance.now() - t;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return { latencies, wallMs: performance.now() - t0 };
}

async function measureTopology(nodes) {
  const started = performance.now();
  const env = await startRestate({ endpoint: ep(), nodes });
  const startMs = performance.now() - started;
  log(`${nodes} node(s) ready in ${(startMs / 1000).toFixed(1)} s`);
  const urls = env.nodes.map((n) => n.ingressUrl);
  const rows = [];
  try {
    for (const w of WORKLOADS) {
      await spreadLoop(urls, Math.ceil(cfg.n / 5), cfg.concurrency, w.next); // warm-up
      const { latencies, wallMs } = await spreadLoop(urls, cfg.n, cfg.concurrency, w.next);
      const sorted = latencies.sort((a, b) => a - b);
      const row = {
        workload: w.name,
        nodes,
        throughput: (cfg.n / wallMs) * 1000,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
      };
      rows.push(row);
      log(
        `${nodes} node(s) ${w.name}: ${row.throughput.toFixed(0)} inv/s, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms`,
      );
    }
  } finally {
    await env.stop();
  }
  return { rows, startMs };
}

/**
 * Counter adds through the fail-over client (every request with a generated idempotency key)
 * while node 2 is SIGKILLed at 1/5 of the phase and restarted at 1/2. Returns the completion
 * times and the longest gap between consecutive completions after the kill.
 */
async function measureKill() {
  const env = await startRestate({ endpoint: ep(), nodes: 3, replication: 2 });
  const rs = connect({
    url: env.nodes.map((n) => n.ingressUrl),
    retry: { idempotent: true, attempts: 60, maxDelayMs: 1000 },
  });
  const done = [];
  const failures = [];
  let adds = 0;
  let running = true;
  const t0 = performance.now();
  const lane = async (lane) => {
    for (let i = 0; running; i++) {
      try {
        await rs.objectClient(counter, `gap-${(lane + i) % KEYS}`).add(1);
        adds++;
        done.push(performance.now() - t0);
      } catch (error) {
        failures.push(String(error?.message ?? error));
      }
    }
  };
  const lanes = Array.from({ length: cfg.concurrency }, (_, i) => lane(i));
  const at = (ms) => new Promise((resolve) => setTimeout(resolve, ms - (performance.now() - t0)));
  try {
    await at(cfg.killMs / 5);
    const killedAt = performance.now() - t0;
    await env.nodes[1].kill();
    log(`node-2 killed at ${(killedAt / 1000).toFixed(1)} s`);
    await at(cfg.killMs / 2);
    const restartAt = performance.now() - t0;
    await env.nodes[1].restart();
    const restartedAt = performance.now() - t0;
    log(`node-2 restarted ${(restartAt / 1000).toFixed(1)}–${(restartedAt / 1000).toFixed(1)} s`);
    await at(cfg.killMs);
    running = false;
    await Promise.all(lanes);
    // Every completed add is in the counters: the retries created no duplicates.
    let total = 0;
    for (let k = 0; k < KEYS; k++) {
      const value = await env.stateOf(counter, `gap-${k}`).get("count");
      total += value ?? 0;
    }
    const gap = (from, to) => {
      const times = done.filter((t) => t >= from && t <= to);
      let longest = 0;
      let prev = from;
      for (const t of times) {
        longest = Math.max(longest, t - prev);
        prev = t;
      }
      return Math.max(longest, to - prev);
    };
    const end = performance.now() - t0;
    return {
      killedAt,
      restartAt,
      restartedAt,
      end,
      adds,
      total,
      failures,
      gapBefore: gap(1000, killedAt),
      gapKilled: gap(killedAt, restartAt),
      gapRestart: gap(restartAt, end),
      rateBefore: done.filter((t) => t < killedAt).length / (killedAt / 1000),
      rateDown:
        done.filter((t) => t >= killedAt && t < restartAt).length / ((restartAt - killedAt) / 1000),
    };
  } finally {
    running = false;
    await env.stop();
  }
}

function markdown(topologies, kill) {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average at the end ${loadavg()[0].toFixed(2)}`;
  const byKey = new Map(
    topologies.flatMap((t) => t.rows).map((r) => [`${r.workload}:${r.nodes}`, r]),
  );
  const lines = [
    "# Cluster benchmark",
    "",
    "`node bench/cluster.js` (after `pnpm run build`): restate-server 1.7.12 from npm, one node vs",
    "a 3-node cluster with replication 2 on loopback (started by `startRestate`, small-machine",
    "defaults: 4 partitions, 128 MiB RocksDB per cluster node), in the same run. The Resolute",
    "endpoint runs in the benchmark process; load is closed-loop HTTP/1.1 keep-alive with",
    `${cfg.concurrency} requests in flight, spread round-robin over every node's ingress;`,
    `${cfg.n} measured invocations per workload after a warm-up of ${Math.ceil(cfg.n / 5)}.`,
    "All nodes and the endpoint share the same machine, so the cluster pays for replication",
    "(every log record written on two nodes, Raft metadata) without gaining CPUs: the numbers",
    "show its cost, not the scaling of a cluster on separate machines.",
    "",
    `Machine: ${machine}.`,
    "Other work shared the machine during a run (see the load average): absolute numbers are",
    "noisy; the 1-node and 3-node rows come from the same run.",
    "",
    "| workload | 1 node inv/s | 3 nodes inv/s | ratio | 1 node p50 / p99 (ms) | 3 nodes p50 / p99 (ms) |",
    "| -------- | -----------: | ------------: | ----: | --------------------: | ---------------------: |",
  ];
  for (const w of WORKLOADS) {
    const one = byKey.get(`${w.name}:1`);
    const three = byKey.get(`${w.name}:3`);
    lines.push(
      `| ${w.name} | ${one.throughput.toFixed(0)} | ${three.throughput.toFixed(0)} | ${(three.throughput / one.throughput).toFixed(2)}× | ${one.p50.toFixed(1)} / ${one.p99.toFixed(1)} | ${three.p50.toFixed(1)} / ${three.p99.toFixed(1)} |`,
    );
  }
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  lines.push(
    "",
    `Start-up until the endpoint is registered and routed on every node: 1 node ${s(topologies[0].startMs)}, 3 nodes ${s(topologies[1].startMs)}.`,
    "",
    "## A node killed under load",
    "",
    `Counter adds (${KEYS} keys) through \`connect({ url: [3 ingress URLs], retry: { idempotent: true } })\``,
    `with ${cfg.concurrency} in flight for ${s(kill.end)}; node 2 SIGKILLed at ${s(kill.killedAt)},`,
    `restarted at ${s(kill.restartAt)} (ready at ${s(kill.restartedAt)}).`,
    "",
    "| phase | longest gap without a completed invocation | completed inv/s |",
    "| ----- | -----------------------------------------: | --------------: |",
    `| before the kill (from 1 s) | ${kill.gapBefore.toFixed(0)} ms | ${kill.rateBefore.toFixed(0)} |`,
    `| node 2 down | ${kill.gapKilled.toFixed(0)} ms | ${kill.rateDown.toFixed(0)} |`,
    `| after the restart began | ${kill.gapRestart.toFixed(0)} ms | — |`,
    "",
    "A gap is the time between two consecutive completions over all lanes. Requests cut off by",
    "the kill are repeated on another node with their idempotency key; the restarted node is",
    "given requests again as soon as its ingress accepts connections.",
    "",
    `${kill.adds} adds completed, counters total ${kill.total} (${kill.adds === kill.total ? "equal: no duplicate invocation" : "DIFFERENT"}); ${kill.failures.length} requests failed after all retries${kill.failures.length ? ` (first: ${kill.failures[0]})` : ""}.`,
    "",
  );
  return lines.join("\n");
}

const one = await measureTopology(1);
const three = await measureTopology(3);
const kill = await measureKill();
log(
  `kill: longest gap ${kill.gapKilled.toFixed(0)} ms while down, ${kill.gapRestart.toFixed(0)} ms after restart; adds ${kill.adds}, total ${kill.total}, failures ${kill.failures.length}`,
);
const md = markdown([one, three], kill);
writeFileSync(cfg.out, md);
console.log(md);
