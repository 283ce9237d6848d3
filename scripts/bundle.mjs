// Bundles @resolute/core's compiled entry into one module after `tsc -b`: Node then loads one
// file instead of ~45, which halves the package's import time (see bench/results.md). The
// bundle is a separate file (the package's "default" export), so tsc's incremental output is
// never overwritten. Type declarations stay as tsc wrote them; tests run from sources.
import { build } from "esbuild";

await build({
  entryPoints: ["packages/core/dist/index.js"],
  outfile: "packages/core/dist/bundle.js",
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  external: ["superjson", "zod"],
  sourcemap: true,
  logLevel: "warning",
});
