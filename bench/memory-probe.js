#!/usr/bin/env node
// Memory probe (not part of `pnpm bench`): where one endpoint process's RSS is, idle and after a
// real-server workload, for either SDK.
//   node bench/memory-probe.js <sdks> <workload> [--rounds N] [--maps] [--snapshot MS]
//     [--alloc N | --survivors N]
// <sdks>: resolute, official, both, or a comma-separated list (paths to endpoint scripts too,
// e.g. bench/lib/real/endpoint-floor.js), alternating their order per round.
// <workload> is a name from lib/real/workloads.js (noop, steps, counter, chain, sleep,
// journal-100, journal-1000, journal-10000), run with its full counts like `pnpm bench` does, or
// "idle" (start only). Each round is a fresh endpoint.
// Prints peak RSS (resourceUsage().maxRSS), RSS now split into the node binary's code, other
// file pages, malloc's main heap, and other anonymous memory, next to V8's committed heap.
// --maps lists the largest resident mappings; --snapshot MS writes a heap snapshot of the
// endpoint MS ms into the measured phase, to the current directory; --alloc N prints the N
// largest allocation sites of the measured phase, --survivors N those of objects that outlived a
// scavenge. Env PROBE_NODE_ARGS adds node flags to the endpoint (e.g. "--trace-gc-nvp" with
// EP_STDOUT=1).
import { resolve } from "node:path";
import { startRestate } from "@resolute/testing";
import { freePort, median } from "./lib/common.js";
import { startEndpoint } from "./lib/real/endpoint-process.js";
import { closedLoop } from "./lib/real/loadgen.js";
import { WORKLOADS } from "./lib/real/workloads.js";

const argv = process.argv.slice(2);
const which = argv[0] ?? "resolute";
const name = argv[1] ?? "idle";
const rounds = argv.includes("--rounds") ? Number(argv[argv.indexOf("--rounds") + 1]) : 1;
const showMaps = argv.includes("--maps");
// --alloc N: sample the measured phase's allocations and print the N largest sites.
// --survivors N: the same, leaving out what scavenges collected (what lived across one).
const survivors = argv.includes("--survivors");
const allocTop = survivors
  ? Number(argv[argv.indexOf("--survivors") + 1])
  : argv.includes("--alloc")
    ? Number(argv[argv.indexOf("--alloc") + 1])
    : 0;
// --snapshot MS: a heap snapshot of the endpoint MS ms into the measured phase (in the cwd).
const snapshotAt = argv.includes("--snapshot")
  ? Number(argv[argv.indexOf("--snapshot") + 1])
  : undefined;
// A comma-separated list compares several, alternating their order per round; an entry that is
// a path to an endpoint script (containing "/") runs that script as a Resolute endpoint.
const sdks = which === "both" ? ["resolute", "official"] : which.split(",");
const scriptOf = (sdk) => (sdk.includes("/") ? resolve(sdk) : undefined);
const sdkOf = (sdk) => (sdk.includes("/") ? "resolute" : sdk);
const workload = WORKLOADS.find((w) => w.name === name);
if (name !== "idle" && !workload) throw new Error(`unknown workload ${name}`);
const nodeArgs = process.env.PROBE_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
const mib = (b) => (b / 1048576).toFixed(1);

/** Resident bytes by kind, from the endpoint's resident mappings. */
function split(mappings) {
  const kinds = { binaryCode: 0, binaryData: 0, files: 0, mallocHeap: 0, anon: 0, total: 0 };
  for (const m of mappings) {
    kinds.total += m.rss;
    if (m.path === "[heap]") kinds.mallocHeap += m.rss;
    else if (m.path.endsWith("/node") || m.path.endsWith("/nodejs"))
      kinds[m.perms.includes("x") ? "binaryCode" : "binaryData"] += m.rss - m.anon;
    else if (m.path.startsWith("/")) kinds.files += m.rss - m.anon;
    if (m.path !== "[heap]") kinds.anon += m.anon;
  }
  return kinds;
}

