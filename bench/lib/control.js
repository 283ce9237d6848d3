// The endpoint side of the benchmark's control channel (Node IPC, only when forked by run.js):
// "mark" starts a measured phase, "measure" ends it and returns CPU time and memory, "memory"
// reports memory (after a forced GC if asked and exposed), "smaps" lists resident mappings
// (Linux), "snapshot" writes a heap snapshot to the given file, "allocStart"/"allocStop" sample allocations
// (the sampling heap profiler, garbage included), "exit" quits
// (a normal exit, so --cpu-prof can write its profile).
import { readFileSync, writeSync } from "node:fs";
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";

/**
 * Resident bytes per mapping from /proc/self/smaps (Linux only, else null): where RSS is, by
 * file (the node binary's code and data, shared libraries) and anonymous memory (V8's heap,
 * malloc arenas, thread stacks), to see what a peak is made of.
 */
function residentMappings() {
  let text;
  try {
    text = readFileSync("/proc/self/smaps", "utf8");
  } catch {
    return null;
  }
  const rows = [];
  let row = null;
  for (const line of text.split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      row = {
        start: head[1],
        size: Number.parseInt(head[2], 16) - Number.parseInt(head[1], 16),
        perms: head[3],
        path: head[4],
        rss: 0,
        anon: 0,
      };
      rows.push(row);
      continue;
    }
    const kb = /^(Rss|Anonymous):\s+(\d+) kB/.exec(line);
    if (kb && row) row[kb[1] === "Rss" ? "rss" : "anon"] = Number(kb[2]) * 1024;
  }
  return rows.filter((r) => r.rss > 0);
}

let session;
// With `survivors`, objects a scavenge collected are left out: what remains was alive at a
// scavenge (what makes V8 grow its young generation) or is still young at the end.
async function sampleAllocations(start, survivors) {
  if (!session) {
    const { Session } = await import("node:inspector");
    session = new Session();
    session.connect();
  }
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
    );
  if (start) {
    await post("HeapProfiler.startSampling", {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: !survivors,
    });
    return null;
  }
  return (await post("HeapProfiler.stopSampling")).profile;
}

export function attachControl(info) {
  if (typeof process.send !== "function") return;
  let mark = null;
  process.on("message", (msg) => {
    if (msg?.cmd === "mark") {
      mark = { cpu: process.cpuUsage(), t: performance.now() };
      // EP_STDOUT=1 EP_MARK=1: a line in the endpoint's output where the measured phase starts,
      // to read a --trace-opt/--trace-deopt log by phase. Written with writeSync: a console
      // write goes through Node's Writable code with another stream type and deoptimizes it.
      if (process.env.EP_MARK) writeSync(1, "=== measured phase starts\n");
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
    } else if (msg?.cmd === "smaps") {
      process.send({ id: msg.id, mappings: residentMappings() });
    } else if (msg?.cmd === "snapshot") {
      process.send({ id: msg.id, file: writeHeapSnapshot(msg.file) });
    } else if (msg?.cmd === "allocStart" || msg?.cmd === "allocStop") {
      // Sampling heap profiler counting collected objects too: where the bytes are allocated.
      sampleAllocations(msg.cmd === "allocStart", msg.survivors === true).then((profile) =>
        process.send({ id: msg.id, profile }),
      );
    } else if (msg?.cmd === "exit") {
      process.exit(0);
    }
  });
  process.send({ ready: true, ...info });
}
