// Installed size of each SDK's production dependency closure: pack our packages with pnpm, then
// `npm install --omit=dev` the tarballs (or @restatedev/restate-sdk@1.17.2) into empty temp
// projects and measure node_modules with `du -sb`.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const OFFICIAL = "@restatedev/restate-sdk@1.17.2";

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 150_000,
  });
}

function npmInstall(dir, deps, overrides = {}) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({
      name: "size-probe",
      version: "0.0.0",
      private: true,
      dependencies: deps,
      overrides,
    }),
  );
  run(
    "npm",
    [
      "install",
      "--omit=dev",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--prefer-offline",
      "--loglevel=error",
    ],
    dir,
  );
  const nm = join(dir, "node_modules");
  const bytes = Number(run("du", ["-sb", nm], dir).split(/\s/)[0]);
  return { bytes, packages: countPackages(nm), largest: largest(nm, dir) };
}

/** The five biggest top-level packages, "name size". */
function largest(nm, dir) {
  const dirs = [];
  for (const e of readdirSync(nm, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue;
    if (e.name.startsWith("@")) {
      for (const s of readdirSync(join(nm, e.name))) dirs.push(`${e.name}/${s}`);
    } else dirs.push(e.name);
  }
  const sizes = dirs.map((d) => [d, Number(run("du", ["-sb", join(nm, d)], dir).split(/\s/)[0])]);
  return sizes.sort((a, b) => b[1] - a[1]).slice(0, 5);
}

function countPackages(nm) {
  let n = 0;
  if (!existsSync(nm)) return 0;
  for (const e of readdirSync(nm, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue;
    if (e.name.startsWith("@")) {
      for (const s of readdirSync(join(nm, e.name), { withFileTypes: true })) {
        if (s.isDirectory()) n += 1 + countPackages(join(nm, e.name, s.name, "node_modules"));
      }
    } else {
      n += 1 + countPackages(join(nm, e.name, "node_modules"));
    }
  }
  return n;
}

export async function measureSizes({ root, withFastify, log = () => {} }) {
  const tmp = mkdtempSync(join(tmpdir(), "resolute-size-"));
  try {
    const packs = join(tmp, "packs");
    mkdirSync(packs);
    const pack = (pkg) => {
      const before = new Set(readdirSync(packs));
      run("pnpm", ["pack", "--pack-destination", packs], join(root, "packages", pkg));
      const made = readdirSync(packs).find((f) => !before.has(f) && f.endsWith(".tgz"));
      if (!made) throw new Error(`pnpm pack of packages/${pkg} made no tarball`);
      return join(packs, made);
    };
    const coreTgz = `file:${pack("core")}`;
    const out = {};
    log("  npm install @resolute/core tarball");
    out.resoluteCore = npmInstall(join(tmp, "core"), { "@resolute/core": coreTgz });
    if (withFastify) {
      const fastifyTgz = `file:${pack("fastify")}`;
      log("  npm install @resolute/core + @resolute/fastify tarballs");
      // The packed fastify adapter depends on "@resolute/core": "0.1.0": pin it to our tarball so
      // npm never looks for that name in the registry.
      out.resoluteFull = npmInstall(
        join(tmp, "full"),
        { "@resolute/core": coreTgz, "@resolute/fastify": fastifyTgz },
        { "@resolute/core": coreTgz },
      );
    }
    log(`  npm install ${OFFICIAL}`);
    out.official = npmInstall(join(tmp, "official"), { "@restatedev/restate-sdk": "1.17.2" });
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
