// Deno, installed from npm by the project's install: examples/deploy-deno served by `deno run`.

import { bin, repoRoot, startProcess } from "./support/runtime-process.js";
import { runtimeScenarios } from "./support/scenarios.js";

runtimeScenarios("Deno", () =>
  startProcess(
    bin("deno"),
    ["run", "--allow-net", "--allow-env", "--allow-read", "--unstable-sloppy-imports", "main.ts"],
    { cwd: `${repoRoot}examples/deploy-deno`, env: { DENO_NO_UPDATE_CHECK: "1" } },
  ),
);
