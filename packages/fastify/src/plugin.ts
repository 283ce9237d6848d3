// The Fastify plugin: one catch-all route under the plugin's prefix hands every request to the
// core. Deliberately not wrapped with fastify-plugin: it stays encapsulated, so its content-type
// parsers never reach the application's own routes.
import type { EndpointHandler, ProtocolMode, ServableEndpoint } from "@resolute/core/adapter";
// fastify is an optional peer: serve.ts says why this one-line import is ignored if missing.
// biome-ignore lint/suspicious/noTsIgnore: the error to ignore exists only without fastify
/** @ts-ignore: fastify is an optional peer; without it, these types are any */
import type { FastifyPluginCallback, RawServerBase } from "fastify";
import { exchange } from "./exchange.js";
import { sinkFor } from "./pino-sink.js";
import type { RawRequest, RawResponse } from "./raw-http.js";

/** Options for {@link resolute}; Fastify's own `prefix` goes beside them. */
export interface ResoluteOptions {
  /** The endpoint to serve, e.g. `endpoint().bind(greeter)`. */
  readonly endpoint: ServableEndpoint;
  /**
   * How the Restate server talks to this endpoint. Defaults to `BIDI_STREAM` when the app
   * serves HTTP/2 (`fastify({ http2: true })`), else `REQUEST_RESPONSE`.
   */
  readonly protocolMode?: ProtocolMode;
  /** A handler already built from `endpoint`, to share it (serve() does, with its fast path). */
  readonly handler?: EndpointHandler;
}

/**
 * Mounts a Resolute endpoint in a Fastify app, beside the app's own routes and hooks. The
 * Restate server is then registered with the prefixed URL, e.g. `http://host:9080/restate`.
 *
 * @example
 * const app = fastify({ http2: true });
 * app.get("/hello", async () => "hi");
 * await app.register(resolute, { endpoint: endpoint().bind(greeter), prefix: "/restate" });
 * await app.listen({ port: 9080 });
 */
export const resolute: FastifyPluginCallback<ResoluteOptions, RawServerBase> = (
  app,
  options,
  done,
) => {
  const protocolMode =
    options.protocolMode ?? (app.initialConfig.http2 === true ? "BIDI_STREAM" : "REQUEST_RESPONSE");
  const handler =
    options.handler ?? options.endpoint.handler({ protocolMode, logger: sinkFor(app.log) });

  // The body is the core's to stream: this parser declares every content type handled without
  // reading a byte, and runs before the handler, so no request waits for its body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (_request, _payload, parsed) => parsed(null));

  // On close, invocations waiting for a result suspend at once instead of holding their stream
  // open until the close timeout; those executing a step finish it first.
  app.addHook("preClose", (finished) => {
    handler.drain?.();
    finished();
  });

  app.route({
    method: ["GET", "POST"],
    url: "/*",
    // No "incoming request" line per invocation; ctx.console still logs through app.log.
    logLevel: "warn",
    handler(request, reply) {
      reply.hijack();
      exchange(
        handler,
        request.method,
        request.url,
        request.raw as RawRequest,
        reply.raw as RawResponse,
        request.log,
      );
    },
  });
  done();
};
