// The package's version, for the x-restate-server header. scripts/bundle.mjs writes it into
// the bundle from package.json (vitest's config does the same for tests run from sources), so
// the core never reads a file at run time; unbundled tsc output says "dev".
declare const __RESOLUTE_VERSION__: string | undefined;

export const VERSION: string =
  typeof __RESOLUTE_VERSION__ === "string" ? __RESOLUTE_VERSION__ : "dev";
