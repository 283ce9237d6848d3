#!/usr/bin/env node
// In-process engine benchmark: Resolute's endpoint handler driven through the transport seam by
// a scripted server (lib/engine-server.js): frames in, frames out, no network, no HTTP. The same
// shapes as the real-server workloads; CPU per invocation (or per step) from process.cpuUsage().
//   node bench/engine.js [--quick] [--shapes noop,counter,...] [--profile]
//   (--profile: node --cpu-prof on a re-run of this script, summarised into
//   bench/profile-engine.md by lib/profile.js)
// Needs built packages (`pnpm run build`).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as core from "@resolute/core";
import { invokeInProcess } from "./lib/engine-server.js";
import { SHAPES } from "./lib/engine-shapes.js";
import { summarizeProfile } from "./lib/profile.js";
import { defineServices } from "./lib/real/services.js";

const BENCH = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes("--quick") || process.env.BENCH_QUICK === "1";
const scale = quick ? 0.1 : 1;
const si = argv.indexOf("--shapes");
const only = si >= 0 ? argv[si + 1].split(",") : undefined;

async function measure(handler) {
  const rows = [];
  for (const s of SHAPES.filter((x) => !only || only.includes(x.name))) {
    const count = Math.max(1, Math.round(s.count * scale));
    const batch = s.steps ? 1 : 16; // invocations in flight
    const runOnce = async (n) => {
      let next = 0;
      const lane = async () => {
        while (next < n) {
          const i = next++;
          await invokeInProcess(handler, s.call(i));
        }
      };
      await Promise.all(Array.from({ length: Math.min(batch, n) }, lane));
    };
    await runOnce(Math.max(1, Math.round(count / 5))); // warm-up
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await runOnce(count);
    const cpu = process.cpuUsage(cpu0);
    const units = s.steps ? count * s.steps : count;
    rows.push({
      name: s.name,
      unit: s.steps ? "step" : "invocation",
      count,
      usPerUnit: (cpu.user + cpu.system) / units,
      wallUsPerUnit: ((performance.now() - t0) * 1000) / units,
    });
    console.error(
      `[engine] ${s.name}: ${rows.at(-1).usPerUnit.toFixed(1)} µs CPU per ${rows.at(-1).unit}`,
    );
  }
  return rows;
}

function table(rows) {
  return [
    "| shape | measured | CPU per unit (µs) | wall per unit (µs) |",
    "| --- | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.count} × | ${r.usPerUnit.toFixed(1)} per ${r.unit} | ${r.wallUsPerUnit.toFixed(1)} |`,
    ),
  ].join("\n");
}

let ep = core.endpoint();
for (const def of defineServices(core)) ep = ep.bind(def);
const handler = ep.handler();

if (argv.includes("--profile") && !process.env.BENCH_ENGINE_CHILD) {
  // Re-run this script under the profiler, then summarise its profile.
  const dir = mkdtempSync(join(tmpdir(), "resolute-engine-prof-"));
  execFileSync(
    process.execPath,
    [
      "--cpu-prof",
      "--cpu-prof-dir",
      dir,
      "--cpu-prof-interval",
      "100",
      fileURLToPath(import.meta.url),
      ...argv,
    ],
    { env: { ...process.env, BENCH_ENGINE_CHILD: "1" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8"));
  rmSync(dir, { recursive: true, force: true });
  const md = summarizeProfile(profile, {
    root: join(BENCH, ".."),
    top: 25,
    title: "CPU profile: the in-process engine benchmark (bench/engine.js --profile)",
  });
  writeFileSync(join(BENCH, "profile-engine.md"), md);
  console.log(md);
} else {
  const rows = await measure(handler);
  console.log(table(rows));
}
