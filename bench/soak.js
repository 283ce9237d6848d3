#!/usr/bin/env node
// Memory soak (issue 9): does the Resolute endpoint's memory return to where it started?
//   1. 10,000 invocations suspended at once: each sleeps 30 s; the server closes each stream
//      after 1 s of inactivity, so all of them suspend, then resume by replay when the timer fires.
//   2. 100,000 short invocations (closed loop, 64 in flight).
//   3. One invocation of 10,000 ctx.run steps.
//   4. Phase 1 again: memory kept by the allocator after the first peak is reused, a leak grows.
// The endpoint's RSS and heap are sampled before, during (every 250 ms, the peak kept) and after
// each phase, "after" following a forced GC (node --expose-gc). Passes when RSS after the last
// phase is within 10% of the baseline. `--quick` (or BENCH_QUICK=1) divides the counts by 10.
// Prints markdown (stdout) and, with --write, replaces the soak section of bench/results.md.
import { readFileSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startRestate } from "@resolute/testing";
import { freePort } from "./lib/common.js";
import { startEndpoint } from "./lib/real/endpoint-process.js";
import { closedLoop, post } from "./lib/real/loadgen.js";

const BENCH = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes("--quick") || process.env.BENCH_QUICK === "1";
const scale = quick ? 10 : 1;
const SUSPENDED = 10_000 / scale;
const SHORT = 100_000 / scale;
const STEPS = 10_000 / scale;
const NAP_MS = quick ? 10_000 : 30_000;
const started = performance.now();
const log = (...a) =>
  console.error(`[soak ${((performance.now() - started) / 1000).toFixed(1)}s]`, ...a);

