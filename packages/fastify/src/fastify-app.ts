// serve()'s `app`: a Fastify instance built only when someone asks for it, so serving pays
// neither for loading Fastify (~65 ms) nor for creating it (~40 ms). Fastify is an optional
// peer dependency; it is required synchronously because `app` is a getter.
import { createRequire } from "node:module";
import type { Server } from "node:net";
import { ResoluteError } from "@resolute/core";
import type { EndpointHandler, ProtocolMode, ServableEndpoint } from "@resolute/core/adapter";
// fastify is an optional peer: serve.ts says why this one-line import is ignored if missing.
// biome-ignore lint/suspicious/noTsIgnore: the error to ignore exists only without fastify
/** @ts-ignore: fastify is an optional peer; without it, these types are any */
import type * as Fastify from "fastify";
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
  /**
   * serve()'s logger when logging is on, shared with the app. Typed as pino-sink.ts's Logger
   * is, not by naming it: these declarations must not reach pino-sink.d.ts, whose import of
   * "fastify" fails a user's tsc where fastify is not installed.
   */
  readonly logger:
    | Pick<Fastify.FastifyBaseLogger, "trace" | "debug" | "info" | "warn" | "error">
    | undefined;
}

type FastifyFactory = (
  options: Fastify.FastifyServerOptions,
) => Fastify.FastifyInstance<Fastify.RawServerBase>;

/**
 * A Fastify instance with the resolute plugin registered for serve()'s own handler. It never
 * listens: serve() owns the socket. Its `server` is serve()'s listening server, and routes
 * added to it answer through `app.inject()`.
 */
export function createFastifyApp(parts: AppParts): Fastify.FastifyInstance<Fastify.RawServerBase> {
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
  } as Fastify.FastifyServerOptions);
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
