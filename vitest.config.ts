import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

// As scripts/bundle.mjs does for the built package: the core's version, from its package.json.
// Resolved from this file, so `vitest run --root ../..` from an example's folder finds it too.
const { version } = JSON.parse(
  readFileSync(new URL("packages/core/package.json", import.meta.url), "utf8"),
);

// Tests run straight from TypeScript sources through the "@resolute/source" export condition.
const conditions = ["@resolute/source", "node", "import", "module", "default"];

export default defineConfig({
  define: { __RESOLUTE_VERSION__: JSON.stringify(version) },
  resolve: { conditions },
  // Vitest starts Node with the SSR conditions. Node cannot load the "module" builds of some
  // CommonJS packages (OpenTelemetry's: extensionless imports), so Node runs without it.
  ssr: { resolve: { conditions: conditions.filter((c) => c !== "module") } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["packages/*/test/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
