// `resolute dev` on the greeter example, as a user runs it: the bin, a copy of the sources in a
// temporary folder, the printed curl lines, edits that reload, and Ctrl-C.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { greeter } from "@resolute/example-greeter/greeter";
import { startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "packages/testing/bin/resolute.js");
const EXAMPLE = join(ROOT, "examples/greeter");
const WAIT_MS = 45_000;
const run = promisify(execFile);

let dir: string;
let dev: ChildProcess;
let output = "";
const listeners = new Set<() => void>();

/** Resolves once `predicate` holds for the dev command's output (checked on every chunk). */
function waitForOutput(predicate: (text: string) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate(output)) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for ${what}; output so far:\n${output}`));
    }, WAIT_MS);
    const cleanup = () => {
      clearTimeout(timer);
      listeners.delete(check);
    };
    listeners.add(check);
    check();
  });
}

/** The contents of a file the handler writes, once it is there. */
async function waitForFile(path: string): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const text = existsSync(path) ? readFileSync(path, "utf8") : "";
    if (text.length > 0) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${path} was not written; output so far:\n${output}`);
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** The printed curl line for a handler (the last one printed: it may be re-printed). */
function curlLine(path: string): string {
  const lines = output.split("\n").filter((l) => l.trim().startsWith("curl ") && l.includes(path));
  const line = lines.at(-1);
  if (!line) throw new Error(`no curl line for ${path} in:\n${output}`);
  return line.trim();
}

async function shell(line: string): Promise<string> {
  return (await run("sh", ["-c", line])).stdout;
}

function ingressUrl(): string {
  const match = /ingress (http:\/\/[0-9.:]+)/.exec(output);
  if (!match) throw new Error(`no ingress URL printed:\n${output}`);
  return match[1]!;
}

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${ingressUrl()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const path = join(dir, "src", file);
  const text = await readFile(path, "utf8");
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${JSON.stringify(from)}`);
  await writeFile(path, text.replace(from, to));
}

/** Every process below `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, "packages/testing/dist/dev/cli.js"))) {
    throw new Error("The resolute bin runs from dist/: run `pnpm run build` first.");
  }
  // A copy of the example's sources, resolving its dependencies through the example's own.
  dir = await mkdtemp(join(tmpdir(), "resolute-dev-test-"));
  await cp(join(EXAMPLE, "src"), join(dir, "src"), { recursive: true });
  await symlink(join(EXAMPLE, "node_modules"), join(dir, "node_modules"), "dir");
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  dev = spawn(process.execPath, [BIN, "dev", join(dir, "src/endpoint.ts")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of [...listeners]) listener();
  };
  dev.stdout?.on("data", collect);
  dev.stderr?.on("data", collect);
});

