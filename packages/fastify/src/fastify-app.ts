// serve()'s `app`: a Fastify instance built only when someone asks for it, so serving pays
// neither for loading Fastify (~65 ms) nor for creating it (~40 ms). Fastify is an optional
// peer dependency; it is required synchronously because `app` is a getter.
import { createRequire } from "node:module";
import type { Server } from "node:net";
import type { EndpointHandler, ProtocolMode, ServableEndpoint } from "@resolute/core/adapter";
import type { FastifyInstance, FastifyServerOptions, RawServerBase } from "fastify";
import type { Logger } from "./pino-sink.js";
import { resolute } from "./plugin.js";

/** `served.app` was read but the `fastify` package cannot be loaded. */
export class FastifyNotInstalledError extends Error {
  constructor(cause: unknown) {
    super(
      "served.app is a Fastify instance, but the fastify package is not installed: npm install fastify",
      { cause },
    );
    this.name = "FastifyNotInstalledError";
  }
}

export interface AppParts {
  /** serve()'s listening server, given to Fastify as its server. */
  readonly server: Server;
  readonly endpoint: ServableEndpoint;
  readonly handler: EndpointHandler;
  readonly protocolMode: ProtocolMode;
  /** serve()'s logger when logging is on, shared with the app. */
  readonly logger: Logger | undefined;
}

type FastifyFactory = (options: FastifyServerOptions) => FastifyInstance<RawServerBase>;

/**
 * A Fastify instance with the resolute plugin registered for serve()'s own handler. It never
 * listens: serve() owns the socket. Its `server` is serve()'s listening server, and routes
 * added to it answer through `app.inject()`.
 */
export function createFastifyApp(parts: AppParts): FastifyInstance<RawServerBase> {
  let fastify: FastifyFactory;
  try {
    fastify = createRequire(import.meta.url)("fastify") as FastifyFactory;
  } catch (err) {
    throw new FastifyNotInstalledError(err);
  }
  const app = fastify({
    ...(parts.logger ? { loggerInstance: parts.logger } : { logger: false }),
    // Fastify then takes this server as its own instead of creating one.
    serverFactory: () => parts.server as never,
  } as FastifyServerOptions);
  void app.register(resolute, {
    endpoint: parts.endpoint,
    protocolMode: parts.protocolMode,
    handler: parts.handler,
  });
  return app;
}
