// Node: examples/deploy-node (createFetchHandler behind node:http) as its own process.
import { bundle } from "./support/bundle.js";
import { repoRoot, startProcess } from "./support/runtime-process.js";
import { runtimeScenarios } from "./support/scenarios.js";

runtimeScenarios("Node", async () => {
  const server = await bundle(`${repoRoot}examples/deploy-node/src/server.ts`, "node");
  const served = await startProcess(process.execPath, [server.file], {
    cwd: `${repoRoot}examples/deploy-node`,
  });
  return {
    ...served,
    stop: async () => {
      await served.stop();
      server.remove();
    },
  };
});
