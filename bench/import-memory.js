#!/usr/bin/env node
// What each import and first use costs in memory (not part of `pnpm bench`), in this process:
// RSS split into file-backed pages (mostly the node binary's code and data) and anonymous memory,
// next to V8's heap, after each stage: bare, node:net listening, @resolute/core,
// @resolute/fastify, serve() with the benchmark's services.
//   node --expose-gc bench/import-memory.js
// Linux only (reads /proc/self/smaps_rollup). Each stage's figures follow a full GC when exposed.
import { readFileSync } from "node:fs";
import { defineServices } from "./lib/real/services.js";

const mib = (b) => (b / 1048576).toFixed(1);

function report(stage) {
  globalThis.gc?.();
  const rollup = readFileSync("/proc/self/smaps_rollup", "utf8");
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(rollup)[1]) * 1024;
  const m = process.memoryUsage();
  console.log(
    `${stage.padEnd(18)} RSS ${mib(kib("Rss"))} MiB = file ${mib(kib("Rss") - kib("Anonymous"))} + anon ${mib(kib("Anonymous"))}; V8 heap ${mib(m.heapTotal)} committed, ${mib(m.heapUsed)} used; external ${mib(m.external)}`,
  );
}

report("bare");
const net = await import("node:net");
const server = net.createServer(() => {}).listen(0);
report("+ node:net");
const core = await import("@resolute/core");
report("+ @resolute/core");
const { serve } = await import("@resolute/fastify");
report("+ fastify import");
let ep = core.endpoint();
for (const def of defineServices(core)) ep = ep.bind(def);
const served = await serve(ep, { port: 0, host: "127.0.0.1" });
report("+ serve()");
await served.close();
server.close();
