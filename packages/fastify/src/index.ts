/**
 * @module @resolute/fastify
 * Serves a Resolute endpoint with Fastify: standalone with `serve()` (h2c bidi streaming by
 * default, HTTP/1.1 request/response on request) or inside an existing app with `resolute`.
 *
 * @example
 * import { endpoint } from "@resolute/core";
 * import { serve } from "@resolute/fastify";
 * const { port } = await serve(endpoint().bind(greeter), { port: 9080 });
 */

export { type ResoluteOptions, resolute } from "./plugin.js";
export { type Served, type ServeOptions, serve } from "./serve.js";
