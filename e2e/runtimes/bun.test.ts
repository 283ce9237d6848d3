// Bun, installed from npm by the project's install: examples/deploy-bun served by `bun run`.

import { bin, repoRoot, startProcess } from "./support/runtime-process.js";
import { runtimeScenarios } from "./support/scenarios.js";

runtimeScenarios("Bun", () =>
  startProcess(bin("bun"), ["run", "server.ts"], { cwd: `${repoRoot}examples/deploy-bun` }),
);
