#!/usr/bin/env node
// Quick A/B probe (not part of `pnpm bench`): endpoint CPU through restate-server for one SDK.
//   node bench/step-probe.js <resolute|official|floor> [steps=1000] [--noop] [--warm N]
// floor: Resolute's process and HTTP/2 with `Steps/run` answered by a few lines and no SDK
// engine (lib/real/endpoint-step-floor.js): what a step costs on this transport before SDK work.
// Default: 3 invocations of `Steps/run(steps)`, CPU per step. --noop: 3×steps `Noop/call`
// (--steps10: `Steps/run(10)`)
// invocations, 32 in flight, CPU per invocation. --warm N: N warm-up invocations of 200 steps
// (default 2; raise it to see steady state past the JIT's warm-up). Env PROBE_NODE_ARGS adds
// node flags to the endpoint (e.g. "--cpu-prof").
import { Agent } from "node:http";
import { startRestate } from "@resolute/testing";
import { freePort } from "./lib/common.js";
import { registeredAs, startEndpoint } from "./lib/real/endpoint-process.js";
import { closedLoop, post } from "./lib/real/loadgen.js";

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const opt = (name, dflt) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const sdk = argv[0] ?? "resolute";
const steps = Number(argv[1] && !argv[1].startsWith("--") ? argv[1] : 1000);
// --steps10: 3×steps `Steps/run(10)` invocations, 32 in flight (the bench's "steps" workload).
const steps10 = flag("--steps10");
const noop = flag("--noop") || steps10;
const target = (i) =>
  steps10 ? { path: "/Steps/run", value: 10 } : { path: "/Noop/call", value: i };
const warm = opt("--warm", 2);

const port = await freePort();
const registering = await startEndpoint(registeredAs(sdk), port);
const env = await startRestate({ endpointUrl: `http://127.0.0.1:${port}` });
await registering.stop();
const nodeArgs = process.env.PROBE_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
const ep = await startEndpoint(sdk, port, { nodeArgs });
const agent = new Agent({ keepAlive: true });
try {
  for (let w = 0; w < warm; w++) {
    if (noop)
      await closedLoop({
        base: env.ingressUrl,
        count: 500,
        concurrency: 32,
        next: target,
      });
    else await post(agent, env.ingressUrl, "/Steps/run", 200);
  }
  await ep.send("mark");
  const t0 = performance.now();
  const n = 3 * steps;
  if (noop)
    await closedLoop({
      base: env.ingressUrl,
      count: n,
      concurrency: 32,
      next: target,
    });
  else
    for (let k = 0; k < 3; k++) {
      const sum = Number(await post(agent, env.ingressUrl, "/Steps/run", steps));
      if (sum !== (steps * (steps - 1)) / 2) throw new Error(`Steps/run(${steps}) returned ${sum}`);
    }
  const wall = performance.now() - t0;
  const m = await ep.send("measure");
  const per = (us) => (us / n).toFixed(1);
  const mb = (b) => (b / 1048576).toFixed(1);
  console.log(
    `${sdk} ${steps10 ? "steps(10), per invocation" : noop ? "noop, per invocation" : "per step"}: cpu ${per(m.cpuUserUs + m.cpuSystemUs)} µs (user ${per(m.cpuUserUs)}, system ${per(m.cpuSystemUs)}), wall ${((wall * 1000) / n).toFixed(0)} µs; peak RSS ${mb(m.maxRss)} MB, now RSS ${mb(m.rss)}, heap ${mb(m.heapUsed)} / ${mb(m.heapTotal)}, external ${mb(m.external)}`,
  );
  if (process.env.PROBE_SPACES)
    console.log(
      Object.entries(m.spaces)
        .map(([k, v]) => `${k} ${mb(v)}`)
        .join(", "),
    );
} finally {
  agent.destroy();
  await ep.stop();
  await env.stop();
}
