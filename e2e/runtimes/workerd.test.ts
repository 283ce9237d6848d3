// workerd (Cloudflare Workers' runtime, via miniflare from npm): examples/deploy-cloudflare
// bundled and minified as Wrangler bundles it, run with no compatibility flags.
import { Miniflare } from "miniflare";
import { expect } from "vitest";
import { bundle } from "./support/bundle.js";
import { repoRoot } from "./support/runtime-process.js";
import { runtimeScenarios } from "./support/scenarios.js";

runtimeScenarios("workerd", async () => {
  const worker = await bundle(`${repoRoot}examples/deploy-cloudflare/worker.ts`, "workerd");
  // Minified, and free of Node built-ins: workerd would refuse to load them without the flag.
  expect(worker.code).not.toMatch(/from\s*"node:|require\("/);
  expect(worker.code.split("\n").length).toBeLessThan(20);
  const mf = new Miniflare({
    modules: true,
    script: worker.code,
    compatibilityDate: "2026-07-01",
    compatibilityFlags: [],
    host: "127.0.0.1",
    port: 0,
  });
  const url = (await mf.ready).origin;
  return {
    url,
    stop: async () => {
      await mf.dispose();
      worker.remove();
    },
  };
});
