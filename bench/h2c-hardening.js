#!/usr/bin/env node
// Probe (not part of `pnpm bench`) of the lean h2c connection under the real restate-server,
// for the hardening work: memory of live invocations, CPU per invocation, and how the server
// spreads many resumed invocations over connections and streams.
//   node bench/h2c-hardening.js memory [n=2000] [--impl DIR]
//       n object invocations, each with a 300-byte eager state value, sleep durably until one
//       shared instant, are resumed together (the server then packs many of them into each
//       socket read) and park in a ctx.run that waits 8 s; the endpoint's heap, external
//       memory and RSS (after a forced GC) while all are parked, minus the figures before.
//       With --mix, noop invocations with 4 KiB inputs run alongside (32 in flight) until all
//       are parked: short-lived bytes then share the socket reads of the parked invocations.
//   node bench/h2c-hardening.js cpu [n=6000] [--impl DIR]
//       endpoint CPU per noop invocation (32 in flight, after 1,000 to warm up), as
//       `step-probe.js resolute N --noop` measures it but with the h2c module chosen by --impl.
//   node bench/h2c-hardening.js resume [n=10000] [--impl DIR]
//       n invocations that sleep durably until one shared instant (they suspend, then are all
//       resumed together); connections used and the peak of concurrently open streams.
// --impl DIR: the built h2c module to serve with (default packages/fastify/dist/h2c), e.g. a
// copy of an older build for an A/B. Needs `npx tsc -b packages/core packages/fastify` first.
import { fork } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);

if (argv[0] === "--serve") await serveChild(argv[1]);
else await main();

async function serveChild(implDir) {
  const core = await import("@resolute/core");
  const { serveH2cConnection } = await import(pathToFileURL(resolve(implDir, "index.js")).href);
  const { createServer } = await import("node:net");
  let done = 0;
  let parkedNow = 0;
  // Sleeps durably until `until`, then stays in flight for `park` ms.
  const wake = async (ctx, { until, park }) => {
    const ms = await ctx.run("ms", () => Math.max(0, until - Date.now()));
    await ctx.sleep(ms);
    if (park > 0) {
      await ctx.run("park", async () => {
        parkedNow++;
        await new Promise((r) => setTimeout(r, park));
        parkedNow--;
        return true;
      });
    }
    done++;
  };
  const holder = core.object({
    name: "Holder",
    handlers: {
      set: async (ctx, v) => {
        ctx.set("blob", v);
        return true;
      },
      hold: async (ctx, timing) => {
        const v = await ctx.get("blob");
        await wake(ctx, timing);
        return v.length;
      },
    },
  });
  const napper = core.service({
    name: "Napper",
    handlers: { nap: async (ctx, timing) => wake(ctx, timing) },
  });
  const noop = core.service({ name: "Noop", handlers: { call: async (_ctx, x) => x } });
  const handler = core.endpoint().bind(holder).bind(napper).bind(noop).handler();
  const connections = new Set();
  let everConnected = 0;
  let peakStreams = 0;
  let peakPerConnection = 0;
  let cpuMark = process.cpuUsage();
  const openStreams = () => [...connections].reduce((n, c) => n + c.openStreams, 0);
  setInterval(() => {
    peakStreams = Math.max(peakStreams, openStreams());
    for (const c of connections) peakPerConnection = Math.max(peakPerConnection, c.openStreams);
  }, 5).unref();
  // Socket reads, to see how many frames share one read chunk.
  const reads = { count: 0, bytes: 0, over16k: 0 };
  const server = createServer((socket) => {
    socket.on("data", (chunk) => {
      reads.count++;
      reads.bytes += chunk.length;
      if (chunk.length > 16384) reads.over16k++;
    });
    const c = serveH2cConnection(socket, handler, { onError: (e) => console.error(e) });
    connections.add(c);
    everConnected++;
    c.closed.then(() => connections.delete(c));
  });
  await new Promise((r) => server.listen(Number(process.env.PORT), "127.0.0.1", r));
  process.on("message", (m) => {
    if (m.cmd === "exit") process.exit(0);
    if (m.cmd === "mark") {
      cpuMark = process.cpuUsage();
      Object.assign(reads, { count: 0, bytes: 0, over16k: 0 });
    }
    const cpu = process.cpuUsage(cpuMark);
    if (m.cmd === "stats") globalThis.gc?.();
    const mem = process.memoryUsage();
    process.send({
      id: m.id,
      done,
      parkedNow,
      cpuUs: cpu.user + cpu.system,
      openStreams: openStreams(),
      peakStreams,
      peakPerConnection,
      connections: connections.size,
      everConnected,
      reads: { ...reads },
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
    });
  });
  process.send({ ready: true });
}

