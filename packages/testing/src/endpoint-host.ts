// Serves a ServableEndpoint with @resolute/fastify on a fixed port and can "crash" it: killing
// destroys every open connection instead of waiting for the server's keep-alive HTTP/2 sessions.
import type { Server, Socket } from "node:net";
import type { ServableEndpoint } from "@resolute/core/adapter";

interface Served {
  readonly server: Server;
  close(): Promise<void>;
}

export class EndpointHost {
  readonly port: number;
  readonly #endpoint: ServableEndpoint;
  readonly #http1: boolean;
  #served: Served | undefined;
  #sockets = new Set<Socket>();

  constructor(endpoint: ServableEndpoint, port: number, http1: boolean) {
    this.#endpoint = endpoint;
    this.port = port;
    this.#http1 = http1;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#served !== undefined;
  }

  async start(): Promise<void> {
    if (this.#served) return;
    // Loaded lazily so tests that only use endpointUrl don't need the fastify adapter.
    const { serve } = await import("@resolute/fastify");
    const served = await serve(this.#endpoint, {
      port: this.port,
      host: "127.0.0.1",
      // Warnings and errors only: tests and the demo print their own output.
      logger: { level: "warn" },
      ...(this.#http1 ? { http1: true } : {}),
    });
    served.server.on("connection", (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once("close", () => this.#sockets.delete(socket));
    });
    this.#served = served;
  }

  async kill(): Promise<void> {
    const served = this.#served;
    if (!served) return;
    this.#served = undefined;
    const closing = served.close();
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await closing;
  }
}
