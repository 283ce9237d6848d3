#!/usr/bin/env node
// `pnpm bench`: measures Resolute against the official Restate TypeScript SDK
// (@restatedev/restate-sdk 1.17.2) in the same run and prints/writes a markdown table of ratios.
// Methodology: bench/README.md. Options:
//   --quick          fewer invocations and runs (a smoke test, numbers are noisy); also BENCH_QUICK=1
//   --n N            measured invocations per CPU run (default 20000)
//   --warmup N       warm-up invocations (default 2000)
//   --concurrency N  invocations in flight on the one HTTP/2 connection (default 16)
//   --runs N         spawns per startup / import measurement (default 10)
//   --rounds N       CPU runs per SDK and mode, fresh processes each, median reported (default 2)
//   --skip-size      do not measure installed size (it needs the npm registry or cache)
//   --no-build       do not run tsc -b on packages/core and packages/fastify first
//   --profile        also profile Resolute's endpoint (node --cpu-prof) and write bench/profile-driver.md
//   --real-rounds N  rounds of the real-server workloads (default 3; quick: 1)
//   --workloads LIST only these real-server workloads (noop,steps,counter,chain,sleep,journal-100,...)
//   --only LIST      run only these parts, comma-separated: real,cpu,startup,import,size,profile
//                    (results.md is then left alone unless --out is given)
//   --out FILE       where to write the markdown (default bench/results.md)
import { execFileSync, fork, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { connect } from "node:http2";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, MANIFEST_ACCEPT, median } from "./lib/common.js";
import { summarizeProfile } from "./lib/profile.js";
import { realMarkdown, runReal } from "./lib/real/run-real.js";
import { measureSizes } from "./lib/size.js";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, "..");
const LIB = join(BENCH, "lib");
const POLYFILL = join(LIB, "polyfill-with-resolvers.js");

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const quick = flag("--quick") || process.env.BENCH_QUICK === "1";
const cfg = {
  n: Number(opt("--n", quick ? 3000 : 20000)),
  warmup: Number(opt("--warmup", quick ? 500 : 2000)),
  concurrency: Number(opt("--concurrency", 16)),
  runs: Number(opt("--runs", quick ? 3 : 10)),
  rounds: Number(opt("--rounds", quick ? 1 : 2)),
  realRounds: Number(opt("--real-rounds", quick ? 1 : 3)),
  build: !flag("--no-build"),
  out: opt("--out", flag("--only") ? undefined : join(BENCH, "results.md")),
};
const parts = new Set(
  flag("--only")
    ? opt("--only", "").split(",")
    : [
        "real",
        "cpu",
        "startup",
        "import",
        ...(flag("--skip-size") ? [] : ["size"]),
        ...(flag("--profile") ? ["profile"] : []),
      ],
);
const started = performance.now();
const log = (...a) =>
  console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s]`, ...a);

// ---------------------------------------------------------------- build
function build(notes) {
  const tsc = join(ROOT, "node_modules", ".bin", "tsc");
  log("building packages/core");
  execFileSync(tsc, ["-b", "packages/core"], { cwd: ROOT, stdio: "inherit" });
  // The real-server part needs the testing harness (and the client it depends on) too.
  for (const pkg of ["fastify", "client", "testing"]) {
    if (!hasSources(join(ROOT, `packages/${pkg}/src`))) continue;
    log(`building packages/${pkg}`);
    try {
      execFileSync(tsc, ["-b", `packages/${pkg}`], { cwd: ROOT, stdio: "inherit" });
    } catch {
      notes.push(`\`tsc -b packages/${pkg}\` failed: its dist, if any, may be stale.`);
    }
  }
  // @resolute/core's "." export is the esbuild bundle made from tsc's output.
  try {
    execFileSync(process.execPath, ["scripts/bundle.mjs"], { cwd: ROOT, stdio: "inherit" });
  } catch {
    notes.push("`node scripts/bundle.mjs` failed: @resolute/core's bundle may be stale.");
  }
}
function hasSources(dir) {
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(".ts"));
}