afterAll(async () => {
  if (dev && dev.exitCode === null && dev.signalCode === null) {
    const pids = descendants(dev.pid!);
    dev.kill("SIGKILL");
    for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("resolute dev", () => {
  it("prints a curl line per handler that answers, with a sample body from the schema", async () => {
    await waitForOutput((t) => t.includes("watching "), "the first registration");
    for (const path of ["/Greeter/greet", "/Greeter/welcome", "/Counter/demo/add"]) {
      expect(curlLine(path)).toContain(`${ingressUrl()}${path}`);
    }
    expect(await shell(curlLine("/Greeter/welcome"))).toBe('"Welcome, Ann!"');
    // Handlers without input get no body; the others a body, a placeholder when no schema says.
    expect(curlLine("/Counter/demo/current")).toBe(
      `curl -s -X POST ${ingressUrl()}/Counter/demo/current`,
    );
    expect(curlLine("/Counter/demo/reset")).not.toContain(" -d ");
    expect(curlLine("/Greeter/greet")).toContain("-d 'null'  # ");
    // Every printed line, pasted as it is, answers 200.
    const printed = output.split("\n").filter((l) => l.trim().startsWith("curl "));
    expect(printed).toHaveLength(5);
    for (const line of printed) {
      const withStatus = line.trim().replace(/^curl -s /, "curl -s -w ' %{http_code}' ");
      expect(await shell(withStatus), line).toMatch(/ 200$/);
    }
    expect(await shell(curlLine("/Counter/demo/current"))).toBe("0");
    expect(await (await post("/Counter/demo/add", 5)).json()).toBe(5);
    expect(await shell(curlLine("/Counter/demo/current"))).toBe("5");
  });

  it("reloads an edit and re-registers (forced when handlers change); state survives", async () => {
    const registered = count(output, "resolute dev: registered");
    // A changed greeting and a new handler that waits on an awakeable, to stay in flight.
    await edit("greeter.ts", "`Welcome, ", "`Hi again, ");
    await edit(
      "greeter.ts",
      "  handlers: {\n",
      `  handlers: {
    hold: async (ctx: Context, file: string) => {
      const { id, promise } = ctx.awakeable<string>();
      await ctx.run("publish id", () => writeFileSync(file, id));
      return \`v1 \${await promise}\`;
    },
`,
    );
    await edit(
      "greeter.ts",
      "import { z }",
      'import { writeFileSync } from "node:fs";\nimport { z }',
    );
    await waitForOutput(
      (t) => count(t, "resolute dev: registered") > registered && t.includes("/Greeter/hold"),
      "the reload",
    );
    expect(output).toContain("forced: handlers changed");
    expect(await shell(curlLine("/Greeter/welcome"))).toBe('"Hi again, Ann!"');
    expect(await (await post("/Counter/demo/current", null)).json()).toBe(5);
  });

  it("an invocation in flight across a reload finishes on the new code", async () => {
    const file = join(dir, "awakeable-id");
    const sent = (await (await post("/Greeter/hold/send", file)).json()) as {
      invocationId: string;
    };
    const awakeableId = await waitForFile(file);

    const registered = count(output, "resolute dev: registered");
    await edit("greeter.ts", "`v1 ", "`v2 ");
    await waitForOutput((t) => count(t, "resolute dev: registered") > registered, "the reload");

    const resolved = await post(`/restate/awakeables/${awakeableId}/resolve`, "done");
    expect(resolved.ok).toBe(true);
    const attached = await fetch(`${ingressUrl()}/restate/invocation/${sent.invocationId}/attach`);
    expect(await attached.json()).toBe("v2 done");
  });

  it("a module that stops exporting an endpoint is reported; the last good version serves", async () => {
    await edit("endpoint.ts", "export default greeterEndpoint;", "");
    await waitForOutput((t) => t.includes("exports no endpoint"), "the load error");
    expect(await shell(curlLine("/Greeter/welcome"))).toBe('"Hi again, Ann!"');
  });

  it("Ctrl-C stops the server and the endpoint, and leaves no process", async () => {
    const pids = descendants(dev.pid!);
    expect(pids.length).toBeGreaterThanOrEqual(2); // the server and the endpoint child
    const exited = new Promise<number | null>((resolve) => dev.once("exit", resolve));
    dev.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    await expect(fetch(`${ingressUrl()}/restate/health`)).rejects.toThrow();
  });
});

describe("resolute dev --admin-url", () => {
  it("registers with a server it did not start, and leaves that server running", async () => {
    const server = await startRestate();
    const proc = spawn(
      process.execPath,
      [
        BIN,
        "dev",
        join(EXAMPLE, "src/endpoint.ts"),
        "--admin-url",
        server.adminUrl,
        "--ingress-url",
        server.ingressUrl,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      let text = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no registration:\n${text}`)), WAIT_MS);
        const onData = (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes("watching ")) {
            clearTimeout(timer);
            resolve();
          }
        };
        proc.stdout?.on("data", onData);
        proc.stderr?.on("data", onData);
      });
      expect(text).toContain(`Restate server at ${server.adminUrl}`);
      expect(await server.client.serviceClient(greeter).greet("Bo")).toBe("Hello, Bo!");
      const exited = new Promise<number | null>((resolve) => proc.once("exit", resolve));
      proc.kill("SIGINT");
      expect(await exited).toBe(0);
      expect((await fetch(`${server.adminUrl}/health`)).ok).toBe(true);
    } finally {
      if (proc.exitCode === null) proc.kill("SIGKILL");
      await server.stop();
    }
  });
});

describe("resolute dev, a module that never finishes loading", () => {
  it("Ctrl-C still stops everything", async () => {
    const stuck = await mkdtemp(join(tmpdir(), "resolute-dev-stuck-"));
    await writeFile(join(stuck, "package.json"), JSON.stringify({ type: "module" }));
    await writeFile(join(stuck, "endpoint.ts"), "export default await new Promise(() => {});\n");
    const proc = spawn(process.execPath, [BIN, "dev", join(stuck, "endpoint.ts")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let text = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no server:\n${text}`)), WAIT_MS);
        proc.stdout?.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes("embedded Restate server")) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const pids = descendants(proc.pid!);
      const exited = new Promise<number | null>((resolve) => proc.once("exit", resolve));
      proc.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(pids.filter(alive)).toEqual([]);
    } finally {
      if (proc.exitCode === null) proc.kill("SIGKILL");
      await rm(stuck, { recursive: true, force: true });
    }
  });
});

describe("resolute dev, bad input", () => {
  it("an unknown option is a usage error", async () => {
    const bad = run(process.execPath, [
      BIN,
      "dev",
      join(EXAMPLE, "src/endpoint.ts"),
      "--prot",
      "1",
    ]);
    await expect(bad).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--prot") });
  });

  it("a missing module is a usage error, not a crash", async () => {
    const missing = run(process.execPath, [BIN, "dev", join(tmpdir(), "no-such-module.ts")]);
    await expect(missing).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("is not a file"),
    });
  });
});
