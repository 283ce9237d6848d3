// One node of the environment as tests see it: its URLs and its life cycle (crash, stop, restart).
import type { RestateServer } from "./restate-server.js";
import type { RestateNode } from "./types.js";

export class NodeHandle implements RestateNode {
  readonly name: string;
  readonly server: RestateServer;
  readonly #afterRestart: (node: NodeHandle) => Promise<void>;

  constructor(
    name: string,
    server: RestateServer,
    afterRestart: (node: NodeHandle) => Promise<void>,
  ) {
    this.name = name;
    this.server = server;
    this.#afterRestart = afterRestart;
  }

  get ingressUrl(): string {
    return this.server.ingressUrl;
  }

  get adminUrl(): string {
    return this.server.adminUrl;
  }

  get running(): boolean {
    return this.server.running;
  }

  kill(): Promise<void> {
    return this.server.kill();
  }

  stop(): Promise<void> {
    return this.server.terminate();
  }

  async restart(): Promise<void> {
    this.server.logs.append(`--- resolute: restarting restate-server ${this.name} ---\n`);
    await this.server.restart();
    await this.#afterRestart(this);
  }

  logs(): string {
    return this.server.logs.text();
  }
}
