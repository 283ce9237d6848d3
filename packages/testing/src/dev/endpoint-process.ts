// The parent's handle on one endpoint child: spawn it (loading the module), let it listen,
// stop it. Every step resolves or rejects; a child that dies early rejects whatever waits.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { HandlerInputs } from "./handler-inputs.js";
import type { ChildMessage, ParentMessage } from "./messages.js";

const CHILD_SCRIPT = fileURLToPath(new URL("./endpoint-child.js", import.meta.url));
const STOP_GRACE_MS = 3_000;
const GROUP_POLLS = 100;
const GROUP_POLL_MS = 20;

/** Signals a process group; false once no process of it is left. */
function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

export class EndpointLoadError extends Error {}

export class EndpointProcess {
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #waiting: { type: ChildMessage["type"]; resolve(): void; reject(e: Error): void } | undefined;
  readonly #loaded: Promise<void>;
  #inputs: HandlerInputs | undefined;

  private constructor(modulePath: string, port: number) {
    // Its own process group: the loader's helper processes (esbuild) go with it on stop().
    this.#child = fork(CHILD_SCRIPT, [modulePath, String(port)], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      detached: true,
    });
    this.#exited = new Promise((resolve) => {
      this.#child.once("exit", (code, signal) => {
        const how = signal ? `signal ${signal}` : `code ${code}`;
        this.#waiting?.reject(new EndpointLoadError(`the endpoint process exited (${how})`));
        this.#waiting = undefined;
        resolve();
      });
    });
    this.#child.on("message", (message: ChildMessage) => {
      const waiting = this.#waiting;
      if (!waiting) return;
      this.#waiting = undefined;
      if (message.type === "loaded") this.#inputs = message.inputs;
      if (message.type === "failed") waiting.reject(new EndpointLoadError(message.error));
      else waiting.resolve();
    });
    this.#loaded = this.#expect("loaded");
    this.#loaded.catch(() => {}); // observed by loaded(); never an unhandled rejection
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Which handlers of the loaded code take input, as the code declares them (once loaded). */
  get inputs(): HandlerInputs | undefined {
    return this.#inputs;
  }

  /** Starts a child that imports the module; `loaded()` tells when it found an endpoint there. */
  static start(modulePath: string, port: number): EndpointProcess {
    return new EndpointProcess(modulePath, port);
  }

  /** Resolves once the module is imported and exports an endpoint; else stops the child. */
  async loaded(): Promise<void> {
    try {
      await this.#loaded;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Serves the loaded endpoint on the child's port. */
  async listen(): Promise<void> {
    const done = this.#expect("listening");
    this.#child.send({ type: "listen" } satisfies ParentMessage);
    await done;
  }

  /**
   * SIGTERM, then SIGKILL after a grace period; resolves when the child and every process of
   * its group are gone.
   */
  async stop(): Promise<void> {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill("SIGTERM");
      const timer = setTimeout(() => this.#child.kill("SIGKILL"), STOP_GRACE_MS);
      await this.#exited;
      clearTimeout(timer);
    }
    for (let i = 0; i < GROUP_POLLS && signalGroup(pid, "SIGKILL"); i++) {
      await new Promise((resolve) => setTimeout(resolve, GROUP_POLL_MS));
    }
  }

  #expect(type: ChildMessage["type"]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#child.exitCode !== null || this.#child.signalCode !== null) {
        reject(new EndpointLoadError("the endpoint process has exited"));
        return;
      }
      this.#waiting = { type, resolve, reject };
    });
  }
}