/** The allocation sites (self bytes by function and place) of a sampled heap profile. */
function printAllocations(profile, top) {
  const sites = new Map();
  let total = 0;
  const walk = (node, parent) => {
    const f = node.callFrame;
    const here = `${f.functionName || "(anon)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
    const self = node.selfSize;
    if (self > 0) {
      const key = `${here}  <- ${parent}`;
      sites.set(key, (sites.get(key) ?? 0) + self);
      total += self;
    }
    for (const c of node.children) walk(c, here);
  };
  walk(profile.head, "");
  console.log(`sampled allocations ${mib(total)} MiB`);
  for (const [k, v] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${((100 * v) / total).toFixed(1).padStart(5)}% ${k}`);
}

const envs = {};
const ports = {};
const results = Object.fromEntries(sdks.map((s) => [s, []]));
try {
  if (workload)
    for (const sdk of sdks) {
      ports[sdk] = await freePort();
      const ep = await startEndpoint(sdkOf(sdk), ports[sdk], { script: scriptOf(sdk) });
      try {
        envs[sdk] = await startRestate({ endpointUrl: `http://127.0.0.1:${ports[sdk]}` });
      } finally {
        await ep.stop();
      }
    }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...sdks].reverse() : sdks;
    for (const sdk of order) {
      const ep = await startEndpoint(sdkOf(sdk), ports[sdk] ?? (await freePort()), {
        nodeArgs,
        script: scriptOf(sdk),
      });
      try {
        if (workload) {
          const base = envs[sdk].ingressUrl;
          const { warmup, concurrency } = workload;
          await closedLoop({
            base,
            count: warmup,
            concurrency,
            next: workload.warmupNext ?? workload.next,
          });
          if (allocTop) await ep.send("allocStart", { survivors });
          const measured = closedLoop({
            base,
            count: workload.count,
            concurrency,
            next: workload.next,
          });
          if (snapshotAt !== undefined) {
            await new Promise((r) => setTimeout(r, snapshotAt));
            const file = `${process.cwd()}/${sdkOf(sdk)}-${name}-${round}.heapsnapshot`;
            console.log(`snapshot ${(await ep.send("snapshot", { file })).file}`);
          }
          await measured;
          if (allocTop) printAllocations((await ep.send("allocStop")).profile, allocTop);
        } else if (snapshotAt !== undefined) {
          const file = `${process.cwd()}/${sdkOf(sdk)}-${name}-${round}.heapsnapshot`;
          console.log(`snapshot ${(await ep.send("snapshot", { file })).file}`);
        }
        const m = await ep.send("measure");
        const { mappings } = await ep.send("smaps");
        const k = mappings ? split(mappings) : null;
        const heap = Object.values(m.spaces).reduce((a, b) => a + b, 0);
        results[sdk].push({ peak: m.maxRss, now: m.rss });
        console.log(
          `${sdk} ${name}: peak ${mib(m.maxRss)} MiB, now ${mib(m.rss)}` +
            (k
              ? ` = node code ${mib(k.binaryCode)} + node data ${mib(k.binaryData)} + files ${mib(k.files)} + malloc heap ${mib(k.mallocHeap)} + anon ${mib(k.anon)}`
              : "") +
            `; V8 committed ${mib(heap)} (new ${mib(m.spaces.new_space)}, old ${mib(m.spaces.old_space)}, code ${mib(m.spaces.code_space)}, large ${mib(m.spaces.large_object_space + m.spaces.new_large_object_space)})`,
        );
        if (showMaps && mappings)
          for (const r of mappings.sort((a, b) => b.rss - a.rss).slice(0, 16))
            console.log(
              `  ${mib(r.rss).padStart(6)} MiB (anon ${mib(r.anon)}) of ${mib(r.size).padStart(7)} ${r.perms} ${r.start} ${r.path}`,
            );
      } finally {
        await ep.stop();
      }
    }
  }
} finally {
  for (const sdk of sdks) await envs[sdk]?.stop();
}
if (rounds > 1)
  for (const sdk of sdks) {
    const peaks = results[sdk].map((r) => r.peak);
    console.log(
      `${sdk} ${name}: peak median ${mib(median(peaks))} MiB (min ${mib(Math.min(...peaks))}, max ${mib(Math.max(...peaks))}, ${peaks.length} rounds)`,
    );
  }
