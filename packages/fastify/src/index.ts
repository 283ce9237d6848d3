/**
 * @module @resolute/fastify
 * Serves a Resolute endpoint on Node: standalone with `serve()`, a plain Node server (HTTP/2
 * cleartext with bidirectional streaming, and HTTP/1.1, on one port; no framework), or inside
 * your own Fastify app with the `resolute` plugin. Fastify is an optional peer dependency,
 * needed only for the plugin and `served.app`; without it, reading `served.app` throws
 * {@link FastifyNotInstalledError}.
 *
 * @example
 * import { endpoint } from "@resolute/core";
 * import { serve } from "@resolute/fastify";
 * const { port } = await serve(endpoint().bind(greeter), { port: 9080 });
 */

export { FastifyNotInstalledError } from "./fastify-app.js";
export { type ResoluteOptions, resolute } from "./plugin.js";
export { type Served, type ServeOptions, serve } from "./serve.js";
