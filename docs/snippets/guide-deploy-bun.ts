// Snippet of docs/guides/deploy.md for Bun. Bun's global is declared here (its types are not a
// dependency), with only what the page uses.
import type { EndpointBuilder } from "@resolute/core";
import type { FetchHandler } from "@resolute/fetch";

declare const ep: EndpointBuilder;
declare const Bun: {
  serve(options: { port: number; idleTimeout: number; fetch: FetchHandler }): unknown;
};

// #region bun
import { createFetchHandler } from "@resolute/fetch";

Bun.serve({ port: 9080, idleTimeout: 255, fetch: createFetchHandler(ep) });
// #endregion bun