// ---------------------------------------------------------------- SDK variants
/** How to start each SDK's endpoint process. */
const SDKS = {
  resolute: { label: "Resolute", script: "endpoint-resolute.js", nodeArgs: [], env: {} },
  resoluteSeam: {
    label: "Resolute (core + bare node:http2 seam)",
    script: "endpoint-resolute.js",
    nodeArgs: [],
    env: { BENCH_ADAPTER: "seam" },
  },
  official: {
    label: "Official",
    script: "endpoint-official.js",
    nodeArgs: ["--import", POLYFILL],
    env: {},
  },
  officialQuiet: {
    label: "Official (RESTATE_LOGGING=WARN)",
    script: "endpoint-official.js",
    nodeArgs: ["--import", POLYFILL],
    env: { RESTATE_LOGGING: "WARN" },
  },
};

function rpc(child) {
  let id = 0;
  const waiting = new Map();
  child.on("message", (m) => {
    if (m && waiting.has(m.id)) {
      waiting.get(m.id)(m);
      waiting.delete(m.id);
    }
  });
  return (cmd) =>
    new Promise((resolve) => {
      const my = ++id;
      waiting.set(my, resolve);
      child.send({ cmd, id: my });
    });
}

function nextMessage(child, pred, what, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const onMsg = (m) => {
      if (m?.phase === "error") {
        cleanup();
        reject(new Error(`${what}: ${m.error}`));
      } else if (pred(m)) {
        cleanup();
        resolve(m);
      }
    };
    const onExit = (code, sig) => {
      cleanup();
      reject(new Error(`${what}: process exited (${code ?? sig})`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMsg);
      child.off("exit", onExit);
    };
    child.on("message", onMsg);
    child.on("exit", onExit);
  });
}

function exited(child) {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r();
    else child.once("exit", () => r());
  });
}

async function startEndpoint(sdk, port, extraNodeArgs = []) {
  const s = SDKS[sdk];
  const child = fork(join(LIB, s.script), [], {
    cwd: BENCH,
    execArgv: [...s.nodeArgs, ...extraNodeArgs],
    env: { ...process.env, ...s.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr.on("data", (c) => {
    stderr += c;
  });
  try {
    const ready = await nextMessage(child, (m) => m?.ready, `${s.label} endpoint start`, 30_000);
    return { child, adapter: ready.adapter, call: rpc(child), stderr: () => stderr };
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${e.message}\n${stderr}`);
  }
}

/** One CPU run: a fresh endpoint process and a fresh driver process. */
async function cpuRun(sdk, mode, extraNodeArgs = []) {
  const port = await freePort();
  const ep = await startEndpoint(sdk, port, extraNodeArgs);
  const driver = fork(join(LIB, "driver.js"), [], {
    cwd: BENCH,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    await nextMessage(driver, (m) => m?.ready, "driver start");
    driver.send({
      cmd: "run",
      port,
      mode,
      warmup: cfg.warmup,
      n: cfg.n,
      concurrency: cfg.concurrency,
    });
    const warm = await nextMessage(driver, (m) => m?.phase === "warm", `${sdk}/${mode} warm-up`);
    if (warm.errors)
      throw new Error(`${sdk}/${mode}: ${warm.errors} bad warm-up invocations: ${warm.firstError}`);
    await ep.call("mark");
    driver.send({ cmd: "go" });
    const done = await nextMessage(
      driver,
      (m) => m?.phase === "done",
      `${sdk}/${mode} run`,
      120_000,
    );
    const m = await ep.call("measure");
    if (done.errors)
      throw new Error(`${sdk}/${mode}: ${done.errors} bad invocations: ${done.firstError}`);
    ep.call("exit");
    await Promise.race([exited(ep.child), new Promise((r) => setTimeout(r, 10_000).unref())]);
    return {
      adapter: ep.adapter,
      cpuUsPerInv: (m.cpuUserUs + m.cpuSystemUs) / cfg.n,
      userUsPerInv: m.cpuUserUs / cfg.n,
      sysUsPerInv: m.cpuSystemUs / cfg.n,
      throughput: cfg.n / (done.wallMs / 1000),
      p50Ms: done.p50Ms,
      p99Ms: done.p99Ms,
      rssMB: m.rss / 2 ** 20,
      heapMB: m.heapUsed / 2 ** 20,
      driverCpuUsPerInv: done.driverCpuUs / cfg.n,
      endpointCpuShare: (m.cpuUserUs + m.cpuSystemUs) / 1000 / done.wallMs,
    };
  } finally {
    driver.kill("SIGKILL");
    if (ep.child.exitCode === null) ep.child.kill("SIGKILL");
  }
}

// ---------------------------------------------------------------- startup
function discoverOnce(port) {
  return new Promise((resolve) => {
    const session = connect(`http://127.0.0.1:${port}`);
    const fail = () => {
      session.destroy();
      resolve(false);
    };
    session.once("error", fail);
    session.once("connect", () => {
      const req = session.request({
        ":method": "GET",
        ":path": "/discover",
        accept: MANIFEST_ACCEPT,
      });
      let status = 0;
      let body = "";
      req.on("response", (h) => {
        status = Number(h[":status"]);
      });
      req.setEncoding("utf8");
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        session.close();
        resolve(status === 200 && body.includes("Greeter"));
      });
      req.on("error", fail);
      req.end();
    });
  });
}

