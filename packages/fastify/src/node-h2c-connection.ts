// One cleartext HTTP/2 connection served by node:http2, every stream straight to the core.
// serve() reaches it only through an H2Connect function (h2-conn.ts).
import { createServer, type Http2Server, type ServerHttp2Session } from "node:http2";
import type { Socket } from "node:net";
import type { EndpointHandler } from "@resolute/core/adapter";
import type { H2Conn } from "./h2-conn.js";
import { type AdapterErrorReport, serveStream } from "./stream-fast-path.js";

export interface H2ConnectionOptions {
  /** Bytes already read from the socket, to be parsed before anything else. */
  readonly head: Buffer;
  readonly onError: AdapterErrorReport;
}

// Never listens: it only turns sockets into sessions, the way it does for its own connections.
// Without a 'request' listener Node does not set up its compatibility layer.
let sessions: Http2Server | undefined;
let created: ServerHttp2Session | undefined;

/** Serves HTTP/2 with prior knowledge on `socket` with node:http2. */
export function serveNodeH2cConnection(
  socket: Socket,
  handler: EndpointHandler,
  options: H2ConnectionOptions,
): H2Conn {
  if (!sessions) {
    sessions = createServer();
    sessions.on("session", (session: ServerHttp2Session) => {
      created = session;
    });
  }
  // The session reads what is buffered on the socket before its own reads, so the bytes taken
  // to recognise HTTP/2 are put back in front.
  socket.unshift(options.head);
  sessions.emit("connection", socket);
  const session = created;
  created = undefined;
  if (!session) throw new Error("node:http2 did not create a session for the connection");

  const onError = options.onError;
  let open = 0;
  const streamClosed = () => {
    open--;
  };
  session.on("stream", (stream, headers) => {
    open++;
    serveStream(handler, stream, headers, onError, streamClosed);
  });
  session.on("error", (err: NodeJS.ErrnoException) => {
    // A peer that goes away is routine (the Restate server drops idle connections).
    if (err.code !== "ECONNRESET" && err.code !== "EPIPE") onError(err, "HTTP/2 connection failed");
  });
  const closed = new Promise<void>((resolve) => session.once("close", resolve));
  return {
    shutdown: () => {
      if (!session.closed) session.close();
    },
    destroy: () => session.destroy(),
    get openStreams() {
      return open;
    },
    closed,
  };
}
