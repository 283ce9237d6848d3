#!/usr/bin/env node
// A/B probe (not part of `pnpm bench`): endpoint CPU of the Resolute core behind the lean h2c
// connection (lib/h2c-lean.js) versus behind bare node:http2 (lib/h2c-seam.js), in alternating
// rounds of fresh processes.
//   node bench/h2c-ab.js driver [rounds=5] [n=4000]   the scripted driver (lib/driver.js), one
//                                                       HTTP/2 connection, noop Greeter/greet,
//                                                       bidi and rr; CPU per invocation
//   node bench/h2c-ab.js real [rounds=3] [steps=1000] the real restate-server: Steps/run(steps)
//                                                       x3, CPU per ctx.run step; then 3000 noop
//                                                       invocations, 32 in flight
// Needs `npx tsc -b packages/core packages/fastify && node scripts/bundle.mjs` first.
import { fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const LIB = join(HERE, "lib");
const ADAPTERS = ["seam", "lean"];

if (process.argv[2] === "--serve") await serveChild(process.argv[3], process.argv[4]);
else await main(process.argv[2] ?? "driver", process.argv.slice(3).map(Number));

/** The endpoint process: Greeter (driver) or the real-server workload services. */
async function serveChild(adapter, what) {
  const core = await import("@resolute/core");
  let ep = core.endpoint();
  if (what === "real") {
    const { defineServices } = await import("./lib/real/services.js");
    for (const def of defineServices(core)) ep = ep.bind(def);
  } else {
    const greeter = core.service({
      name: "Greeter",
      handlers: { greet: async (_ctx, name) => `Hello ${name}` },
    });
    ep = ep.bind(greeter);
  }
  const port = Number(process.env.PORT);
  if (adapter === "lean") await (await import("./lib/h2c-lean.js")).serveH2cLean(ep, { port });
  else await (await import("./lib/h2c-seam.js")).serveH2c(ep, { port });
  const { attachControl } = await import("./lib/control.js");
  attachControl({ adapter });
}

async function main(kind, [rounds = kind === "real" ? 3 : 5, n = kind === "real" ? 1000 : 4000]) {
  const results = Object.fromEntries(ADAPTERS.map((a) => [a, {}]));
  const record = (adapter, key, value) => {
    results[adapter][key] ??= [];
    results[adapter][key].push(value);
  };
  let env;
  if (kind === "real") {
    const { startRestate } = await import("@resolute/testing");
    const { freePort } = await import("./lib/common.js");
    const port = await freePort();
    const reg = forkEndpoint("lean", "real", port); // serves discovery for the registration
    await reg.ready;
    env = await startRestate({ endpointUrl: `http://127.0.0.1:${port}` });
    await stop(reg.child);
    env.port = port;
  }
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ADAPTERS : [...ADAPTERS].reverse();
      for (const adapter of order) {
        if (kind === "real") {
          const r = await realRun(adapter, env, n);
          for (const [key, us] of Object.entries(r)) record(adapter, key, us);
          console.log(
            `round ${round + 1} ${adapter}: ${r.step.toFixed(1)} µs/step, ${r.noop.toFixed(1)} µs/noop`,
          );
        } else {
          for (const mode of ["bidi", "rr"]) {
            const us = await driverRun(adapter, mode, n);
            record(adapter, mode, us);
            console.log(`round ${round + 1} ${adapter} ${mode}: ${us.toFixed(1)} µs/invocation`);
          }
        }
      }
    }
  } finally {
    await env?.stop();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log("\nmedian CPU (µs), lean vs seam:");
  for (const key of Object.keys(results.lean)) {
    const a = median(results.lean[key]);
    const b = median(results.seam[key]);
    console.log(
      `  ${key}: lean ${a.toFixed(1)}, seam ${b.toFixed(1)}, ratio ${(a / b).toFixed(2)}×`,
    );
  }
}

function forkEndpoint(adapter, what, port) {
  const child = fork(join(HERE, "h2c-ab.js"), ["--serve", adapter, what], {
    env: { ...process.env, PORT: String(port) },
    // e.g. H2C_AB_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (profiles are written on a
    // normal exit, so the run ends each endpoint with the control channel's "exit")
    execArgv: process.env.H2C_AB_NODE_ARGS?.split(" ").filter(Boolean) ?? [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let id = 0;
  const call = (cmd) =>
    new Promise((resolve) => {
      const my = ++id;
      const on = (m) => {
        if (m?.id === my) {
          child.off("message", on);
          resolve(m);
        }
      };
      child.on("message", on);
      child.send({ cmd, id: my });
    });
  const ready = new Promise((resolve, reject) => {
    const onExit = (c) => reject(new Error(`${adapter} endpoint exited (${c})`));
    child.once("exit", onExit);
    child.on("message", (m) => {
      if (m?.ready) {
        child.off("exit", onExit);
        resolve();
      }
    });
  });
  return { child, call, ready };
}

function next(child, pred) {
  return new Promise((resolve, reject) => {
    const on = (m) => {
      if (m?.phase === "error") reject(new Error(m.error));
      else if (pred(m)) {
        child.off("message", on);
        resolve(m);
      }
    };
    child.on("message", on);
  });
}

async function driverRun(adapter, mode, n) {
  const { freePort } = await import("./lib/common.js");
  const port = await freePort();
  const ep = forkEndpoint(adapter, "driver", port);
  await ep.ready;
  const driver = fork(join(LIB, "driver.js"), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    await next(driver, (m) => m?.ready);
    driver.send({ cmd: "run", port, mode, warmup: 2000, n, concurrency: 32 });
    const warm = await next(driver, (m) => m?.phase === "warm");
    if (warm.errors) throw new Error(`${adapter}/${mode}: ${warm.firstError}`);
    await ep.call("mark");
    driver.send({ cmd: "go" });
    const done = await next(driver, (m) => m?.phase === "done");
    const m = await ep.call("measure");
    if (done.errors) throw new Error(`${adapter}/${mode}: ${done.firstError}`);
    return (m.cpuUserUs + m.cpuSystemUs) / n;
  } finally {
    driver.kill("SIGKILL");
    await stop(ep.child);
  }
}

async function realRun(adapter, env, steps) {
  const { Agent } = await import("node:http");
  const { closedLoop, post } = await import("./lib/real/loadgen.js");
  const ep = forkEndpoint(adapter, "real", env.port);
  await ep.ready;
  const agent = new Agent({ keepAlive: true });
  try {
    for (let w = 0; w < 2; w++) await post(agent, env.ingressUrl, "/Steps/run", 200);
    await closedLoop({
      base: env.ingressUrl,
      count: 500,
      concurrency: 32,
      next: (i) => ({ path: "/Noop/call", value: i }),
    });
    await ep.call("mark");
    for (let k = 0; k < 3; k++) await post(agent, env.ingressUrl, "/Steps/run", steps);
    const s = await ep.call("measure");
    await ep.call("mark");
    await closedLoop({
      base: env.ingressUrl,
      count: 3000,
      concurrency: 32,
      next: (i) => ({ path: "/Noop/call", value: i }),
    });
    const q = await ep.call("measure");
    return {
      step: (s.cpuUserUs + s.cpuSystemUs) / (3 * steps),
      "step-system": s.cpuSystemUs / (3 * steps),
      noop: (q.cpuUserUs + q.cpuSystemUs) / 3000,
      "noop-system": q.cpuSystemUs / 3000,
    };
  } finally {
    agent.destroy();
    await stop(ep.child);
  }
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.send({ cmd: "exit" });
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await gone;
  clearTimeout(timer);
}
