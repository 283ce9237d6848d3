// Real-server benchmark: restate-server 1.7.12 (from npm, started by @resolute/testing), one
// per SDK, each with its endpoint process serving the same handlers (services.js). For every
// round, workload and SDK (order alternating per round) a fresh endpoint process is started on
// the registered port, warmed up, measured (CPU from its own process.cpuUsage(), peak RSS from
// its resourceUsage()), and stopped. The load generator runs in this process.
import { startRestate } from "@resolute/testing";
import { freePort, median } from "../common.js";
import { registeredAs, startEndpoint } from "./endpoint-process.js";
import { closedLoop, percentile } from "./loadgen.js";
import { scaled, WORKLOADS } from "./workloads.js";

const SDKS = ["resolute", "official"];
// The journal rows also measure a floor: Resolute's process and HTTP/2 answering `Steps/run`
// with a few lines and no SDK engine (endpoint-step-floor.js), on Resolute's server and port.
// What a step costs on this transport before any SDK work.
const subjectsOf = (w) => (w.warmupSteps ? [...SDKS, "floor"] : SDKS);

export async function runReal({ rounds, quick, only, log }) {
  const factor = quick ? 0.1 : 1;
  const workloads = WORKLOADS.filter((w) => !only || only.includes(w.name)).map((w) =>
    scaled(w, factor),
  );
  const envs = {};
  const ports = {};
  try {
    for (const sdk of SDKS) {
      ports[sdk] = await freePort();
      const ep = await startEndpoint(sdk, ports[sdk]);
      try {
        envs[sdk] = await startRestate({ endpointUrl: `http://127.0.0.1:${ports[sdk]}` });
      } finally {
        await ep.stop();
      }
      log(`real: restate-server for ${sdk} at ${envs[sdk].ingressUrl}`);
    }
    const samples = []; // { workload, sdk, round, ... }
    for (let round = 0; round < rounds; round++) {
      for (const w of workloads) {
        const subjects = subjectsOf(w);
        for (const sdk of round % 2 ? [...subjects].reverse() : subjects) {
          const on = registeredAs(sdk);
          const s = await measureOne(w, sdk, ports[on], envs[on].ingressUrl);
          samples.push({ workload: w.name, sdk, round, ...s });
          log(
            `real round ${round + 1}/${rounds} ${w.name} ${sdk}: ${s.cpuPerUnitUs.toFixed(1)} µs CPU/${w.steps ? "step" : "inv"}, peak ${(s.maxRss / 1e6).toFixed(0)} MB, p99 ${s.p99.toFixed(1)} ms`,
          );
        }
      }
    }
    return { workloads, samples, rounds };
  } finally {
    for (const sdk of SDKS) await envs[sdk]?.stop();
  }
}

async function measureOne(w, sdk, port, base) {
  const ep = await startEndpoint(sdk, port);
  try {
    const idle = await ep.send("memory");
    // The first request after a restart also makes the server reconnect: part of the warm-up.
    await ep.send("mark");
    await closedLoop({
      base,
      count: w.warmup,
      concurrency: w.concurrency,
      next: w.warmupNext ?? w.next,
    });
    const warm = await ep.send("measure");
    await ep.send("mark");
    const { latencies, wallMs } = await closedLoop({
      base,
      count: w.count,
      concurrency: w.concurrency,
      next: w.next,
    });
    const m = await ep.send("measure");
    const cpuUs = m.cpuUserUs + m.cpuSystemUs;
    const units = w.steps ? w.count * w.steps : w.count;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      cpuPerUnitUs: cpuUs / units,
      // A fresh process's warm-up, per step (journal workloads only): what the JIT costs.
      warmupPerStepUs: w.warmupSteps
        ? (warm.cpuUserUs + warm.cpuSystemUs) / (w.warmup * w.warmupSteps)
        : undefined,
      userPerUnitUs: m.cpuUserUs / units,
      throughput: (w.count / wallMs) * 1000,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      idleRss: idle.rss,
      maxRss: m.maxRss,
    };
  } finally {
    await ep.stop();
  }
}

// ---------------------------------------------------------------- markdown
const f = (x, d = 1) => (x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(d));
const r = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : "n/a");

