// The built packages, used exactly as a user would: each workspace package is packed with
// `pnpm pack`, unpacked into a consumer project outside the workspace (so nothing resolves
// through the workspace's node_modules), and imported through its package.json exports. Their
// third-party dependencies are linked from the packages already installed (no network). zod is
// deliberately absent: it is an optional peer of @resolute/core. A second project, the same
// without fastify (an optional peer of @resolute/fastify), is what a user of serve() alone has.
// Needs `pnpm run build` first (`pnpm test` does it).
import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const fixture = join(repo, "e2e/packaging/consumer");

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports: Record<string, { types?: string; default?: string }>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const readManifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

/** The publishable workspace packages: folder and manifest. */
const packages = readdirSync(join(repo, "packages"))
  .map((name) => join(repo, "packages", name))
  .filter((dir) => existsSync(join(dir, "package.json")))
  .map((dir) => ({ dir, manifest: readManifest(dir) }))
  .filter((p) => !p.manifest.private);

/** Every name a user can import: "@resolute/core", "@resolute/core/adapter", … */
const entryNames = packages.flatMap(({ manifest }) =>
  Object.keys(manifest.exports).map((key) =>
    key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`,
  ),
);

let consumer: string;
/** The same consumer without fastify installed. */
let bare: string;
const installed = new Map<string, Manifest>();

/** Links a third-party dependency of a package to the copy installed for it in the workspace. */
function linkDependency(fromPackageDir: string, dep: string): void {
  const target = join(consumer, "node_modules", dep);
  if (existsSync(target)) return;
  const source = join(fromPackageDir, "node_modules", dep);
  if (!existsSync(source))
    throw new Error(`${dep} (needed by ${fromPackageDir}) is not installed: run pnpm install.`);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(realpathSync(source), target, "dir");
}

beforeAll(async () => {
  for (const { dir, manifest } of packages) {
    for (const [key, entry] of Object.entries(manifest.exports)) {
      for (const file of [entry.types, entry.default]) {
        if (file && !existsSync(join(dir, file)))
          throw new Error(
            `${manifest.name} "${key}" → ${file} is missing: run pnpm run build first.`,
          );
      }
    }
  }
  consumer = mkdtempSync(join(tmpdir(), "resolute-consumer-"));
  // Packed side by side, each into a folder of its own, so tarball names never need guessing.
  await Promise.all(
    packages.map(async ({ dir, manifest }) => {
      const packs = join(consumer, "packs", manifest.name);
      await run("pnpm", ["pack", "--pack-destination", packs], { cwd: dir });
      const [tarball] = readdirSync(packs);
      if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${manifest.name}`);
      const target = join(consumer, "node_modules", manifest.name);
      mkdirSync(target, { recursive: true });
      await run("tar", ["-xzf", join(packs, tarball), "-C", target, "--strip-components=1"]);
      installed.set(manifest.name, readManifest(target));
    }),
  );
  for (const { dir } of packages) {
    const packed = installed.get(readManifest(dir).name)!;
    const optional = packed.peerDependenciesMeta ?? {};
    const needed = [
      ...Object.keys(packed.dependencies ?? {}),
      ...Object.keys(packed.peerDependencies ?? {}).filter((peer) => !optional[peer]?.optional),
    ];
    for (const dep of needed) if (!dep.startsWith("@resolute/")) linkDependency(dir, dep);
  }
  linkDependency(repo, "@types/node");
  // The consumer uses the Fastify plugin (and reads served.app), so it brings fastify itself,
  // as a user of the plugin would: it is only an optional peer of @resolute/fastify.
  linkDependency(join(repo, "packages/fastify"), "fastify");
  cpSync(fixture, consumer, { recursive: true });
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );

  // The packages are copied into it, not linked: tsc and Node follow a link to its real folder
  // and would find fastify beside it. Third-party links stay links (to the same targets).
  bare = mkdtempSync(join(tmpdir(), "resolute-consumer-bare-"));
  cpSync(join(consumer, "node_modules"), join(bare, "node_modules"), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => source !== join(consumer, "node_modules", "fastify"),
  });
  cpSync(fixture, bare, {
    recursive: true,
    filter: (source) => basename(source) !== "with-fastify.ts",
  });
  writeFileSync(
    join(bare, "package.json"),
    JSON.stringify({ name: "bare-consumer", private: true, type: "module" }),
  );
}, 120_000);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
  if (bare) rmSync(bare, { recursive: true, force: true });
});

