#!/usr/bin/env node
// The `resolute` command. A committed shim, so package managers can link the bin before the
// TypeScript sources are built; the command itself is compiled to dist/dev/cli.js.
import("../dist/dev/cli.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dev/cli.js")) {
    console.error("resolute: @resolute/testing is not built yet; run `pnpm run build` first.");
    process.exit(1);
  }
  throw error;
});
