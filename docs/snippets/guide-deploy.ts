// Snippets of docs/guides/deploy.md for Node and AWS Lambda; `ep` is any bound endpoint.
import type { EndpointBuilder } from "@resolute/core";

declare const ep: EndpointBuilder;

// #region node
import { serve } from "@resolute/fastify";

await serve(ep, { port: 9080, host: "0.0.0.0" }); // HTTP/2 cleartext, bidirectional

// #endregion node

// #region lambda
import { createLambdaHandler } from "@resolute/lambda";
export const handler = createLambdaHandler(ep);
// #endregion lambda
