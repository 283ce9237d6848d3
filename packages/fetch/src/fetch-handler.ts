// createFetchHandler(): one web-standard Request in, one Response out, through the core's
// transport seam. Routing, discovery, identity checks, hooks and limits all live in the core;
// this file only moves the head and the body bytes across.
import type { LogSink } from "@resolute/core";
import type {
  EndpointHandler,
  ProtocolMode,
  RequestHead,
  ServableEndpoint,
} from "@resolute/core/adapter";
import { ResponseChannel } from "./response-channel.js";

/** Options of `createFetchHandler`: bidirectional streaming instead of request/response, and the log sink. */
export interface FetchHandlerOptions {
  /**
   * Declare `BIDI_STREAM` in the manifest: the response streams while the request body is
   * still arriving. Only for runtimes that serve the Restate server over HTTP/2 end to end.
   * Default: `REQUEST_RESPONSE`, which every runtime and HTTP/1.1 support.
   */
  readonly bidirectional?: boolean;
  /** Where ctx.console writes (default: the console). */
  readonly logger?: LogSink;
}

/** A web-standard request handler: `Bun.serve({ fetch })`, `Deno.serve(h)`, `export default { fetch }`. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Serves an endpoint as a fetch handler. Routes `/discover`, `/health` and
 * `/invoke/{service}/{handler}` under any path prefix.
 *
 * @example
 * const handle = createFetchHandler(endpoint().bind(greeter));
 * Bun.serve({ port: 9080, fetch: handle });
 */
export function createFetchHandler(
  endpoint: ServableEndpoint,
  options: FetchHandlerOptions = {},
): FetchHandler {
  const protocolMode: ProtocolMode = options.bidirectional ? "BIDI_STREAM" : "REQUEST_RESPONSE";
  const handler = endpoint.handler(
    options.logger ? { protocolMode, logger: options.logger } : { protocolMode },
  );
  return (request) => serveRequest(handler, request);
}

function serveRequest(handler: EndpointHandler, request: Request): Promise<Response> {
  const head: RequestHead = {
    method: request.method,
    path: pathOf(request.url),
    headers: headersOf(request.headers),
  };
  const channel = new ResponseChannel();
  try {
    channel.body = handler.handle(head, channel);
  } catch (err) {
    // The core threw before taking the body: nothing was answered yet.
    console.error("Resolute endpoint threw while starting a request", err);
    const message = err instanceof Error ? err.message : String(err);
    return Promise.resolve(
      new Response(JSON.stringify({ message }), {
        status: 500,
        headers: { "content-type": "application/json" },
      }),
    );
  }
  // A peer that goes away shows as a failed body read or a cancelled response stream. Not
  // request.signal: Deno aborts it after every successful response, too.
  void pumpBody(request, channel);
  return channel.response;
}

/** Pushes the request body to the core chunk by chunk, as the runtime delivers it. */
async function pumpBody(request: Request, channel: ResponseChannel): Promise<void> {
  const body = channel.body;
  const reader = request.body?.getReader();
  // The core may answer before the body ends (an error, or End in bidirectional mode) and
  // still takes the rest of it; after an abort the rest is read and dropped.
  for (;;) {
    let chunk: { readonly done: boolean; readonly value?: Uint8Array } | undefined;
    try {
      chunk = await reader?.read();
    } catch (err) {
      channel.abort(err); // the body broke off: a reset or a dropped connection
      return;
    }
    if (chunk === undefined || chunk.done) break;
    if (channel.aborted) continue;
    try {
      body.push(chunk.value!);
    } catch (err) {
      crashed(channel, err);
    }
  }
  if (channel.aborted) return;
  try {
    body.end();
  } catch (err) {
    crashed(channel, err);
  }
}

/** The core threw while taking the body: nothing sensible can follow on this exchange. */
function crashed(channel: ResponseChannel, err: unknown): void {
  console.error("Resolute endpoint failed while handling a request body", err);
  channel.abort(err);
}

function pathOf(url: string): string {
  // An absolute URL in every runtime; a bare path is accepted for hand-made requests.
  const start = url.startsWith("/") ? 0 : url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  let end = url.length;
  const q = url.indexOf("?", start);
  if (q >= 0) end = q;
  const h = url.indexOf("#", start);
  if (h >= 0 && h < end) end = h;
  return url.slice(start, end);
}

function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}