/** Runs tsc on a consumer's tsconfig; resolves to its diagnostics, "" when there are none. */
function typeCheck(project: string, tsconfig: string): Promise<string> {
  const tsc = join(repo, "node_modules/typescript/bin/tsc");
  return run(process.execPath, [tsc, "-p", tsconfig], { cwd: project }).then(
    () => "",
    (e: { stdout?: string }) => e.stdout ?? String(e),
  );
}

// Node10 ignores "exports": the packages' "types" and core's "typesVersions" serve it.
const resolutions = {
  NodeNext: "tsconfig.json",
  Bundler: "tsconfig.bundler.json",
  Node10: "tsconfig.node10.json",
};

describe("the packed packages, in a project of their own", () => {
  it("name each other by version, not by workspace link, and leave zod out", () => {
    for (const [name, manifest] of installed) {
      for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
        if (!dep.startsWith("@resolute/")) continue;
        expect(range, `${name} → ${dep}`).toBe(installed.get(dep)?.version);
      }
    }
    expect(installed.get("@resolute/fastify")?.peerDependencies?.fastify).toBeDefined();
    expect(installed.get("@resolute/fastify")?.dependencies?.fastify).toBeUndefined();
    expect(existsSync(join(consumer, "node_modules/zod"))).toBe(false);
  });

  it("import as ES modules through their exports, sharing one copy of each class", async () => {
    const { stdout } = await run(process.execPath, ["run.mjs", JSON.stringify(entryNames)], {
      cwd: consumer,
    });
    const seen = JSON.parse(stdout);
    expect(Number(seen.node.split(".")[0])).toBeGreaterThanOrEqual(20);
    for (const name of entryNames) expect(seen.imported[name], name).toBeGreaterThan(0);
    expect(seen.adapterErrorIsResoluteError).toBe(true);
    expect(seen.adapterErrorCode).toBe("RES_ERR_DEFINITION");
    expect(seen.validationErrorIsTerminalError).toBe(true);
    expect(seen.protocolErrorIsResoluteError).toBe(true);
    expect(seen.greeting).toBe("Hello Ann");
    expect(seen.testingErrorIsTerminalError).toBe(true);
    expect(seen.testingErrorCode).toBe(409);
    expect(seen.discoveryStatus).toBe(200);
    expect(seen.fastifyDiscoveryStatus).toBe(200);
    expect(seen.fastifyServices).toEqual(["Caller"]);
    expect(seen.serverHeader).toBe(`resolute/${readManifest(join(repo, "packages/core")).version}`);
  });

  it("type-check a consumer with skipLibCheck off and without zod (NodeNext, Bundler and Node10 resolution); served.app and the plugin keep Fastify's types", async () => {
    // with-fastify.ts holds the @ts-expect-errors that fail if Fastify's types degrade to any.
    expect(existsSync(join(consumer, "with-fastify.ts"))).toBe(true);
    for (const [resolution, tsconfig] of Object.entries(resolutions))
      expect(await typeCheck(consumer, tsconfig), resolution).toBe("");
  }, 150_000);
});

describe("the packed packages, in a project without fastify", () => {
  it("serve() answers, fastify cannot be loaded, and reading served.app throws FastifyNotInstalledError", async () => {
    expect(existsSync(join(bare, "node_modules/fastify"))).toBe(false);
    // pnpm's bin shims put the workspace's hoisted packages, fastify among them, on NODE_PATH,
    // where require() (as @resolute/fastify loads fastify) would find it: not for this project.
    const { NODE_PATH: _, ...env } = process.env;
    const { stdout } = await run(process.execPath, ["bare.mjs"], { cwd: bare, env });
    expect(JSON.parse(stdout)).toEqual({
      fastifyResolvable: false,
      healthStatus: 200,
      appErrorIsFastifyNotInstalled: true,
      appErrorCode: "RES_ERR_FASTIFY_MISSING",
    });
  });

  it("type-check a consumer of serve() with skipLibCheck off (NodeNext, Bundler and Node10 resolution)", async () => {
    for (const [resolution, tsconfig] of Object.entries(resolutions))
      expect(await typeCheck(bare, tsconfig), resolution).toBe("");
  }, 150_000);
});
