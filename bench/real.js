#!/usr/bin/env node
// The real-server part of `pnpm bench` on its own: `node bench/real.js [--quick] [--rounds N]
// [--workloads noop,steps,...]`. Prints the markdown table (stdout); progress on stderr.
// Needs built packages (`pnpm run build`).
import { realMarkdown, runReal } from "./lib/real/run-real.js";

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const quick = argv.includes("--quick") || process.env.BENCH_QUICK === "1";
const started = performance.now();
const log = (...a) =>
  console.error(`[real ${((performance.now() - started) / 1000).toFixed(1)}s]`, ...a);
const result = await runReal({
  rounds: Number(opt("--rounds", quick ? 1 : 3)),
  quick,
  only: opt("--workloads", undefined)?.split(","),
  log,
});
console.log(realMarkdown(result));