export function realMarkdown({ workloads, samples, rounds }) {
  const med = (w, sdk, key) =>
    median(samples.filter((s) => s.workload === w && s.sdk === sdk).map((s) => s[key]));
  const lines = [];
  lines.push(
    "| Workload | CPU Resolute (µs) | CPU official (µs) | CPU ratio | peak RSS R / O (MB) | RSS ratio | p50 R / O (ms) | p99 R / O (ms) | p99 ratio | throughput R / O (/s) | throughput ratio |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  );
  for (const w of workloads) {
    const g = (sdk, k) => med(w.name, sdk, k);
    const unit = w.steps ? "per step" : "per inv.";
    lines.push(
      `| ${w.name} (${unit}) | ${f(g("resolute", "cpuPerUnitUs"))} | ${f(g("official", "cpuPerUnitUs"))} | ${r(g("resolute", "cpuPerUnitUs"), g("official", "cpuPerUnitUs"))} | ${f(g("resolute", "maxRss") / 1e6, 0)} / ${f(g("official", "maxRss") / 1e6, 0)} | ${r(g("resolute", "maxRss"), g("official", "maxRss"))} | ${f(g("resolute", "p50"), 1)} / ${f(g("official", "p50"), 1)} | ${f(g("resolute", "p99"), 1)} / ${f(g("official", "p99"), 1)} | ${r(g("resolute", "p99"), g("official", "p99"))} | ${f(g("resolute", "throughput"), 0)} / ${f(g("official", "throughput"), 0)} | ${r(g("resolute", "throughput"), g("official", "throughput"))} |`,
    );
  }
  const idle = (sdk) => median(samples.filter((s) => s.sdk === sdk).map((s) => s.idleRss));
  const starts = samples.filter((s) => s.sdk === "resolute").length;
  // Issue 14's targets, checked against this run's medians.
  const ratioOf = (w, k) => med(w, "resolute", k) / med(w, "official", k);
  const worst = (k, pick) =>
    workloads
      .map((w) => ({ w: w.name, r: ratioOf(w.name, k) }))
      .reduce((a, b) => (pick(b.r, a.r) ? b : a));
  const check = (ok) => (ok ? "met" : "**not met**");
  const cpuWorst = worst("cpuPerUnitUs", (b, a) => b > a);
  const rssWorst = worst("maxRss", (b, a) => b > a);
  const p99Worst = worst("p99", (b, a) => b > a);
  const idleRatio = idle("resolute") / idle("official");
  const noop = workloads.some((w) => w.name === "noop")
    ? ratioOf("noop", "throughput")
    : Number.NaN;
  const targets = [
    `- endpoint CPU ≤ 0.4× on every workload: worst ${cpuWorst.w} ${cpuWorst.r.toFixed(2)}×, ${check(cpuWorst.r <= 0.4)}`,
    `- peak RSS ≤ 0.5×: worst ${rssWorst.w} ${rssWorst.r.toFixed(2)}×, ${check(rssWorst.r <= 0.5)}`,
    `- idle RSS ≤ 0.8×: ${idleRatio.toFixed(2)}×, ${check(idleRatio <= 0.8)}`,
    `- p99 latency ≤ 0.9×: worst ${p99Worst.w} ${p99Worst.r.toFixed(2)}×, ${check(p99Worst.r <= 0.9)}`,
    `- throughput ≥ 1.15× on noop: ${noop.toFixed(2)}×, ${check(noop >= 1.15)}`,
  ];
  lines.push(
    "",
    `Idle RSS (fresh endpoint process, serving, before its first invocation; median of ${starts} starts): Resolute ${f(idle("resolute") / 1e6)} MB, official ${f(idle("official") / 1e6)} MB, ratio ${r(idle("resolute"), idle("official"))}.`,
    "",
    "Issue 14's targets against this run:",
    "",
    ...targets,
    "",
    `Each cell is the median of ${rounds} round(s). CPU per round (Resolute / official, µs):`,
    "",
  );
  for (const w of workloads) {
    const per = (sdk) =>
      samples
        .filter((s) => s.workload === w.name && s.sdk === sdk)
        .map((s) => f(s.cpuPerUnitUs))
        .join(", ");
    lines.push(`- ${w.name}: ${per("resolute")} / ${per("official")}`);
  }
  const journals = workloads.filter((w) => w.warmupSteps);
  if (journals.length) {
    const warmMed = (sdk) =>
      median(
        samples
          .filter((s) => s.sdk === sdk && s.warmupPerStepUs !== undefined)
          .map((s) => s.warmupPerStepUs),
      );
    const w0 = journals[0];
    lines.push(
      "",
      `A fresh process, before the JIT has compiled its hot code: CPU per step over the warm-up of the journal rows (${w0.warmup} invocations of ${w0.warmupSteps} steps, median over ${journals.length} workloads × ${rounds} rounds): Resolute ${f(warmMed("resolute"))} µs, official ${f(warmMed("official"))} µs, ratio ${r(warmMed("resolute"), warmMed("official"))}. Informational: the table above and the targets are measured after it.`,
    );
    lines.push(
      "",
      "The floor for the journal rows: the same process and HTTP/2 code as Resolute's endpoint, with `Steps/run` answered by a few lines that write each step's two messages when the server's notification arrives, and no SDK engine, context, promise or handler (bench/lib/real/endpoint-step-floor.js). It is what a step costs an endpoint that only reads and writes the step's bytes over this transport: the socket read and write, the kernel's loopback TCP, the wake-up from `epoll_wait` and Node's stream callbacks. An SDK's own cost per step is what it spends above it.",
      "",
    );
    for (const w of journals) {
      const g = (sdk) => med(w.name, sdk, "cpuPerUnitUs");
      const perRound = samples
        .filter((s) => s.workload === w.name && s.sdk === "floor")
        .map((s) => f(s.cpuPerUnitUs))
        .join(", ");
      lines.push(
        `- ${w.name}: floor ${f(g("floor"))} µs per step (rounds ${perRound}), floor ÷ official ${r(g("floor"), g("official"))}; Resolute ÷ floor ${r(g("resolute"), g("floor"))}`,
      );
    }
  }
  lines.push("", "Workloads:", "");
  for (const w of workloads) {
    lines.push(
      `- **${w.name}**: ${w.what}; ${w.warmup} warm-up${w.warmupSteps ? ` (of ${w.warmupSteps} steps)` : ""}, ${w.count} measured, ${w.concurrency} in flight.`,
    );
  }
  return lines.join("\n");
}
