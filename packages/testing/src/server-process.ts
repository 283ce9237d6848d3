// One running restate-server child process: output capture, exit tracking and shutdown.
import { type ChildProcess, spawn } from "node:child_process";
import { guardChild } from "./exit-guard.js";
import type { LogBuffer } from "./log-buffer.js";
import type { ServerConfig } from "./server-config.js";

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const STOP_GRACE_MS = 10_000;

export class ServerProcess {
  readonly pid: number;
  /** Settles when the process has exited (and been reaped). */
  readonly exited: Promise<ExitInfo>;
  #child: ChildProcess;
  #exit: ExitInfo | undefined;

  constructor(config: ServerConfig, logs: LogBuffer) {
    const child = spawn(config.binary, config.args, {
      env: config.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    child.stdout?.on("data", (chunk: Buffer) => logs.append(chunk));
    child.stderr?.on("data", (chunk: Buffer) => logs.append(chunk));
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
      });
      child.once("error", (error) => {
        // Spawning failed (e.g. binary not executable): report it like an exit.
        logs.append(`failed to start restate-server: ${error.message}\n`);
        this.#exit = { code: null, signal: null };
        resolve(this.#exit);
      });
    });
    if (child.pid === undefined) {
      this.pid = -1;
    } else {
      this.pid = child.pid;
      guardChild(child);
    }
  }

  get exitInfo(): ExitInfo | undefined {
    return this.#exit;
  }

  /** SIGKILL: the node dies at once, like a crashed machine. */
  async kill(): Promise<void> {
    if (this.#exit) return;
    this.#child.kill("SIGKILL");
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if the server has not shut down within the grace period. */
  async stop(): Promise<void> {
    if (this.#exit) return;
    this.#child.kill("SIGTERM");
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), STOP_GRACE_MS);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
