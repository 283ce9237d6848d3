// Bundles @resolute/core after `tsc -b`: all of its modules go into ONE file, dist/esm/core.js,
// and each public entry point (".", "./adapter", "./protocol") is a one-line file re-exporting
// its names from it. So the entries share one copy of every class (an error thrown through
// "./adapter" is `instanceof` the class that "." exports), and Node loads two files instead of
// ~60. Measured against esbuild's code splitting (four files for "."), this loads faster;
// against tsc's output, about twice as fast (see docs/packaging.md). tsc's output is never
// overwritten, and the type declarations stay as tsc wrote them.
//
// The package version is written into the bundle for the x-restate-server header, so the core
// reads no file at run time.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const dist = "packages/core/dist";
const out = `${dist}/esm`;
/** Entry point file name in dist/esm -> its tsc output, relative to dist. */
const entries = { index: "./index.js", adapter: "./adapter.js", protocol: "./protocol/index.js" };

const { version } = JSON.parse(readFileSync("packages/core/package.json", "utf8"));
const options = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  external: ["superjson", "zod"],
  define: { __RESOLUTE_VERSION__: JSON.stringify(version) },
  logLevel: "warning",
};

// The run-time names each entry exports (type-only exports have none), from esbuild's metafile.
const names = {};
for (const [name, file] of Object.entries(entries)) {
  const probe = await build({
    ...options,
    entryPoints: [`${dist}/${file}`],
    outfile: `${out}/${name}.js`,
    write: false,
    metafile: true,
  });
  names[name] = Object.values(probe.metafile.outputs).find((o) => o.entryPoint).exports;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bundled = await build({
  ...options,
  metafile: true,
  stdin: {
    contents: Object.values(entries)
      .map((file) => `export * from ${JSON.stringify(file)};`)
      .join("\n"),
    resolveDir: dist,
    sourcefile: "core.js",
    loader: "js",
  },
  outfile: `${out}/core.js`,
  sourcemap: true,
});
// `export *` silently drops a name two entries export from different modules: refuse that.
const inCore = new Set(Object.values(bundled.metafile.outputs).find((o) => o.entryPoint).exports);
for (const [name, exported] of Object.entries(names)) {
  const missing = exported.filter((n) => !inCore.has(n));
  if (missing.length > 0)
    throw new Error(
      `core.js lacks ${missing.join(", ")} of entry "${name}": is the name exported by two entries from different modules?`,
    );
}
for (const [name, exported] of Object.entries(names)) {
  writeFileSync(
    `${out}/${name}.js`,
    `export { ${exported.sort().join(", ")} } from "./core.js";\n`,
  );
}

// The other packages with one entry point are bundled the same way, each into its own
// dist/esm/index.js: their relative imports are inlined and every package import (the core,
// fastify, pino, node:*) stays external, so classes are still shared across packages. Loading
// one file instead of ~30 halves @resolute/fastify's import (about 20 -> 10 ms) and
// @resolute/fetch's (about 4.5 -> 2 ms), which is most of a cold start they add.
for (const pkg of ["fastify", "fetch", "lambda", "client", "opentelemetry"]) {
  const pkgOut = `packages/${pkg}/dist/esm`;
  rmSync(pkgOut, { recursive: true, force: true });
  await build({
    entryPoints: [`packages/${pkg}/dist/index.js`],
    outfile: `${pkgOut}/index.js`,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
}
