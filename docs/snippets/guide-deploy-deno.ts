// Snippet of docs/guides/deploy.md for Deno. Deno's global is declared here (its types are not a
// dependency), with only what the page uses.
import type { EndpointBuilder } from "@resolute/core";
import type { FetchHandler } from "@resolute/fetch";

declare const ep: EndpointBuilder;
declare const Deno: { serve(options: { port: number }, handler: FetchHandler): unknown };

// #region deno
import { createFetchHandler } from "@resolute/fetch";

Deno.serve({ port: 9080 }, createFetchHandler(ep));
// #endregion deno
