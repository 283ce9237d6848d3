// Bundles an example entry with esbuild into a temporary folder. For workerd this is what
// Wrangler does (ES module, browser/worker conditions, minified); for Node a plain ESM bundle.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

export interface Bundle {
  readonly file: string;
  readonly code: string;
  remove(): void;
}

export async function bundle(entry: string, target: "workerd" | "node"): Promise<Bundle> {
  const dir = mkdtempSync(join(tmpdir(), "resolute-bundle-"));
  const file = join(dir, target === "workerd" ? "worker.js" : "server.mjs");
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    format: "esm",
    write: false,
    logLevel: "silent",
    ...(target === "workerd"
      ? {
          // Wrangler's settings: no Node built-ins exist without nodejs_compat.
          platform: "browser",
          conditions: ["workerd", "worker", "browser"],
          mainFields: ["browser", "module", "main"],
          target: "es2022",
          minify: true,
        }
      : { platform: "node", target: "node20" }),
  });
  const code = result.outputFiles[0]!.text;
  writeFileSync(file, code);
  return { file, code, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
