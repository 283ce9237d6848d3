#!/usr/bin/env node
// CPU profile of Resolute's endpoint through the real server: a restate-server, the benchmark
// endpoint (lib/real/endpoint.js) under node --cpu-prof, three invocations of N ctx.run steps
// (default 1,000; `--steps N`). Summarised by lib/profile.js into bench/profile-real.md.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startRestate } from "@resolute/testing";
import { freePort } from "./lib/common.js";
import { summarizeProfile } from "./lib/profile.js";
import { startEndpoint } from "./lib/real/endpoint-process.js";
import { post } from "./lib/real/loadgen.js";

const BENCH = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const i = argv.indexOf("--steps");
const steps = i >= 0 ? Number(argv[i + 1]) : 1000;

const port = await freePort();
const registering = await startEndpoint("resolute", port);
const env = await startRestate({ endpointUrl: `http://127.0.0.1:${port}` });
await registering.stop();
const dir = mkdtempSync(join(tmpdir(), "resolute-real-prof-"));
const ep = await startEndpoint("resolute", port, {
  nodeArgs: ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "200"],
});
const agent = new Agent({ keepAlive: true });
let line;
try {
  await post(agent, env.ingressUrl, "/Steps/run", 100); // warm-up
  await ep.send("mark");
  for (let k = 0; k < 3; k++) await post(agent, env.ingressUrl, "/Steps/run", steps);
  const m = await ep.send("measure");
  line = `Measured (profiler on, so higher than in results.md): ${((m.cpuUserUs + m.cpuSystemUs) / (3 * steps)).toFixed(0)} µs CPU per step (user ${(m.cpuUserUs / (3 * steps)).toFixed(0)}, system ${(m.cpuSystemUs / (3 * steps)).toFixed(0)}).`;
} finally {
  agent.destroy();
  await ep.stop();
  await env.stop();
}
const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
const profile = JSON.parse(readFileSync(join(dir, file), "utf8"));
rmSync(dir, { recursive: true, force: true });
const md = summarizeProfile(profile, {
  root: join(BENCH, ".."),
  top: 30,
  title: `CPU profile: Resolute's endpoint through restate-server, 3 invocations of ${steps} ctx.run steps (bench/profile-real.js)`,
});
const out = md.replace("\n\n", `\n\n${line}\n\n`);
writeFileSync(join(BENCH, "profile-real.md"), out);
console.log(out);
