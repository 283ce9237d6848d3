// serve()'s `app`: a Fastify instance built only when someone asks for it, so serving pays
// neither for loading Fastify (~65 ms) nor for creating it (~40 ms). Fastify is an optional
// peer dependency; it is required synchronously because `app` is a getter.
import { createRequire } from "node:module";
import type { Server } from "node:net";
import { ResoluteError } from "@resolute/core";
import type { EndpointHandler, ProtocolMode, ServableEndpoint } from "@resolute/core/adapter";
import type { FastifyInstance, FastifyServerOptions, RawServerBase } from "fastify";
import type { Logger } from "./pino-sink.js";
import { resolute } from "./plugin.js";

/**
 * `served.app` was read, but the `fastify` package cannot be found. Fastify is an optional peer
 * dependency of `@resolute/fastify`: `serve()` runs without it, `served.app` and the `resolute`
 * plugin need it. Code `RES_ERR_FASTIFY_MISSING`.
 */
export class FastifyNotInstalledError extends ResoluteError {
  constructor(cause: unknown) {
    super(
      "RES_ERR_FASTIFY_MISSING",
      "served.app is a Fastify instance, and the fastify package (an optional peer dependency of @resolute/fastify) is not installed. Install it beside @resolute/fastify (npm install fastify, version 5), or leave served.app unread: serve() itself does not need Fastify.",
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
    // Only a missing fastify is ours to explain; a fastify that fails to load for another
    // reason (a missing dependency of its own, a broken install) keeps its own error.
    throw isFastifyMissing(err) ? new FastifyNotInstalledError(err) : err;
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

function isFastifyMissing(err: unknown): boolean {
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === "MODULE_NOT_FOUND" &&
    typeof message === "string" &&
    message.startsWith("Cannot find module 'fastify'")
  );
}
