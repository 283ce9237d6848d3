// The server half of the harness: picks ports, starts restate-server until it is healthy
// (retrying when a port was taken meanwhile), kills, stops and restarts it on the same ports and
// data, and removes it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { guardDir, releaseDir } from "./exit-guard.js";
import { type PortRange, releasePorts, reservePorts } from "./free-ports.js";
import { LogBuffer } from "./log-buffer.js";
import { restateServerBinary } from "./server-binary.js";
import { type ServerConfig, type ServerPorts, serverConfig } from "./server-config.js";
import { ServerProcess } from "./server-process.js";
import { httpProbe, partitionsProbe, waitHealthy } from "./wait-healthy.js";

export interface ServerOptions {
  portRange?: PortRange | undefined;
  env?: Record<string, string> | undefined;
  serverArgs?: string[] | undefined;
  /** How long to wait for the server to become ready (internal; tests shorten it). */
  readyTimeoutMs?: number | undefined;
}

export interface NodeSpec extends Omit<ServerOptions, "portRange"> {
  ports: ServerPorts;
  nodeName?: string | undefined;
  /** Settings the harness adds for this node (cluster membership); `env` wins over them. */
  harnessEnv?: Record<string, string> | undefined;
}

const READY_TIMEOUT_MS = 30_000;
const START_ATTEMPTS = 5;
const LOG_LINES_IN_ERRORS = 30;
const ADDRESS_IN_USE = /address (already )?in use/i;

export class RestateServer {
  readonly logs = new LogBuffer();
  readonly ports: ServerPorts;
  readonly #config: ServerConfig;
  readonly #readyTimeoutMs: number;
  /** Holds the server's data directory; removed by stop(). */
  readonly tempDir: string;
  #process: ServerProcess | undefined;
  #stopped = false;

  private constructor(
    ports: ServerPorts,
    config: ServerConfig,
    tempDir: string,
    readyTimeoutMs: number,
  ) {
    this.ports = ports;
    this.#readyTimeoutMs = readyTimeoutMs;
    this.#config = config;
    this.tempDir = tempDir;
  }

  get ingressUrl(): string {
    return `http://127.0.0.1:${this.ports.ingress}`;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.ports.admin}`;
  }

  get pid(): number | undefined {
    return this.#process?.pid;
  }

  static async start(options: ServerOptions): Promise<RestateServer> {
    for (let attempt = 1; ; attempt++) {
      const [ingress = 0, admin = 0, fabric = 0] = await reservePorts(3, options.portRange);
      const server = await RestateServer.create({ ...options, ports: { ingress, admin, fabric } });
      try {
        await server.#launch();
        return server;
      } catch (error) {
        await server.stop();
        // Another process took one of the ports between probing and binding: try new ones.
        if (error instanceof PortTakenError && attempt < START_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  /**
   * A server on reserved ports with its own data directory, not started yet: cluster nodes must
   * all know each other's ports before any of them starts. Call `launch()`, and `stop()` at the end.
   */
  static async create(spec: NodeSpec): Promise<RestateServer> {
    const tempDir = await mkdtemp(join(tmpdir(), "resolute-restate-"));
    guardDir(tempDir);
    const config = serverConfig({
      binary: restateServerBinary(),
      ports: spec.ports,
      baseDir: join(tempDir, "data"),
      nodeName: spec.nodeName,
      harnessEnv: spec.harnessEnv,
      env: spec.env,
      serverArgs: spec.serverArgs,
    });
    return new RestateServer(spec.ports, config, tempDir, spec.readyTimeoutMs ?? READY_TIMEOUT_MS);
  }

  /** True while the process runs (started and neither exited nor stopped). */
  get running(): boolean {
    return this.#process !== undefined && this.#process.exitInfo === undefined;
  }

  /** Starts the process and waits until it is ready; throws PortTakenError if a port was taken. */
  launch(): Promise<void> {
    return this.#launch();
  }

  /** SIGKILL: the process dies at once, its data directory stays for a later `restart()`. */
  async kill(): Promise<void> {
    await this.#process?.kill();
  }

  /** SIGTERM (SIGKILL after a grace period); the data directory stays for a later `restart()`. */
  async terminate(): Promise<void> {
    await this.#process?.stop();
  }

  /**
   * Stops the process if it runs, and starts it again on the same ports with the same data
   * directory (and, in a cluster, the same node name).
   */
  async restart(): Promise<void> {
    if (this.#stopped) {
      throw new Error("restart(): this environment was stopped; call startRestate() again.");
    }
    await this.#process?.stop();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#launch();
      } catch (error) {
        // The ports cannot change (URLs are already handed out): wait for them to free up.
        if (!(error instanceof PortTakenError) || attempt >= START_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  /** Stops the process, removes the data and frees the ports. Safe to call more than once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#process?.stop();
    await rm(this.tempDir, { recursive: true, force: true, maxRetries: 3 });
    releaseDir(this.tempDir);
    releasePorts(Object.values(this.ports));
  }

  async #launch(): Promise<void> {
    const proc = new ServerProcess(this.#config, this.logs);
    this.#process = proc;
    const probes = [
      httpProbe(`${this.adminUrl}/health`),
      httpProbe(`${this.ingressUrl}/restate/health`),
      partitionsProbe(this.adminUrl),
    ];
    const result = await waitHealthy(probes, proc.exited, this.#readyTimeoutMs);
    if (result.ok) return;
    const tail = this.logs.tail(LOG_LINES_IN_ERRORS);
    if ("timeout" in result) {
      await proc.stop();
      throw new Error(
        `Restate server did not become ready within ${this.#readyTimeoutMs / 1000} s ` +
          `(still waiting for: ${result.pending.join("; ")}); it was killed. ` +
          `Check the server log below, and whether the machine is overloaded.\n` +
          `--- last restate-server log lines ---\n${tail}`,
      );
    }
    const how = result.exit.signal ? `signal ${result.exit.signal}` : `code ${result.exit.code}`;
    const message =
      `Restate server exited with ${how} before becoming healthy. ` +
      `Check serverArgs/env and the server log below.\n` +
      `--- last restate-server log lines ---\n${tail}`;
    throw ADDRESS_IN_USE.test(tail) ? new PortTakenError(message) : new Error(message);
  }
}

export class PortTakenError extends Error {}