async function startupOnce(sdk) {
  const s = SDKS[sdk];
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [...s.nodeArgs, join(LIB, s.script)], {
    cwd: BENCH,
    env: { ...process.env, ...s.env, PORT: String(port) },
    stdio: "ignore",
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${s.label} endpoint exited during startup`);
      if (await discoverOnce(port)) return performance.now() - t0;
      if (performance.now() - t0 > 20_000) throw new Error(`${s.label}: no /discover within 20 s`);
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    child.kill("SIGKILL");
    await exited(child);
  }
}

function timeNode(args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: BENCH,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (c) => {
      err += c;
    });
    child.on("exit", (code) =>
      code === 0
        ? resolve(performance.now() - t0)
        : reject(new Error(`node ${args.join(" ")}: ${err}`)),
    );
  });
}

const IMPORTS = {
  bare: ["--input-type=module", "-e", ""],
  core: ["--input-type=module", "-e", "await import('@resolute/core')"],
  coreFastify: [
    "--input-type=module",
    "-e",
    "await import('@resolute/core'); await import('@resolute/fastify')",
  ],
  official: [
    "--import",
    POLYFILL,
    "--input-type=module",
    "-e",
    "await import('@restatedev/restate-sdk')",
  ],
};

async function interleaved(runs, tasks) {
  const out = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of Object.entries(tasks)) out[k].push(await fn());
  }
  return out;
}

// ---------------------------------------------------------------- formatting
const fmt = (x, d = 1) => (x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(d));
const ratio = (a, b) =>
  a === undefined || b === undefined || !b ? "n/a" : `${(a / b).toFixed(2)}×`;
const mb = (bytes) => (bytes === undefined ? undefined : bytes / 1e6);

function machineInfo() {
  const c = cpus();
  return {
    node: process.version,
    cpuCount: c.length,
    cpuModel: c[0]?.model?.trim() ?? "unknown",
    memGiB: (totalmem() / 2 ** 30).toFixed(1),
    platform: `${process.platform} ${process.arch}`,
    loadAtStart: loadavg()[0],
  };
}

function markdown(r) {
  const L = [];
  const row = (metric, a, b, d = 1, note = "") =>
    L.push(`| ${metric} | ${fmt(a, d)} | ${fmt(b, d)} | ${ratio(a, b)} |${note ? ` ${note}` : ""}`);
  L.push("# Resolute vs official Restate TypeScript SDK");
  L.push("");
  L.push(`Generated by \`pnpm bench\` (bench/run.js) on ${new Date().toISOString()}.`);
  L.push("");
  L.push("## Method");
  L.push("");
  L.push(
    `- **Official SDK**: \`@restatedev/restate-sdk@1.17.2\`, served with \`restate.serve({ services: [greeter], port })\` (HTTP/2 h2c). Node 20 lacks \`Promise.withResolvers\`, which that SDK calls on every invocation, so its child processes (and only those) start with \`node --import bench/lib/polyfill-with-resolvers.js\`.`,
  );
  L.push(
    `- **Resolute**: \`endpoint().bind(greeter)\` served ${
      r.adapter === "fastify"
        ? "with `serve(...)` from `@resolute/fastify`"
        : "by `endpoint().handler()` from `@resolute/core` behind the minimal `node:http2` h2c adapter in bench/lib/h2c-seam.js (**@resolute/fastify was not built when this ran**)"
    }.`,
  );
  L.push(
    '- Both serve the same trivial handler, `greet(ctx, name)` returning `"Hello " + name` (bench/lib/endpoint-*.js).',
  );
  L.push(
    `- **CPU per invocation**: one endpoint process per SDK and mode, driven by a separate driver process that plays the Restate server over ONE HTTP/2 cleartext connection: \`POST /invoke/Greeter/greet\`, \`content-type: application/vnd.restate.invocation.v6\`, body = StartMessage (known_entries = 1) + InputCommand \`"Alice"\` (the request recorded in packages/core/test/vectors/a_service_greet_bidi_v6.json). Each response must hold an OutputCommand and an End frame. ${r.cfg.warmup} warm-up invocations, then ${r.cfg.n} measured, ${r.cfg.concurrency} in flight; ${r.cfg.rounds} round(s) of fresh processes per SDK and mode (SDK order reversed every other round), median reported. CPU = \`process.cpuUsage()\` delta (user + system, all threads incl. GC) taken inside the endpoint process around the measured phase (marked over Node IPC). RSS is the endpoint's after the measured phase.`,
  );
  L.push(
    `  - **rr**: the driver closes the request body right after the two frames. **bidi**: it keeps the request body open until it has read the End frame (the server's BIDI_STREAM behaviour), then closes it.`,
  );
  L.push(
    `  - Throughput and latency are bounded by the driver too (both processes share ${r.machine.cpuCount} cores); CPU per invocation is the primary number.`,
  );
  L.push(
    `- **Startup**: spawn \`node <endpoint script>\` and poll \`GET /discover\` (\`accept: ${MANIFEST_ACCEPT}\`) every ~2 ms over h2c; time from spawn to the first 200 answer naming Greeter. Median of ${r.cfg.runs} runs, interleaved.`,
  );
  L.push(
    `- **Import**: wall time of \`node --input-type=module -e "await import('<pkg>')"\`, median of ${r.cfg.runs}; "net" subtracts the median of the same command with an empty script (${fmt(r.imports?.bare, 1)} ms).`,
  );
  L.push(
    "- **Installed size**: `pnpm pack` of our packages, then `npm install --omit=dev` of the tarballs (or of `@restatedev/restate-sdk@1.17.2`) into an empty temp project; `du -sb node_modules` (apparent bytes, incl. npm's lock metadata).",
  );
  L.push("");
  L.push("Ratio = Resolute / official: below 1× is better for everything except throughput.");
  L.push("");
  L.push("## Machine");
  L.push("");
  const m = r.machine;
  L.push(`node ${m.node}, ${m.cpuCount} CPUs (${m.cpuModel}), ${m.memGiB} GiB RAM, ${m.platform}`);
  L.push("");
  L.push(
    `1-minute load average: ${fmt(m.loadAtStart, 2)} at start, ${fmt(r.loadAtEnd, 2)} at end (the bench itself keeps about 2 cores busy; a start value well above 0 means other work shared the machine).`,
  );
  L.push("");
  if (r.real) {
    L.push("## Through the real server");
    L.push("");
    L.push(
      `restate-server 1.7.12 from npm (started by \`startRestate({ endpointUrl })\` of @resolute/testing), one server per SDK. Each SDK's endpoint process serves the same handlers (bench/lib/real/services.js): Resolute with \`serve()\` from @resolute/fastify, the official SDK with \`restate.serve\` (HTTP/2, \`RESTATE_LOGGING=WARN\`). For every round, workload and SDK (order reversed every other round) a fresh endpoint process starts on the registered port, is warmed up, then measured: a closed-loop load generator (this process, HTTP/1.1 keep-alive) sends requests through the ingress and waits for each answer. CPU = the endpoint process's own \`process.cpuUsage()\` delta over the measured phase (user + system, all its threads), divided by invocations (or by \`ctx.run\` steps for the journal-N rows). Peak RSS = the endpoint's \`resourceUsage().maxRSS\`. Latency and throughput are seen by the load generator and include the server, which shares the ${r.machine.cpuCount} cores: CPU is the primary number. Ratio = Resolute / official.`,
    );
    L.push("");
    L.push(realMarkdown(r.real));
    L.push("");
  }
  L.push("## Results: against a scripted driver (no server)");
  L.push("");
  L.push("| Metric | Resolute | Official | Resolute / official |");
  L.push("| --- | ---: | ---: | ---: |");
  for (const mode of ["rr", "bidi"]) {
    const a = r.cpu.resolute?.[mode];
    const b = r.cpu.official?.[mode];
    if (!a && !b) continue;
    row(`CPU per invocation, ${mode} (µs)`, a?.cpuUsPerInv, b?.cpuUsPerInv, 1);
    row(`  of which user (µs)`, a?.userUsPerInv, b?.userUsPerInv, 1);
    row(`Throughput, ${mode} (invocations/s)`, a?.throughput, b?.throughput, 0);
    row(`Latency p50, ${mode} (ms)`, a?.p50Ms, b?.p50Ms, 2);
    row(`Latency p99, ${mode} (ms)`, a?.p99Ms, b?.p99Ms, 2);
    row(`Endpoint RSS after, ${mode} (MB)`, a?.rssMB, b?.rssMB, 1);
  }
  if (r.startup) {
    row("Startup: spawn → first /discover, median (ms)", r.startup.resolute, r.startup.official, 1);
  }
  if (r.imports) {
    const i = r.imports;
    row("Import time, core only vs SDK, median (ms)", i.core, i.official, 1);
    row("  net of bare node (ms)", i.core - i.bare, i.official - i.bare, 1);
    if (i.coreFastify !== undefined) {
      row("Import time, core + fastify vs SDK, median (ms)", i.coreFastify, i.official, 1);
      row("  net of bare node (ms)", i.coreFastify - i.bare, i.official - i.bare, 1);
    }
  }
  if (r.sizes) {
    const s = r.sizes;
    if (s.error) {
      L.push(`| Installed size | n/a | n/a | n/a | (${s.error.split("\n")[0]})`);
    } else {
      if (s.resoluteFull) {
        row(
          "Installed size, core + fastify (MB)",
          mb(s.resoluteFull.bytes),
          mb(s.official.bytes),
          2,
        );
        row("  packages", s.resoluteFull.packages, s.official.packages, 0);
      }
      row("Installed size, core only (MB)", mb(s.resoluteCore.bytes), mb(s.official.bytes), 2);
      row("  packages", s.resoluteCore.packages, s.official.packages, 0);
    }
  }
  if (r.sizes && !r.sizes.error) {
    L.push("");
    L.push("Largest installed packages (MB):");
    L.push("");
    const big = (x) => x.largest.map(([n, b]) => `${n} ${(b / 1e6).toFixed(2)}`).join(", ");
    if (r.sizes.resoluteFull) L.push(`- Resolute, core + fastify: ${big(r.sizes.resoluteFull)}`);
    L.push(`- Resolute, core only: ${big(r.sizes.resoluteCore)}`);
    L.push(`- Official: ${big(r.sizes.official)}`);
  }
  L.push("");
  const cpuTable = (title, intro, aKey, aLabel, bKey, bLabel, extra) => {
    if (!r.cpu[aKey] || !r.cpu[bKey]) return;
    L.push(`### ${title}`);
    L.push("");
    if (intro) L.push(intro, "");
    L.push(`| Metric | ${aLabel} | ${bLabel} | ratio |`);
    L.push("| --- | ---: | ---: | ---: |");
    for (const mode of ["rr", "bidi"]) {
      const a = r.cpu[aKey][mode];
      const b = r.cpu[bKey][mode];
      row(`CPU per invocation, ${mode} (µs)`, a?.cpuUsPerInv, b?.cpuUsPerInv, 1);
      row(`Throughput, ${mode} (invocations/s)`, a?.throughput, b?.throughput, 0);
      row(`Endpoint RSS after, ${mode} (MB)`, a?.rssMB, b?.rssMB, 1);
    }
    extra?.();
    L.push("");
  };
  cpuTable(
    "Official SDK with its per-invocation logging off",
    'By default the official SDK logs two INFO lines per invocation ("Starting invocation.", "Invocation completed successfully.") to stdout (here /dev/null). This run sets `RESTATE_LOGGING=WARN` for it; Resolute is unchanged.',
    "resolute",
    "Resolute",
    "officialQuiet",
    "Official (WARN)",
  );
  cpuTable(
    "Reference: Resolute core behind Node's own `node:http2` (bench/lib/h2c-seam.js)",
    "The same core handler served by bench/lib/h2c-seam.js (about 40 lines on `node:http2` streams) instead of `serve()`, whose HTTP/2 is its own lean implementation on `node:net`: the difference to the main table is what `node:http2` would cost.",
    "resoluteSeam",
    "Resolute (seam)",
    "official",
    "Official",
    () => {
      if (r.startup?.resoluteSeam === undefined) return;
      row(
        "Startup: spawn → first /discover, median (ms)",
        r.startup.resoluteSeam,
        r.startup.official,
        1,
      );
    },
  );
  if (r.notes.length) {
    L.push("## Notes");
    L.push("");
    for (const n of r.notes) L.push(`- ${n}`);
    L.push("");
  }
  L.push(`Total bench time: ${fmt(r.totalS, 0)} s.`);
  L.push("");
  return L.join("\n");
}

