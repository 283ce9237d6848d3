#!/usr/bin/env node
// Allocation probe (not part of `pnpm bench`): JS heap bytes allocated per invocation by the
// endpoint handler, in process, driven by the scripted server of lib/engine-server.js (whose
// own frames are counted too: compare A/B, not absolute values). Garbage that lives across a
// scavenge is what grows V8's young generation under load, so fewer bytes per invocation is
// less memory at peak.
//   node bench/alloc-probe.js [--shapes noop,steps,...]
// Re-runs itself with a young generation large enough that no scavenge falls inside a measured
// batch, so the growth of the heap in use is the bytes allocated.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { invokeInProcess } from "./lib/engine-server.js";
import { SHAPES as ENGINE_SHAPES } from "./lib/engine-shapes.js";
import { defineServices } from "./lib/real/services.js";

const FLAGS = ["--max-semi-space-size=64", "--min-semi-space-size=64", "--expose-gc"];
if (typeof globalThis.gc !== "function") {
  execFileSync(
    process.execPath,
    [...FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: "inherit",
    },
  );
  process.exit(0);
}

const argv = process.argv.slice(2);
const si = argv.indexOf("--shapes");
const only = si >= 0 ? argv[si + 1].split(",") : undefined;
// The engine benchmark's shapes, of the long journals only journal-100 (bytes per step do not
// depend on the journal's length).
const SHAPES = ENGINE_SHAPES.filter((s) => !s.steps || s.steps === 100);

// PROBE_CORE: a path to another build of @resolute/core's index.js, for A/B comparisons.
const core = await import(
  process.env.PROBE_CORE ? resolve(process.env.PROBE_CORE) : "@resolute/core"
);
let ep = core.endpoint();
for (const def of defineServices(core)) ep = ep.bind(def);
const handler = ep.handler();

const batch = async (s, n, from) => {
  const all = [];
  for (let i = 0; i < n; i++) all.push(invokeInProcess(handler, s.call(from + i)));
  await Promise.all(all);
};
// --sites N: where the bytes are allocated (sampling heap profiler, garbage included).
const sites = argv.includes("--sites") ? Number(argv[argv.indexOf("--sites") + 1]) : 0;
let session;
const post = (method, params) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
  );
function printSites(profile) {
  const bySite = new Map();
  let total = 0;
  const walk = (node, parent) => {
    const f = node.callFrame;
    const here = `${f.functionName || "(anon)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
    if (node.selfSize > 0) {
      const key = `${here}  <- ${parent}`;
      bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const c of node.children) walk(c, here);
  };
  walk(profile.head, "");
  for (const [k, v] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, sites))
    console.log(`  ${((100 * v) / total).toFixed(1).padStart(5)}% ${k}`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

for (const s of SHAPES.filter((x) => !only || only.includes(x.name))) {
  const n = s.steps ? 2 : 32; // in flight, as in the real workloads
  for (let w = 0; w < 2000 / n; w++) await batch(s, n, w * n);
  const per = [];
  for (let r = 0; r < 40; r++) {
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    await batch(s, n, r * n);
    const after = process.memoryUsage().heapUsed;
    if (after > before) per.push((after - before) / n / (s.steps ?? 1));
  }
  if (sites) {
    if (!session) {
      const { Session } = await import("node:inspector");
      session = new Session();
      session.connect();
    }
    await post("HeapProfiler.startSampling", {
      samplingInterval: 512,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    for (let r = 0; r < 20; r++) await batch(s, n, r * n);
    printSites((await post("HeapProfiler.stopSampling")).profile);
  }
  console.log(
    `${s.name}: ${(median(per) / 1024).toFixed(2)} KiB allocated per ${s.steps ? "step" : "invocation"} (min ${(Math.min(...per) / 1024).toFixed(2)}, max ${(Math.max(...per) / 1024).toFixed(2)}, ${per.length} batches)`,
  );
}