async function main() {
  const mode = argv[0] ?? "memory";
  const dflt = { memory: 2000, cpu: 6000, resume: 10000 }[mode];
  const n = Number(argv[1] && !argv[1].startsWith("--") ? argv[1] : dflt);
  const implAt = argv.indexOf("--impl");
  const impl = resolve(implAt >= 0 ? argv[implAt + 1] : "packages/fastify/dist/h2c");
  const { startRestate } = await import("@resolute/testing");
  const { freePort } = await import("./lib/common.js");
  const { closedLoop, post } = await import("./lib/real/loadgen.js");
  const { Agent } = await import("node:http");
  const port = await freePort();
  const child = fork(SELF, ["--serve", impl], {
    execArgv: ["--expose-gc"],
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise((r) => child.once("message", r));
  let id = 0;
  const ask = (cmd) =>
    new Promise((r) => {
      const my = ++id;
      const on = (m) => {
        if (m.id !== my) return;
        child.off("message", on);
        r(m);
      };
      child.on("message", on);
      child.send({ cmd, id: my });
    });
  const env = await startRestate({ endpointUrl: `http://127.0.0.1:${port}` });
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const pool = async (count, fn) => {
    let next = 0;
    const worker = async () => {
      while (next < count) await fn(next++);
    };
    await Promise.all(Array.from({ length: 64 }, worker));
  };
  const mb = (b) => (b / 1048576).toFixed(1);
  const waitFor = async (pred, what, limitMs = 300_000) => {
    const t0 = Date.now();
    for (;;) {
      const s = await ask("peek");
      if (pred(s)) return s;
      if (Date.now() - t0 > limitMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // Time for every invocation to be sent and to suspend before the shared wake-up instant.
  const until = () => Date.now() + Math.max(8_000, n * 2);
  try {
    if (mode === "memory") {
      const blob = "x".repeat(300);
      await pool(n, (i) => post(agent, env.ingressUrl, `/Holder/k${i}/set`, blob));
      await waitFor((s) => s.openStreams === 0, "quiet");
      const before = await ask("stats");
      await ask("mark");
      const timing = { until: until(), park: 8000 };
      let parked = false;
      const mix = argv.includes("--mix")
        ? (async () => {
            const big = "y".repeat(4096);
            while (!parked) {
              await closedLoop({
                base: env.ingressUrl,
                count: 256,
                concurrency: 32,
                next: () => ({ path: "/Noop/call", value: big }),
              });
            }
          })()
        : Promise.resolve();
      await pool(n, (i) => post(agent, env.ingressUrl, `/Holder/k${i}/hold/send`, timing));
      await waitFor((s) => s.parkedNow >= n, `${n} parked invocations`);
      parked = true;
      await mix;
      await waitFor((s) => s.openStreams <= n, "the mix to end");
      const during = await ask("stats");
      const d = (k) => mb(during[k] - before[k]);
      console.log(
        `memory, ${n} parked invocations (${impl}): heap +${d("heapUsed")} MB, external +${d("external")} MB (arrayBuffers +${d("arrayBuffers")}), RSS +${d("rss")} MB; RSS ${mb(during.rss)} MB; ${during.connections} connections; ${during.reads.count} socket reads of ${(during.reads.bytes / during.reads.count).toFixed(0)} bytes on average, ${during.reads.over16k} over 16 KiB`,
      );
      await waitFor((s) => s.done >= n && s.openStreams === 0, "all done");
    } else if (mode === "cpu") {
      const load = (count) =>
        closedLoop({
          base: env.ingressUrl,
          count,
          concurrency: 32,
          next: (i) => ({ path: "/Noop/call", value: i }),
        });
      await load(1000);
      await ask("mark");
      await load(n);
      const { cpuUs } = await ask("peek");
      console.log(`cpu, ${n} noop invocations (${impl}): ${(cpuUs / n).toFixed(1)} µs each`);
    } else {
      const timing = { until: until(), park: 0 };
      await pool(n, () => post(agent, env.ingressUrl, "/Napper/nap/send", timing));
      const all = await waitFor((s) => s.done >= n, `${n} resumed invocations`);
      console.log(
        `resume, ${n} invocations (${impl}): all done; peak open streams ${all.peakStreams} (on one connection ${all.peakPerConnection}), connections now ${all.connections}, ever ${all.everConnected}`,
      );
    }
  } finally {
    agent.destroy();
    child.send({ cmd: "exit" });
    await env.stop();
  }
}
