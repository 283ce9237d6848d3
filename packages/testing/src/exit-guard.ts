// Makes sure a server never outlives the test process: children are SIGKILLed and their data
// directories removed when the process exits or is terminated by a signal.
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { isMainThread } from "node:worker_threads";

const children = new Set<ChildProcess>();
const dirs = new Set<string>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let installed = false;

export function guardChild(child: ChildProcess): void {
  install();
  children.add(child);
  child.once("exit", () => children.delete(child));
}

export function guardDir(dir: string): void {
  install();
  dirs.add(dir);
}

export function releaseDir(dir: string): void {
  dirs.delete(dir);
}

function cleanup(): void {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // Best effort: the process is going away anyway.
    }
  }
  dirs.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  cleanup();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  // Keep the default behaviour (terminate) unless someone else handles this signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", cleanup);
  // Signal events only reach the main thread; a worker relies on the "exit" hook.
  if (isMainThread) for (const s of SIGNALS) process.on(s, onSignal);
}
