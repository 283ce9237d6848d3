// Snippet of docs/guides/deploy.md for Cloudflare Workers: the module's default export is the
// Worker.
import type { EndpointBuilder } from "@resolute/core";

declare const ep: EndpointBuilder;

// #region workers
import { createFetchHandler } from "@resolute/fetch";
export default { fetch: createFetchHandler(ep) };
// #endregion workers
