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

/** How long a client may take to send a request head, and how often that is checked (ms). */
export interface Http1Limits {
  readonly headersTimeout: number;
  readonly checkInterval: number;
}
// node:http's own defaults: a request head must arrive within 60 s, checked every 30 s.
const DEFAULT_LIMITS: Http1Limits = { headersTimeout: 60_000, checkInterval: 30_000 };

export class Http1Connections {
  readonly #handler: EndpointHandler;
  readonly #log: ErrorLog;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  // Sockets with a request in flight; the others are idle keep-alive connections.
  readonly #busy = new Set<Socket>();
  #closing = false;

  readonly #limits: Http1Limits;

  constructor(handler: EndpointHandler, log: ErrorLog, limits: Http1Limits = DEFAULT_LIMITS) {
    this.#handler = handler;
    this.#log = log;
    this.#limits = limits;
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
    this.#stopChecks();
  }

  /** Cuts every connection, in-flight requests included. */
  destroy(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#stopChecks();
  }

  // close() of a server that never listened only clears node:http's checking interval; the
  // "not running" error it reports is expected.
  #stopChecks(): void {
    this.#server?.close(() => {});
  }

  #create(): Server {
    // Loaded on the first HTTP/1.1 connection: the Restate server speaks HTTP/2 by default, and
    // node:http costs ~3 ms of start-up. As Fastify had them: no request time limit, keep-alive 72 s.
    const { createServer } = createRequire(import.meta.url)(
      "node:http",
    ) as typeof import("node:http");
    const server = createServer({
      requestTimeout: 0,
      keepAliveTimeout: 72_000,
      headersTimeout: this.#limits.headersTimeout,
      connectionsCheckingInterval: this.#limits.checkInterval,
    });
    server.on("request", (req: IncomingMessage, res: ServerResponse) => this.#request(req, res));
    // node:http arms its per-connection checks (the request-head timeout against slow clients)
    // when its server starts listening; this one never listens, so start them the same way.
    server.emit("listening");
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
