// The real-server workloads: what the load generator sends, how many, how many at once.
// `unit` is what CPU is divided by: invocations, or ctx.run steps for the long journals.
// Counts are for a full run; quick mode divides them (see scaled()).
const keyOf = (i) => `k${i % 1000}`;

export const WORKLOADS = [
  {
    name: "noop",
    what: "`Noop/call`: returns its input",
    concurrency: 32,
    warmup: 1000,
    count: 6000,
    next: (i) => ({ path: "/Noop/call", value: i }),
  },
  {
    name: "steps",
    what: "`Steps/run(10)`: ten `ctx.run` steps",
    concurrency: 32,
    warmup: 300,
    count: 1500,
    next: () => ({ path: "/Steps/run", value: 10 }),
  },
  {
    name: "counter",
    what: "`Counter/<key>/add`: `ctx.get` + `ctx.set` on a virtual object, keys round robin over 1,000",
    concurrency: 32,
    warmup: 1000,
    count: 4000,
    next: (i) => ({ path: `/Counter/${keyOf(i)}/add`, value: 1 }),
  },
  {
    name: "chain",
    what: "`Caller/call` → `ctx.serviceClient(Callee).echo`: a call between services (both on the endpoint)",
    concurrency: 32,
    warmup: 500,
    count: 3000,
    next: (i) => ({ path: "/Caller/call", value: i }),
  },
  {
    name: "sleep",
    what: "`Sleeper/nap(100)`: `ctx.sleep(100 ms)`, 256 in flight",
    concurrency: 256,
    warmup: 512,
    count: 2560,
    next: () => ({ path: "/Sleeper/nap", value: 100 }),
  },
  ...[100, 1000, 10000].map((n) => ({
    name: `journal-${n}`,
    what: `\`Steps/run(${n})\`: one invocation of ${n.toLocaleString("en")} \`ctx.run\` steps`,
    concurrency: 1,
    // 12,000 warm-up steps, the same for every subject: V8 optimizes a function once it has run
    // enough bytecode, so the small functions of a step's path are still being compiled between
    // steps 3,000 and 6,000 (with `--trace-opt`, 28 ms of TurboFan work for Resolute inside a
    // 3,000-step window after 3,000 warm-up steps; 8 ms after 12,000, all of it Node's own
    // functions, which the official SDK recompiles too). A shorter warm-up measures the JIT,
    // not the step. The warm-up's own CPU per step is reported beside the table (the
    // fresh-process figure).
    warmup: 120,
    warmupSteps: 100,
    warmupNext: () => ({ path: "/Steps/run", value: 100 }),
    // At least 3,000 measured steps per row: both SDKs' processes keep some CPU busy for tens of
    // milliseconds after the warm-up (collection, late compiles), which a single 1,000-step
    // invocation (~0.7 s) would charge at ~30 µs a step.
    count: Math.max(1, 3000 / n),
    steps: n,
    next: () => ({ path: "/Steps/run", value: n }),
  })),
];

/** Quick mode: a fraction of each count, at least one. */
export function scaled(w, factor) {
  if (factor === 1) return w;
  return {
    ...w,
    warmup: Math.max(1, Math.round(w.warmup * factor)),
    count: Math.max(1, Math.round(w.count * factor)),
  };
}
