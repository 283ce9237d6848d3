// Starts a runtime (bun, deno, node) as a child process serving an endpoint, and waits for the
// line in which the example announces its port. Output is kept for failure messages.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** The binary a root devDependency installs, e.g. `bin("deno")`. */
export function bin(name: string): string {
  return `${repoRoot}node_modules/.bin/${name}`;
}

export interface Served {
  readonly url: string;
  /** Everything the runtime printed so far. */
  output(): string;
  /** Whether the process is still running (it must survive bad input). */
  alive(): boolean;
  stop(): Promise<void>;
}

const LISTENING = /listening on port (\d+)/;

export function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<Served> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, PORT: "0", NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: the npm shims (node_modules/.bin/bun) start the real binary as a
    // child, and stopping the group stops both.
    detached: true,
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signalGroup(child, "SIGKILL");
      reject(new Error(`${command} did not announce its port in time:\n${output}`));
    }, options.timeoutMs ?? 30_000);
    const onData = () => {
      const m = LISTENING.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      resolve({
        url: `http://127.0.0.1:${m[1]}`,
        output: () => output,
        alive: () => child.exitCode === null && child.signalCode === null,
        stop: () => stopChild(child),
      });
    };
    child.stdout.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before serving:\n${output}`));
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => signalGroup(child, "SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      signalGroup(child, "SIGKILL"); // whatever the shim left behind
      resolve();
    });
    signalGroup(child, "SIGTERM");
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is gone already
  }
}
