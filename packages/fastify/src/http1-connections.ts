// HTTP/1.1 connections of serve(): a node:http server that never listens is handed the sockets
// the preface sniffer recognised as HTTP/1.1. It is created on the first such connection, so a
// server only ever spoken to over HTTP/2 never builds it.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { Socket } from "node:net";
import type { EndpointHandler } from "@resolute/core/adapter";
import { type ErrorLog, exchange } from "./exchange.js";
import type { RawRequest, RawResponse } from "./raw-http.js";

const CLOSING_BODY = JSON.stringify({ message: "The endpoint is shutting down." });

export class Http1Connections {
  readonly #handler: EndpointHandler;
  readonly #log: ErrorLog;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  // Sockets with a request in flight; the others are idle keep-alive connections.
  readonly #busy = new Set<Socket>();
  #closing = false;

  constructor(handler: EndpointHandler, log: ErrorLog) {
    this.#handler = handler;
    this.#log = log;
  }

  /** Serves `socket`, whose first bytes `head` were already read. */
  take(socket: Socket, head: Buffer): void {
    this.#server ??= this.#create();
    this.#sockets.add(socket);
    socket.once("close", () => {
      this.#sockets.delete(socket);
      this.#busy.delete(socket);
    });
    socket.unshift(head);
    this.#server.emit("connection", socket);
    socket.resume();
  }

  /** New requests get 503; idle connections end now, busy ones once their response is done. */
  shutdown(): void {
    this.#closing = true;
    for (const socket of this.#sockets) if (!this.#busy.has(socket)) socket.destroy();
  }

  /** Cuts every connection, in-flight requests included. */
  destroy(): void {
    for (const socket of this.#sockets) socket.destroy();
  }

  #create(): Server {
    // Loaded on the first HTTP/1.1 connection: the Restate server speaks HTTP/2 by default, and
    // node:http costs ~3 ms of start-up. As Fastify had them: no request time limit, keep-alive 72 s.
    const { createServer } = createRequire(import.meta.url)(
      "node:http",
    ) as typeof import("node:http");
    const server = createServer({ requestTimeout: 0, keepAliveTimeout: 72_000 });
    server.on("request", (req: IncomingMessage, res: ServerResponse) => this.#request(req, res));
    return server;
  }

  #request(req: IncomingMessage, res: ServerResponse): void {
    const socket = req.socket;
    if (this.#closing) {
      res.writeHead(503, { "content-type": "application/json", connection: "close" });
      res.end(CLOSING_BODY);
      req.resume();
      return;
    }
    this.#busy.add(socket);
    res.once("close", () => {
      this.#busy.delete(socket);
      // Closing: the response is out, so this keep-alive connection is done (end() flushes it).
      if (this.#closing) socket.end();
    });
    exchange(
      this.#handler,
      req.method ?? "GET",
      req.url ?? "/",
      req as RawRequest,
      res as RawResponse,
      this.#log,
    );
  }
}
