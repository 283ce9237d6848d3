// A standalone server for one endpoint on node:net, with our own lean HTTP/2 (h2c/) and, for
// HTTP/1.1, node:http: no framework on the request path or at start-up. HTTP/2 with prior knowledge (how the Restate server
// connects) and HTTP/1.1 are both served on the one port; the protocol mode in the manifest is
// BIDI_STREAM, or REQUEST_RESPONSE with `http1: true`.

import type { AddressInfo, Server } from "node:net";
import type { ServableEndpoint } from "@resolute/core/adapter";
// fastify is an optional peer: where it is missing, a user's tsc (skipLibCheck off) reads these
// declarations without it, and the directive below makes Fastify's types `any` instead of
// failing. A JSDoc comment, because tsc keeps it in the .d.ts; not @ts-expect-error, which
// would fail where fastify is installed. The import stays on one line: the directive covers
// the next line only.
// biome-ignore lint/suspicious/noTsIgnore: the error to ignore exists only without fastify
/** @ts-ignore: fastify is an optional peer; without it, these types are any */
import type { FastifyInstance, FastifyServerOptions, RawServerBase } from "fastify";
import { ConnectionRouter } from "./connection-router.js";
import { createFastifyApp } from "./fastify-app.js";
import { closeGracefully } from "./graceful-close.js";
import type { AdapterErrorReport } from "./h2-conn.js";
import { serveH2cConnection } from "./h2c/index.js";
import { Http1Connections } from "./http1-connections.js";
import { type LoggerOption, loggerFor, pinoSink } from "./pino-sink.js";

/** Options for {@link serve}. */
export interface ServeOptions {
  /** Port to listen on; `0` picks a free one (see {@link Served.port}). Default `9080`. */
  readonly port?: number;
  /**
   * Interface to bind. Default `"127.0.0.1"`, reachable only from this machine; use `"0.0.0.0"`
   * (or `"::"`) when the Restate server runs elsewhere, e.g. in another container.
   */
  readonly host?: string;
  /**
   * Announce `REQUEST_RESPONSE` mode, for a Restate server that reaches the endpoint over
   * HTTP/1.1 (`--use-http1.1`). Both HTTP/2 and HTTP/1.1 are served either way; the default
   * mode is `BIDI_STREAM`.
   */
  readonly http1?: boolean;
  /**
   * Fastify's logger option: `true` or pino options (with `stream` or `file`). It builds the
   * pino logger that ctx.console and the adapter's own errors write to. Default `false`: a pino
   * logger at level "info" is created when the first line is written. ctx.console lines carry
   * the invocation's service, handler, key and id as fields.
   */
  readonly logger?: FastifyServerOptions<RawServerBase>["logger"];
  /** How long `close()` lets in-flight requests run before cutting them, in ms. Default 30 000. */
  readonly closeTimeout?: number;
  /** Close gracefully on SIGTERM. Default `false`. */
  readonly handleSignals?: boolean;
}

/** A running server. */
export interface Served {
  /**
   * A Fastify instance with the endpoint mounted, created when first read (this needs the
   * optional `fastify` package; without it, reading `app` throws). It does not serve the
   * port: routes added to it answer through `app.inject()` only. Its `server` is
   * {@link Served.server}.
   */
  readonly app: FastifyInstance<RawServerBase>;
  /** The listening server (each connection is handed to HTTP/2 or HTTP/1.1 by its first bytes). */
  readonly server: Server;
  /** The port actually bound. */
  readonly port: number;
  /** Stops accepting requests, waits for in-flight ones (up to `closeTimeout`), then resolves. */
  close(): Promise<void>;
}

/**
 * Serves an endpoint on its own port. Register it with the Restate server at
 * `http://<host>:<port>`.
 *
 * @example
 * const served = await serve(endpoint().bind(greeter), { port: 9080, handleSignals: true });
 * // later
 * await served.close();
 */
export async function serve(
  endpoint: ServableEndpoint,
  options: ServeOptions = {},
): Promise<Served> {
  const protocolMode = options.http1 === true ? "REQUEST_RESPONSE" : "BIDI_STREAM";
  const loggerOption = options.logger as LoggerOption | undefined;
  const log = loggerFor(loggerOption);
  const onError: AdapterErrorReport = (err, message) => log.error({ err }, message);
  const handler = endpoint.handler({ protocolMode, logger: pinoSink(log) });
  const router = new ConnectionRouter(
    (socket, head) => serveH2cConnection(socket, handler, { head, onError }),
    new Http1Connections(handler, log),
    onError,
  );
  const server = router.server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 9080, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => onError(err, "The server failed"));
  const port = (server.address() as AddressInfo).port;

  let app: FastifyInstance<RawServerBase> | undefined;
  // The one memo of closing: every close() (and SIGTERM) gets the same promise.
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await closeGracefully(router, handler, options.closeTimeout ?? 30_000);
      await app?.close(); // runs the app's onClose hooks; it never listened, so owns no socket
    })();
    return closing;
  };

  let onSignal: (() => void) | undefined;
  if (options.handleSignals === true) {
    onSignal = () => {
      void close()
        .catch((err: unknown) => onError(err, "Closing on SIGTERM failed"))
        .then(() => {
          // Exit as SIGTERM would have, unless the application listens for it too.
          if (process.listenerCount("SIGTERM") === 0) process.kill(process.pid, "SIGTERM");
        });
    };
    process.once("SIGTERM", onSignal);
  }

  return {
    get app() {
      app ??= createFastifyApp({
        server,
        endpoint,
        handler,
        protocolMode,
        logger: loggerOption ? log : undefined,
      });
      return app;
    },
    server,
    port,
    close: () => {
      if (onSignal) process.off("SIGTERM", onSignal);
      return close();
    },
  };
}
