// The one seam between serve() and its HTTP/2 implementation: a function that takes over a
// socket once its first bytes showed the HTTP/2 preface (the lean h2c connection in h2c/).
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

/** Where the adapter reports its own failures (not the handlers'): the error and what failed. */
export type AdapterErrorReport = (err: unknown, message: string) => void;
