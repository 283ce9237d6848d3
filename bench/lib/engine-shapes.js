// The in-process invocation shapes the engine benchmarks drive (bench/engine.js for CPU,
// bench/alloc-probe.js for bytes allocated): the real-server workloads' handlers
// (lib/real/services.js), with how many invocations engine.js runs of each at scale 1.
export const SHAPES = [
  { name: "noop", count: 20000, call: () => ({ service: "Noop", name: "call", input: 1 }) },
  { name: "steps", count: 4000, call: () => ({ service: "Steps", name: "run", input: 10 }) },
  {
    name: "counter",
    count: 20000,
    call: (i) => ({
      service: "Counter",
      name: "add",
      input: 1,
      key: `k${i % 1000}`,
      state: { count: i },
    }),
  },
  { name: "chain", count: 20000, call: () => ({ service: "Caller", name: "call", input: 1 }) },
  { name: "sleep", count: 20000, call: () => ({ service: "Sleeper", name: "nap", input: 100 }) },
  ...[100, 1000, 10000].map((n) => ({
    name: `journal-${n}`,
    count: Math.max(1, 200000 / n / 5),
    steps: n,
    call: () => ({ service: "Steps", name: "run", input: n }),
  })),
];
