// serve()'s listening server: each connection's first bytes pick its protocol (HTTP/2 with prior
// knowledge, as the Restate server connects, or HTTP/1.1), so both are served on one port.
// Keeps every connection so a close can shut them down, or cut them.
import { createServer, type Server, type Socket } from "node:net";
import type { AdapterErrorReport, H2Conn, H2Connect } from "./h2-conn.js";
import type { Http1Connections } from "./http1-connections.js";
import { sniffPreface } from "./preface-sniff.js";

export class ConnectionRouter {
  readonly server: Server;
  readonly #connect: H2Connect;
  readonly #http1: Http1Connections;
  readonly #onError: AdapterErrorReport;
  // Connections whose protocol is not known yet.
  readonly #undecided = new Set<Socket>();
  readonly #h2 = new Set<H2Conn>();
  #closing = false;

  constructor(connect: H2Connect, http1: Http1Connections, onError: AdapterErrorReport) {
    this.#connect = connect;
    this.#http1 = http1;
    this.#onError = onError;
    this.server = createServer({ noDelay: true }, (socket) => this.#accept(socket));
  }

  /** No new requests: HTTP/2 connections get GOAWAY, idle HTTP/1.1 ones end. */
  shutdown(): void {
    this.#closing = true;
    for (const socket of this.#undecided) socket.destroy();
    for (const conn of this.#h2) conn.shutdown();
    this.#http1.shutdown();
  }

  /** Cuts every connection, in-flight requests included. */
  destroy(): void {
    for (const socket of this.#undecided) socket.destroy();
    for (const conn of this.#h2) conn.destroy();
    this.#http1.destroy();
  }

  #accept(socket: Socket): void {
    if (this.#closing) {
      socket.destroy();
      return;
    }
    this.#undecided.add(socket);
    socket.once("close", () => this.#undecided.delete(socket));
    sniffPreface(socket, (http2, head) => {
      this.#undecided.delete(socket);
      if (this.#closing || socket.destroyed) {
        socket.destroy();
        return;
      }
      if (!http2) {
        this.#http1.take(socket, head);
        return;
      }
      let conn: H2Conn;
      try {
        conn = this.#connect(socket, head);
      } catch (err) {
        this.#onError(err, "Could not set up an HTTP/2 connection");
        socket.destroy();
        return;
      }
      this.#h2.add(conn);
      void conn.closed.then(() => this.#h2.delete(conn));
    });
  }
}
