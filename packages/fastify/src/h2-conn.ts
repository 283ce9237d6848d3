// The one seam between serve() and its HTTP/2 implementation: a function that takes over a
// socket once its first bytes showed the HTTP/2 preface. Any implementation with this shape
// (node:http2 today, see node-h2c-connection.ts) can be plugged into serve.ts.
import type { Socket } from "node:net";

/** An HTTP/2 connection as serve() manages it. */
export interface H2Conn {
  /** Sends GOAWAY: open streams finish, no new ones start, then the connection closes. */
  shutdown(): void;
  /** Cuts the connection and every open stream. */
  destroy(): void;
  /** Streams started and not yet closed. */
  readonly openStreams: number;
  /** Settles once the connection is gone. */
  readonly closed: Promise<void>;
}

/** Takes over `socket`; `head` holds the bytes already read from it (the client preface). */
export type H2Connect = (socket: Socket, head: Buffer) => H2Conn;