const port = await freePort();
const ep = await startEndpoint("resolute", port, {
  script: join(BENCH, "lib", "soak-endpoint.js"),
  nodeArgs: ["--expose-gc"],
});
const env = await startRestate({ endpointUrl: `http://127.0.0.1:${port}` });
const rows = [];
const mem = (gc) => ep.send("memory", { gc });
const record = (phase, when, m) => {
  rows.push({
    phase,
    when,
    rss: m.rss,
    heap: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
  });
  log(
    `${phase} ${when}: rss ${(m.rss / 1e6).toFixed(1)} MB, heap ${(m.heapUsed / 1e6).toFixed(1)} MB`,
  );
};
/** Runs `work` while sampling memory; records the peak sample as "during". */
async function phase(name, work) {
  let peak = await mem(false);
  const timer = setInterval(async () => {
    const m = await mem(false);
    if (m.rss > peak.rss) peak = m;
  }, 250);
  const t0 = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  record(name, "during (peak)", peak);
  record(name, "after, forced GC", await mem(true));
  return seconds;
}
async function until(pred, what, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const m = await mem(false);
    if (pred(m.done)) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let result;
let repeatGrowth;
try {
  record("start", "fresh process, forced GC", await mem(true));
  // Warm-up: every phase at a small scale, so code is compiled and V8's young generation, the
  // socket pools and the allocator arenas have grown to their working size; the baseline is that
  // steady state, and the full phases then show whether memory grows with volume.
  await closedLoop({
    base: env.ingressUrl,
    count: 300,
    concurrency: 64,
    next: () => ({ path: "/Sleeper/nap/send", value: 1500 }),
  });
  await closedLoop({
    base: env.ingressUrl,
    count: 3000,
    concurrency: 64,
    next: (i) => ({ path: "/Noop/call", value: i }),
  });
  await post(new Agent(), env.ingressUrl, "/Steps/run", 500);
  await until((d) => d.naps >= 300, "the warm-up sleepers", 120_000);
  const baseline = await mem(true);
  record(
    "baseline",
    "after a warm-up (300 suspended, 3,000 short, 500 steps), forced GC",
    baseline,
  );

  const timings = {};
  const suspendAll = async () => {
    const naps = (await mem(false)).done.naps;
    // One-way sends through the ingress: each invocation starts, sleeps, and suspends.
    await closedLoop({
      base: env.ingressUrl,
      count: SUSPENDED,
      concurrency: 64,
      next: () => ({ path: "/Sleeper/nap/send", value: NAP_MS }),
    });
    log(`all ${SUSPENDED} sent; waiting for them to wake and finish`);
    await until((d) => d.naps >= naps + SUSPENDED, "the sleepers", NAP_MS + 180_000);
  };
  timings.suspended = await phase(`${SUSPENDED.toLocaleString("en")} suspended`, suspendAll);
  timings.short = await phase(`${SHORT.toLocaleString("en")} short`, () =>
    closedLoop({
      base: env.ingressUrl,
      count: SHORT,
      concurrency: 64,
      next: (i) => ({ path: "/Noop/call", value: i }),
    }),
  );
  timings.steps = await phase(`1 × ${STEPS.toLocaleString("en")} steps`, () =>
    post(new Agent(), env.ingressUrl, "/Steps/run", STEPS),
  );
  // The suspension peak again: memory the allocator kept after the first peak is reused, so a
  // leak shows as growth here, the allocator's high-water mark does not.
  const firstPeakAfter = rows.at(-1);
  timings.again = await phase(`${SUSPENDED.toLocaleString("en")} suspended, again`, suspendAll);
  const end = rows.at(-1);
  repeatGrowth = end.rss / firstPeakAfter.rss - 1;
  const growth = end.rss / baseline.rss - 1;
  result = { baseline, end, growth, timings, pass: growth <= 0.1 };
  log(`RSS ${(growth * 100).toFixed(1)}% vs baseline: ${result.pass ? "PASS" : "FAIL"}`);
} finally {
  await ep.stop();
  await env.stop();
}

const mb = (b) => (b / 1e6).toFixed(1);
const md = [
  "## Memory soak (bench/soak.js)",
  "",
  `Generated by \`node bench/soak.js${quick ? " --quick" : ""}\` on ${new Date().toISOString()}: one Resolute endpoint (\`serve()\` from @resolute/fastify, \`node --expose-gc\`) behind restate-server 1.7.12. Phases: ${SUSPENDED.toLocaleString("en")} invocations sent at once that each sleep ${NAP_MS / 1000} s (the service's 1 s inactivity timeout makes the server close every stream, so all suspend, then resume by replay); ${SHORT.toLocaleString("en")} short invocations (64 in flight); one invocation of ${STEPS.toLocaleString("en")} \`ctx.run\` steps. "During" is the highest RSS sampled every 250 ms; "after" follows a forced GC.`,
  "",
  "| phase | when | RSS (MB) | heap used (MB) | heap committed (MB) | external (MB) |",
  "| --- | --- | ---: | ---: | ---: | ---: |",
  ...rows.map(
    (r) =>
      `| ${r.phase} | ${r.when} | ${mb(r.rss)} | ${mb(r.heap)} | ${mb(r.heapTotal)} | ${mb(r.external)} |`,
  ),
  "",
  `RSS after the last phase: ${mb(result.end.rss)} MB vs ${mb(result.baseline.rss)} MB at the baseline (${(result.growth * 100).toFixed(1)}%; heap ${mb(result.end.heap)} vs ${mb(result.baseline.heapUsed)} MB): **${result.pass ? "within" : "NOT within"} 10%**. Phase times: ${Object.entries(
    result.timings,
  )
    .map(([k, s]) => `${k} ${s.toFixed(0)} s`)
    .join(
      ", ",
    )}. RSS after the repeated suspension phase vs after the steps phase: ${(repeatGrowth * 100).toFixed(1)}% (growth there would mean a leak; a flat figure means memory the allocator kept from the first peak, reused).`,
  "",
].join("\n");
console.log(md);
if (argv.includes("--write")) {
  const file = join(BENCH, "results.md");
  const old = readFileSync(file, "utf8");
  const start = old.indexOf("## Memory soak");
  const rest = start < 0 ? "" : old.slice(start).replace(/^## Memory soak[\s\S]*?(?=\n## |$)/, "");
  const head = start < 0 ? `${old.trimEnd()}\n\n` : old.slice(0, start);
  writeFileSync(file, `${head}${md}${rest}`);
}
process.exit(result.pass ? 0 : 1);
