// Benchmark (not a test): cold start of a fetch-handler endpoint, Resolute (core + fetch) vs
// the official SDK's fetch handler, in Node, Bun and Deno from the project's own install.
// Measured from spawning the process to (a) the first GET /discover answered and (b) the first
// invocation answered (a Start + Input frame body to /invoke/Greeter/greet). Rounds alternate
// between the SDKs; medians are reported. Run: node bench/cold-start.js [rounds]
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeFrame, MessageType } from "@resolute/core/protocol";

const here = dirname(fileURLToPath(import.meta.url));
const bin = (name) => join(here, "..", "node_modules", ".bin", name);
const rounds = Number(process.argv[2] ?? 9);

const runtimes = {
  node: (entry) => [process.execPath, [entry]],
  bun: (entry) => [bin("bun"), ["run", entry]],
  deno: (entry) => [bin("deno"), ["run", "-A", entry]],
};
const subjects = {
  Resolute: "runtimes/cold-resolute.mjs",
  official: "runtimes/cold-official.mjs",
  floor: "runtimes/cold-floor.mjs",
};

const invocationBody = Buffer.concat([
  encodeFrame(MessageType.Start, {
    id: new Uint8Array(24).fill(1),
    debugId: "inv_cold",
    knownEntries: 1,
  }),
  encodeFrame(MessageType.InputCommand, { value: new TextEncoder().encode('"Ann"') }),
]);
const probes = {
  discover: (url) =>
    fetch(`${url}/discover`, {
      headers: { accept: "application/vnd.restate.endpointmanifest.v2+json" },
      signal: AbortSignal.timeout(10_000),
    }),
  invoke: (url) =>
    fetch(`${url}/invoke/Greeter/greet`, {
      method: "POST",
      headers: { "content-type": "application/vnd.restate.invocation.v5" },
      body: invocationBody,
      signal: AbortSignal.timeout(10_000),
    }),
};

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function coldStart(runtime, entry, probe) {
  const port = await freePort();
  const [cmd, args] = runtimes[runtime](join(here, entry));
  const started = performance.now();
  const child = spawn(cmd, args, {
    cwd: here,
    env: { ...process.env, PORT: String(port), DENO_NO_UPDATE_CHECK: "1" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true, // npm's shims start the real binary as a child: stop the whole group
  });
  let stderr = "";
  child.stderr.on("data", (c) => {
    stderr += c;
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${runtime} ${entry} exited early:\n${stderr}`);
      try {
        const r = await probes[probe](`http://127.0.0.1:${port}`);
        await r.arrayBuffer();
        if (r.status === 200) return performance.now() - started;
        throw new Error(`${runtime} ${entry} ${probe}: status ${r.status}`);
      } catch (e) {
        if (!String(e.cause?.code ?? e.message).includes("ECONNREFUSED")) {
          throw new Error(`${e.message}\n${stderr}`);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    process.kill(-child.pid, "SIGKILL");
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`Cold start, median of ${rounds} rounds (ms), process spawn to first answer\n`);
console.log(
  "| runtime | first answer | Resolute | official | ratio | floor (no SDK) | floor ÷ official |",
);
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
for (const runtime of Object.keys(runtimes)) {
  for (const probe of Object.keys(probes)) {
    const times = { Resolute: [], official: [], floor: [] };
    for (let i = 0; i < rounds; i++) {
      for (const [name, entry] of Object.entries(subjects)) {
        try {
          times[name].push(await coldStart(runtime, entry, probe));
        } catch (e) {
          times[name].push(Number.NaN);
          if (i === 0) console.error(`${name} on ${runtime}: ${e.message}`);
        }
      }
    }
    const r = median(times.Resolute);
    const o = median(times.official);
    const f = median(times.floor);
    console.log(
      `| ${runtime} | ${probe === "discover" ? "GET /discover" : "invocation"} | ${r.toFixed(0)} | ${o.toFixed(0)} | ${(r / o).toFixed(2)}x | ${f.toFixed(0)} | ${(f / o).toFixed(2)}x |`,
    );
  }
}
