/**
 * @module @resolute/fetch
 * Serves a Resolute endpoint as a web-standard fetch handler, `(Request) => Promise<Response>`,
 * using only web-standard globals: Bun, Deno, Cloudflare Workers (no compatibility flags),
 * Vercel/Next.js route handlers and Node ≥ 20 behind any Request/Response server.
 *
 * @example
 * import { endpoint } from "@resolute/core";
 * import { createFetchHandler } from "@resolute/fetch";
 * export default { fetch: createFetchHandler(endpoint().bind(greeter)) };
 */

export {
  createFetchHandler,
  type FetchHandler,
  type FetchHandlerOptions,
} from "./fetch-handler.js";
