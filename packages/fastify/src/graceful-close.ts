// Closing without cutting in-flight invocations short: Fastify stops routing (new requests get
// 503) and the server stops accepting connections; open requests finish within a time limit,
// after which their connections are destroyed (the core then sees aborts).
import type { Server as Http1Server } from "node:http";
import type { Http2Session } from "node:http2";
import type { FastifyInstance, RawServerBase } from "fastify";

/** Returns an idempotent close for `app`; call before the app is ready. */
export function gracefulClose(
  app: FastifyInstance<RawServerBase>,
  http2: boolean,
  timeoutMs: number,
): () => Promise<void> {
  const sessions = new Set<Http2Session>();
  if (http2) {
    app.server.on("session", (session: Http2Session) => {
      sessions.add(session);
      session.once("close", () => sessions.delete(session));
    });
    // Before Node 24, server.close() waits for HTTP/2 sessions without closing them; the Restate
    // server keeps them open for reuse. A GOAWAY lets their open streams finish, then ends them.
    app.addHook("preClose", (done) => {
      for (const session of sessions) session.close();
      done();
    });
  }

  const server = app.server as Http1Server;
  const force = () => {
    if (http2) for (const session of sessions) session.destroy();
    else server.closeAllConnections();
  };
  // server.close() closes idle HTTP/1.1 keep-alive connections only once; those busy then turn
  // idle when their response ends, so keep sweeping until the close is done.
  const sweep = () => server.closeIdleConnections();

  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      const timer = setTimeout(force, timeoutMs).unref();
      const sweeper = http2 ? undefined : setInterval(sweep, 100).unref();
      try {
        await app.close();
      } finally {
        clearTimeout(timer);
        clearInterval(sweeper);
      }
    })();
    return closing;
  };
}
