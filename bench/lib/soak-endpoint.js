// The soak benchmark's Resolute endpoint (run with node --expose-gc): a sleeper whose stream the
// server closes after 1 s of inactivity (so every sleeping invocation suspends and later
// resumes by replay), a no-op, and a service of n ctx.run steps. It counts finished handlers
// (non-durable, for the orchestrator to know when a phase is over) and answers IPC: "memory"
// (optionally after a forced GC) and "exit".
import { endpoint, service } from "@resolute/core";
import { serve } from "@resolute/fastify";

const port = Number(process.env.PORT);
const done = { naps: 0, noops: 0, steps: 0 };

const sleeper = service({
  name: "Sleeper",
  options: { inactivityTimeout: { seconds: 1 } },
  handlers: {
    nap: async (ctx, ms) => {
      await ctx.sleep(ms);
      done.naps++;
      return ms;
    },
  },
});
const noop = service({
  name: "Noop",
  handlers: {
    call: async (_ctx, x) => {
      done.noops++;
      return x;
    },
  },
});
const steps = service({
  name: "Steps",
  handlers: {
    run: async (ctx, n) => {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += await ctx.run(() => i);
      done.steps++;
      return sum;
    },
  },
});

await serve(endpoint().bind(sleeper).bind(noop).bind(steps), { port, host: "127.0.0.1" });

process.on("message", (msg) => {
  if (msg?.cmd === "memory") {
    if (msg.gc) {
      // Twice: the first pass runs finalizers that free more on the second.
      globalThis.gc();
      globalThis.gc();
    }
    const m = process.memoryUsage();
    process.send({
      id: msg.id,
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      done,
    });
  } else if (msg?.cmd === "exit") {
    process.exit(0);
  }
});
process.send({ ready: true });