// ---------------------------------------------------------------- main
async function main() {
  const notes = [];
  if (cfg.build) build(notes);
  const machine = machineInfo();
  const result = { cfg, machine, cpu: {}, notes };

  // Which adapter will Resolute use? (fastify when built, else the seam adapter)
  let fastifyBuilt = true;
  try {
    await import("@resolute/fastify");
  } catch {
    fastifyBuilt = false;
    notes.push(
      "@resolute/fastify could not be imported (not built yet): Resolute was served by its core handler behind the minimal node:http2 adapter in bench/lib/h2c-seam.js, and its import/size rows exclude Fastify.",
    );
  }

  // 0. Through the real server: every workload, both SDKs, interleaved rounds.
  if (parts.has("real")) {
    try {
      result.real = await runReal({
        rounds: cfg.realRounds,
        quick,
        only: opt("--workloads", undefined)?.split(","),
        log,
      });
    } catch (e) {
      notes.push(`Real-server benchmark failed: ${String(e.message).split("\n")[0]}`);
      log(`real FAILED: ${e.stack}`);
    }
  }

  // 1. CPU per invocation, each SDK and mode in fresh processes; `rounds` rounds, the SDK order
  // reversed every other round, and the median of each number over the rounds.
  const sdks = ["resolute", "official", "officialQuiet"];
  if (fastifyBuilt) sdks.push("resoluteSeam");
  const runs = {};
  for (let round = 0; parts.has("cpu") && round < cfg.rounds; round++) {
    for (const mode of ["rr", "bidi"]) {
      for (const sdk of round % 2 ? [...sdks].reverse() : sdks) {
        log(
          `cpu round ${round + 1}/${cfg.rounds}: ${sdk} ${mode} (${cfg.warmup} warm-up + ${cfg.n} measured, concurrency ${cfg.concurrency})`,
        );
        try {
          const r = await cpuRun(sdk, mode);
          if (sdk === "resolute") result.adapter = r.adapter;
          runs[sdk] ??= {};
          runs[sdk][mode] ??= [];
          runs[sdk][mode].push(r);
          log(
            `  ${fmt(r.cpuUsPerInv)} µs/inv, ${fmt(r.throughput, 0)} inv/s, rss ${fmt(r.rssMB)} MB (adapter ${r.adapter})`,
          );
        } catch (e) {
          notes.push(`CPU run ${sdk}/${mode} failed: ${String(e.message).split("\n")[0]}`);
          log(`  FAILED: ${e.message}`);
        }
      }
    }
  }
  const spreads = [];
  for (const [sdk, byMode] of Object.entries(runs)) {
    result.cpu[sdk] = {};
    for (const [mode, rs] of Object.entries(byMode)) {
      const agg = {};
      for (const k of Object.keys(rs[0])) {
        agg[k] = typeof rs[0][k] === "number" ? median(rs.map((x) => x[k])) : rs[0][k];
      }
      result.cpu[sdk][mode] = agg;
      spreads.push(`${SDKS[sdk].label} ${mode}: ${rs.map((x) => fmt(x.cpuUsPerInv)).join(" / ")}`);
    }
  }
  if (cfg.rounds > 1 && spreads.length) {
    notes.push(
      `CPU µs per invocation in each of the ${cfg.rounds} rounds (the table shows the median): ${spreads.join("; ")}.`,
    );
  }

  // 2. Startup and import time.
  if (parts.has("startup")) {
    log(`startup: ${cfg.runs} runs each`);
    try {
      const tasks = {
        resolute: () => startupOnce("resolute"),
        official: () => startupOnce("official"),
      };
      if (fastifyBuilt) tasks.resoluteSeam = () => startupOnce("resoluteSeam");
      const st = await interleaved(cfg.runs, tasks);
      result.startup = Object.fromEntries(Object.entries(st).map(([k, v]) => [k, median(v)]));
      log(
        `  ${Object.entries(result.startup)
          .map(([k, v]) => `${k} ${fmt(v)} ms`)
          .join(", ")}`,
      );
    } catch (e) {
      notes.push(`Startup measurement failed: ${e.message}`);
    }
  }
  if (parts.has("import")) {
    log(`import: ${cfg.runs} runs each`);
    try {
      const tasks = {
        bare: () => timeNode(IMPORTS.bare),
        core: () => timeNode(IMPORTS.core),
        official: () => timeNode(IMPORTS.official),
      };
      if (fastifyBuilt) tasks.coreFastify = () => timeNode(IMPORTS.coreFastify);
      const it = await interleaved(cfg.runs, tasks);
      result.imports = Object.fromEntries(Object.entries(it).map(([k, v]) => [k, median(v)]));
      log(
        `  ${JSON.stringify(Object.fromEntries(Object.entries(result.imports).map(([k, v]) => [k, +v.toFixed(1)])))}`,
      );
    } catch (e) {
      notes.push(`Import-time measurement failed: ${e.message}`);
    }
  }

  // 3. Installed size.
  if (parts.has("size")) {
    log("size: pnpm pack + npm install --omit=dev into temp dirs");
    try {
      result.sizes = await measureSizes({ root: ROOT, withFastify: fastifyBuilt, log });
    } catch (e) {
      result.sizes = { error: String(e.message ?? e) };
      notes.push(`Installed size failed: ${String(e.message ?? e).split("\n")[0]}`);
    }
  }

  // Optional: a profile of Resolute's endpoint under the rr load.
  if (parts.has("profile")) {
    const dir = mkdtempSync(join(tmpdir(), "resolute-prof-"));
    log(`profile: resolute rr under node --cpu-prof (${dir})`);
    try {
      const pr = await cpuRun("resolute", "rr", [
        "--cpu-prof",
        "--cpu-prof-interval",
        "250",
        "--cpu-prof-dir",
        dir,
      ]);
      const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
      if (!file) throw new Error("no .cpuprofile written");
      const md = summarizeProfile(JSON.parse(readFileSync(join(dir, file), "utf8")), {
        root: ROOT,
        top: 15,
        title: `Resolute endpoint CPU profile (${pr.adapter} adapter, rr, ${cfg.warmup}+${cfg.n} invocations, concurrency ${cfg.concurrency}, node ${process.version})`,
      });
      const header = `Generated by \`pnpm bench --profile\` on ${new Date().toISOString()}. Under the profiler the endpoint used ${fmt(pr.cpuUsPerInv)} µs CPU per measured invocation.\n\n`;
      writeFileSync(join(BENCH, "profile-driver.md"), md.replace("\n\n", `\n\n${header}`));
      console.log(md);
      log(`  wrote ${relative(ROOT, join(BENCH, "profile-driver.md"))}`);
    } catch (e) {
      notes.push(`Profile failed: ${e.message}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  result.totalS = (performance.now() - started) / 1000;
  result.loadAtEnd = loadavg()[0];
  const md = markdown(result);
  const measured = ["real", "cpu", "startup", "import", "size"].some((p) => parts.has(p));
  if (measured || cfg.out) console.log(md);
  if (cfg.out) {
    mkdirSync(dirname(cfg.out), { recursive: true });
    // The soak section comes from bench/soak.js (a separate, longer run): keep it.
    const old = existsSync(cfg.out) ? readFileSync(cfg.out, "utf8") : "";
    const soak = old.match(/## Memory soak[\s\S]*?(?=\n## |$)/)?.[0];
    writeFileSync(cfg.out, soak ? `${md.trimEnd()}\n\n${soak.trimEnd()}\n` : md);
    log(`wrote ${relative(process.cwd(), cfg.out)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
