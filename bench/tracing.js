#!/usr/bin/env node
// Tracing overhead: CPU per invocation of a handler with one ctx.run (or one call), driven in
// process through the transport seam by the scripted server of the engine benchmark (no
// network), without hooks, with a hook that does nothing (the cost of the hook mechanism),
// and with `openTelemetry()` from @resolute/opentelemetry on the real OpenTelemetry SDK
// (BasicTracerProvider, in-memory exporter, AsyncLocalStorage context manager) behind a
// BatchSpanProcessor (what production uses) or a SimpleSpanProcessor (exports each span at
// once). Each measurement runs in a fresh process (an AsyncLocalStorage, once used, slows every
// later promise in the process); rounds alternate the modes; medians are reported.
//   node bench/tracing.js [--quick] [--out FILE]   (default: append to bench/results-tracing.md;
//   --quick is a smoke test: short cold processes, numbers not comparable)
// Needs built packages (`pnpm run build`).
import { execFileSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BENCH = dirname(fileURLToPath(import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);
const IN_FLIGHT = 16;

const MODES = {
  off: "no hooks",
  noop: "a hook that does nothing",
  batch: "openTelemetry(), BatchSpanProcessor",
  simple: "openTelemetry(), SimpleSpanProcessor",
};
const SHAPES = {
  run: "attempt span + one run span",
  call: "attempt span + one call span",
};

if (process.env.BENCH_TRACING_CHILD) {
  const [mode, shape, n] = process.env.BENCH_TRACING_CHILD.split(":");
  const result = await measureInThisProcess(mode, shape, Number(n));
  process.stdout.write(JSON.stringify(result));
} else {
  await main();
}

async function main() {
  const quick = argv.includes("--quick") || process.env.BENCH_QUICK === "1";
  const outAt = argv.indexOf("--out");
  const out = outAt >= 0 ? argv[outAt + 1] : join(BENCH, "results-tracing.md");
  const n = quick ? 3000 : 10000;
  const rounds = quick ? 2 : 5;
  const samples = {};
  for (let r = 0; r < rounds; r++) {
    const order = Object.keys(MODES);
    if (r % 2) order.reverse();
    for (const shape of Object.keys(SHAPES)) {
      for (const mode of order) {
        const key = `${mode}:${shape}`;
        const child = execFileSync(process.execPath, [SELF], {
          env: { ...process.env, BENCH_TRACING_CHILD: `${key}:${n}` },
          stdio: ["ignore", "pipe", "inherit"],
        });
        samples[key] ??= [];
        samples[key].push(JSON.parse(child.toString()));
      }
    }
    console.error(`[tracing] round ${r + 1}/${rounds} done`);
  }
  const rows = [];
  for (const shape of Object.keys(SHAPES)) {
    const off = median(samples[`off:${shape}`].map((s) => s.us));
    for (const mode of Object.keys(MODES)) {
      const s = samples[`${mode}:${shape}`];
      const us = median(s.map((x) => x.us));
      rows.push({ shape, mode, us, overhead: us - off, spans: s[0].spansPerInvocation });
    }
  }
  const md = [
    "",
    `## ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC — \`node bench/tracing.js${quick ? " --quick" : ""}\``,
    "",
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load ${loadavg()[0].toFixed(2)} at the end; ` +
      `${n} invocations per measurement (after a warm-up), ${IN_FLIGHT} in flight, a fresh process each, ` +
      `median of ${rounds} alternating rounds. CPU is user + system of the whole process.`,
    "",
    ...table(
      [
        "handler",
        "spans",
        "mode",
        "spans exported per invocation",
        "CPU per invocation (µs)",
        "overhead vs no hooks (µs)",
      ],
      [false, false, false, true, true, true],
      rows.map((r) => [
        `OneStep/${r.shape}`,
        SHAPES[r.shape],
        MODES[r.mode],
        String(r.spans),
        r.us.toFixed(1),
        r.mode === "off" ? "—" : r.overhead.toFixed(1),
      ]),
    ),
    "",
  ].join("\n");
  console.log(md);
  appendFileSync(out, md);
}

async function measureInThisProcess(mode, shape, n) {
  const core = await import("@resolute/core");
  const { invokeInProcess } = await import("./lib/engine-server.js");
  const callee = core.service({ name: "Callee", handlers: { echo: async (_ctx, x) => x } });
  const oneStep = core.service({
    name: "OneStep",
    handlers: {
      run: async (ctx, x) => ctx.run("step", () => x + 1),
      call: async (ctx, x) => ctx.serviceClient(callee).echo(x),
    },
  });
  let ep = core.endpoint().bind(oneStep).bind(callee);
  let sdk;
  if (mode === "noop") ep = ep.withHooks(() => ({}));
  if (mode === "batch" || mode === "simple") {
    sdk = await tracingSdk(mode);
    const { openTelemetry } = await import("@resolute/opentelemetry");
    ep = ep.withHooks(openTelemetry({ tracer: sdk.tracer }));
  }
  const handler = ep.handler();
  const round = async (count) => {
    let next = 0;
    const lane = async () => {
      while (next < count) {
        next++;
        await invokeInProcess(handler, { service: "OneStep", name: shape, input: 1 });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  };
  await round(Math.round(n / 4)); // warm-up
  await sdk?.drain();
  sdk?.exported(); // count from here
  const cpu0 = process.cpuUsage();
  await round(n);
  await sdk?.drain(); // the batch processor's export work counts too
  const cpu = process.cpuUsage(cpu0);
  const spans = sdk ? sdk.exported() : 0;
  await sdk?.shutdown();
  return { us: (cpu.user + cpu.system) / n, spansPerInvocation: spans / n };
}

/** The OpenTelemetry SDK with an in-memory exporter that counts spans and keeps none. */
async function tracingSdk(processor) {
  const { context } = await import("@opentelemetry/api");
  const { AsyncLocalStorageContextManager } = await import("@opentelemetry/context-async-hooks");
  const { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } =
    await import("@opentelemetry/sdk-trace-base");
  const exporter = new InMemorySpanExporter();
  let exported = 0;
  // Holding every span would make the benchmark about the garbage collector: count, then drop.
  const keep = exporter.export.bind(exporter);
  exporter.export = (spans, done) => {
    exported += spans.length;
    keep(spans, done);
    exporter.reset();
  };
  const spanProcessor =
    processor === "batch"
      ? new BatchSpanProcessor(exporter, { maxQueueSize: 1 << 20, maxExportBatchSize: 512 })
      : new SimpleSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ spanProcessors: [spanProcessor] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return {
    tracer: provider.getTracer("bench"),
    drain: async () => {
      await provider.forceFlush();
    },
    exported: () => {
      const e = exported;
      exported = 0;
      return e;
    },
    shutdown: () => provider.shutdown(),
  };
}

/** A markdown table with padded columns, as the repository's formatter writes them. */
function table(head, right, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length), 3));
  const line = (cells) =>
    `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${"-".repeat(w - 1)}:` : "-".repeat(w))).join(" | ")} |`;
  return [line(head), rule, ...rows.map(line)];
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
