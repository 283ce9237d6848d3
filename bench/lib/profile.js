// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function, as markdown.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** For a built file with a .map beside it: generated line (1-based) -> "src file:line". */
function sourceMapper(root) {
  const cache = new Map();
  const load = (file) => {
    if (cache.has(file)) return cache.get(file);
    let lines = null;
    const mapFile = join(root, `${file}.map`);
    if (existsSync(mapFile)) {
      const map = JSON.parse(readFileSync(mapFile, "utf8"));
      const base = dirname(join(root, file));
      const sources = map.sources.map((s) => relative(root, join(base, map.sourceRoot ?? "", s)));
      lines = [];
      let src = 0;
      let srcLine = 0;
      for (const gen of map.mappings.split(";")) {
        let first = null;
        for (const seg of gen.split(",")) {
          if (!seg) continue;
          const vals = [];
          let v = 0;
          let shift = 0;
          for (const ch of seg) {
            const d = B64.indexOf(ch);
            v += (d & 31) << shift;
            if (d & 32) shift += 5;
            else {
              vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
              v = 0;
              shift = 0;
            }
          }
          if (vals.length >= 4) {
            src += vals[1];
            srcLine += vals[2];
            first ??= `${sources[src]}:${srcLine + 1}`;
          }
        }
        lines.push(first);
      }
    }
    cache.set(file, lines);
    return lines;
  };
  return (file, line) => load(file)?.[line - 1] ?? null;
}

function place(url, root) {
  if (!url) return "";
  let p = url.startsWith("file://") ? fileURLToPath(url) : url;
  if (p.startsWith(root)) p = p.slice(root.length + 1);
  // pnpm store paths: keep "<pkg>/<file>" after the last node_modules/.
  const nm = p.lastIndexOf("node_modules/");
  if (nm >= 0) p = p.slice(nm + "node_modules/".length);
  return p;
}

function area(file) {
  if (file.startsWith("packages/")) return "Resolute (packages/*)";
  if (file.startsWith("bench/")) return "bench harness";
  if (file.startsWith("node:")) return "Node internals (node:*)";
  if (file === "") return "V8 / native";
  return `dependency: ${file.startsWith("@") ? file.split("/").slice(0, 2).join("/") : file.split("/")[0]}`;
}

export function summarizeProfile(profile, { root, top = 15, title = "CPU profile" }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = timeDeltas[i + 1] ?? 0;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  const toSource = sourceMapper(root);
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id) => {
    const cf = byId.get(id)?.callFrame;
    if (!cf) return "—";
    const file = place(cf.url, root);
    const src = file.startsWith("packages/") ? toSource(file, cf.lineNumber + 1) : null;
    return `${cf.functionName || "(anonymous)"} (${src ?? (file ? `${file}:${cf.lineNumber + 1}` : "native")})`;
  };
  const fns = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const cf = byId.get(id).callFrame;
    const name = cf.functionName || "(anonymous)";
    if (name === "(idle)") {
      idle += us;
      continue;
    }
    total += us;
    const file = place(cf.url, root);
    const key = `${file}:${cf.lineNumber + 1}:${name}`;
    const src = file.startsWith("packages/") ? toSource(file, cf.lineNumber + 1) : null;
    const e = fns.get(key) ?? {
      file,
      line: cf.lineNumber + 1,
      src,
      name,
      us: 0,
      callers: new Map(),
    };
    e.us += us;
    const p = parent.get(id);
    const pl = p === undefined ? "—" : label(p);
    e.callers.set(pl, (e.callers.get(pl) ?? 0) + us);
    fns.set(key, e);
  }
  const all = [...fns.values()].sort((a, b) => b.us - a.us);
  const areas = new Map();
  for (const f of all) areas.set(area(f.file), (areas.get(area(f.file)) ?? 0) + f.us);
  const pct = (us) => `${((100 * us) / total).toFixed(1)}%`;
  const ms = (us) => (us / 1000).toFixed(0);
  const topCaller = (f) => {
    const [name, us] = [...f.callers].sort((a, b) => b[1] - a[1])[0] ?? ["—", 0];
    return `${name.replaceAll("|", "\\|")} (${f.us ? Math.round((100 * us) / f.us) : 0}%)`;
  };
  const table = (rows) => {
    const L = [
      "| # | self ms | self % | function | file:line | main caller (share of this function's self time) |",
      "| ---: | ---: | ---: | --- | --- | --- |",
    ];
    rows.forEach((f, i) => {
      L.push(
        `| ${i + 1} | ${ms(f.us)} | ${pct(f.us)} | \`${f.name}\` | ${f.src ?? (f.file ? `${f.file}:${f.line}` : "—")} | ${topCaller(f)} |`,
      );
    });
    return L.join("\n");
  };
  const L = [`# ${title}`, ""];
  L.push(
    `Busy (non-idle) sampled time: ${ms(total)} ms; idle ${ms(idle)} ms. Self time per function; the whole process life (start-up and warm-up included). Resolute's frames are mapped back to src/*.ts through the dist source maps. V8 attributes inlined callees to their caller, so a hot small function may show up under the function it was inlined into.`,
  );
  L.push("");
  L.push("## Self time by area");
  L.push("");
  L.push("| area | self ms | self % |", "| --- | ---: | ---: |");
  for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1]))
    L.push(`| ${a} | ${ms(us)} | ${pct(us)} |`);
  L.push("");
  L.push(`## Top ${top} functions, whole process`);
  L.push("");
  L.push(table(all.slice(0, top)));
  L.push("");
  L.push(`## Top ${top} functions in Resolute's own code (packages/*)`);
  L.push("");
  L.push(table(all.filter((f) => f.file.startsWith("packages/")).slice(0, top)));
  L.push("");
  return L.join("\n");
}
