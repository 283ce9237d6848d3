// Benchmark (not a test): the Cloudflare Workers bundle of a greeter + counter endpoint, built
// as Wrangler builds it (esbuild, ES module, worker/browser conditions, minified), for Resolute
// and for the official SDK's Workers package. Reports raw and gzipped bytes of the JS and of
// any WebAssembly the bundle loads as a separate module. Run: node bench/bundle-size.js
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));

async function workerBundle(entry, { nodejsCompat }) {
  const result = await build({
    entryPoints: [join(here, "runtimes", entry)],
    bundle: true,
    write: false,
    outdir: "/tmp/resolute-bundle-size",
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    target: "es2022",
    minify: true,
    metafile: true,
    logLevel: "silent",
    // With nodejs_compat the runtime provides node:* modules; WASM is uploaded as its own module.
    external: nodejsCompat ? ["node:*", "*.wasm"] : [],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js")).contents;
  // External .wasm imports keep the path as written: resolve it beside the importing file.
  const wasm = Object.entries(result.metafile.inputs).flatMap(([input, { imports }]) =>
    imports
      .filter((i) => i.path.endsWith(".wasm"))
      .map((i) => join(process.cwd(), dirname(input), i.path)),
  );
  const wasmFiles = [...new Set(wasm)].map((p) => readFileSync(p));
  return {
    js: js.length,
    jsGzip: gzipSync(js, { level: 9 }).length,
    wasm: wasmFiles.reduce((n, b) => n + b.length, 0),
    wasmGzip: wasmFiles.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
  };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ours = await workerBundle("resolute-worker.ts", { nodejsCompat: false });
const theirs = await workerBundle("official-worker.js", { nodejsCompat: true });
const total = (b) => b.js + b.wasm;
const totalGzip = (b) => b.jsGzip + b.wasmGzip;

console.log("Workers bundle, greeter + counter, esbuild --minify (as Wrangler)\n");
console.log("| | JS | JS gzip | WASM | WASM gzip | total | total gzip |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const [name, b] of [
  ["Resolute (@resolute/fetch)", ours],
  ["official (@restatedev/restate-sdk-cloudflare-workers)", theirs],
]) {
  console.log(
    `| ${name} | ${kb(b.js)} | ${kb(b.jsGzip)} | ${kb(b.wasm)} | ${kb(b.wasmGzip)} | ${kb(total(b))} | ${kb(totalGzip(b))} |`,
  );
}
console.log(
  `\nResolute / official: ${(total(ours) / total(theirs)).toFixed(3)}x raw, ${(totalGzip(ours) / totalGzip(theirs)).toFixed(3)}x gzipped`,
);
