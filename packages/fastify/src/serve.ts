// A standalone Fastify server for one endpoint: h2c (HTTP/2 with prior knowledge, as the Restate
// server connects) in bidi streaming mode by default, or HTTP/1.1 in request/response mode.

import type { Http2Server } from "node:http2";
import type { AddressInfo } from "node:net";
import type { ServableEndpoint } from "@resolute/core/adapter";
import {
  type FastifyInstance,
  type FastifyServerOptions,
  fastify,
  type RawServerBase,
} from "fastify";
import { gracefulClose } from "./graceful-close.js";
import { sinkFor } from "./pino-sink.js";
import { resolute } from "./plugin.js";
import { installStreamFastPath } from "./stream-fast-path.js";

// The standalone server declares no route schemas. Giving Fastify compilers up front keeps it
// from loading ajv and fast-json-stringify at start-up (about 40 ms).
const noSchemas = (): never => {
  throw new Error(
    "serve() has no schema compilers; register the resolute plugin in your own Fastify app to use route schemas.",
  );
};
const NO_SCHEMAS = {
  compilersFactory: { buildValidator: () => noSchemas, buildSerializer: () => noSchemas },
};

/** Options for {@link serve}. */
export interface ServeOptions {
  /** Port to listen on; `0` picks a free one (see {@link Served.port}). Default `9080`. */
  readonly port?: number;
  /**
   * Interface to bind. Default `"127.0.0.1"`, reachable only from this machine; use `"0.0.0.0"`
   * (or `"::"`) when the Restate server runs elsewhere, e.g. in another container.
   */
  readonly host?: string;
  /** Serve HTTP/1.1 in `REQUEST_RESPONSE` mode instead of h2c in `BIDI_STREAM` mode. */
  readonly http1?: boolean;
  /**
   * Fastify's logger option: `true` or pino/Fastify logger options. Default `false`: Fastify
   * does not log, and ctx.console writes through a pino logger at level "info" created on the
   * first line, with the invocation's service, handler, key and id as fields.
   */
  readonly logger?: FastifyServerOptions<RawServerBase>["logger"];
  /** How long `close()` lets in-flight requests run before cutting them, in ms. Default 30 000. */
  readonly closeTimeout?: number;
  /** Close gracefully on SIGTERM. Default `false`. */
  readonly handleSignals?: boolean;
}

/** A running server. */
export interface Served {
  readonly app: FastifyInstance<RawServerBase>;
  /** The port actually bound. */
  readonly port: number;
  /** Stops accepting requests, waits for in-flight ones (up to `closeTimeout`), then resolves. */
  close(): Promise<void>;
}

/**
 * Serves an endpoint with its own Fastify server. Register it with the Restate server at
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
  const http1 = options.http1 === true;
  const logger = options.logger ?? false;
  // Each branch gets fastify's own server typing; the rest of the code is server-agnostic.
  const app = (
    http1
      ? fastify({ logger, schemaController: NO_SCHEMAS })
      : fastify({ http2: true, logger, schemaController: NO_SCHEMAS })
  ) as FastifyInstance<RawServerBase>;
  const close = gracefulClose(app, !http1, options.closeTimeout ?? 30_000);
  const protocolMode = http1 ? "REQUEST_RESPONSE" : "BIDI_STREAM";
  const handler = endpoint.handler({ protocolMode, logger: sinkFor(app.log) });
  if (!http1) {
    let closing = false;
    app.addHook("preClose", (done) => {
      closing = true;
      done();
    });
    installStreamFastPath(app.server as Http2Server, handler, () => closing, app.log);
  }
  await app.register(resolute, { endpoint, protocolMode, handler });
  await app.listen({ port: options.port ?? 9080, host: options.host ?? "127.0.0.1" });
  const port = (app.server.address() as AddressInfo).port;

  if (options.handleSignals !== true) return { app, port, close };
  const onSignal = () => {
    void close()
      .catch((err: unknown) => app.log.error({ err }, "Closing on SIGTERM failed"))
      .then(() => {
        // Exit as SIGTERM would have, unless the application listens for it too.
        if (process.listenerCount("SIGTERM") === 0) process.kill(process.pid, "SIGTERM");
      });
  };
  process.once("SIGTERM", onSignal);
  return {
    app,
    port,
    close: () => {
      process.off("SIGTERM", onSignal);
      return close();
    },
  };
}
