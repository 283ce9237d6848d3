// The endpoint side of the benchmark's control channel (Node IPC, only when forked by run.js):
// "mark" starts a measured phase, "measure" ends it and returns CPU time and memory, "memory"
// reports memory (after a forced GC if asked and exposed), "exit" quits
// (a normal exit, so --cpu-prof can write its profile).
import { getHeapSpaceStatistics } from "node:v8";

export function attachControl(info) {
  if (typeof process.send !== "function") return;
  let mark = null;
  process.on("message", (msg) => {
    if (msg?.cmd === "mark") {
      mark = { cpu: process.cpuUsage(), t: performance.now() };
      process.send({ id: msg.id, ok: true });
    } else if (msg?.cmd === "measure") {
      const cpu = process.cpuUsage(mark?.cpu);
      const mem = process.memoryUsage();
      process.send({
        id: msg.id,
        cpuUserUs: cpu.user,
        cpuSystemUs: cpu.system,
        wallMs: performance.now() - (mark?.t ?? 0),
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        heapTotal: mem.heapTotal,
        // Committed bytes per V8 heap space (new, old, code, ...), to see what a peak is made of.
        spaces: Object.fromEntries(
          getHeapSpaceStatistics().map((sp) => [sp.space_name, sp.physical_space_size]),
        ),
        external: mem.external,
        // Peak resident set size of the whole process life (resourceUsage reports KiB).
        maxRss: process.resourceUsage().maxRSS * 1024,
      });
    } else if (msg?.cmd === "memory") {
      // Needs node --expose-gc for a forced collection; without it, the current figures.
      if (msg.gc && typeof globalThis.gc === "function") globalThis.gc();
      const mem = process.memoryUsage();
      process.send({ id: msg.id, rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external });
    } else if (msg?.cmd === "exit") {
      process.exit(0);
    }
  });
  process.send({ ready: true, ...info });
}
