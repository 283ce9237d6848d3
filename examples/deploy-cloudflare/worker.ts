// Cloudflare Workers: the fetch handler is the Worker. No compatibility flags are needed
// (no nodejs_compat): the endpoint uses web-standard APIs only.
import { createFetchHandler } from "@resolute/fetch";
import { ep } from "../deploy-shared/src/endpoint.js";

export default { fetch: createFetchHandler(ep) };
