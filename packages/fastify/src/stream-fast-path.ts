// Invocations over HTTP/2 skip Node's compatibility layer (the req/res objects Fastify builds
// on), which costs about 20 µs per invocation: the core speaks to the raw stream directly.
// Everything else on the server — discovery, health, the app's own routes, and invocations
// while the server closes (Fastify answers those with 503) — still goes through Fastify.
import type { Http2Server, IncomingHttpHeaders, ServerHttp2Stream } from "node:http2";
import type { BodySink, EndpointHandler, ResponseSink } from "@resolute/core/adapter";
import type { FastifyBaseLogger } from "fastify";

type StreamListener = (
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  ...rest: unknown[]
) => void;

/**
 * Routes POST /invoke/… streams to the core. Returns false, changing nothing, when the server
 * does not dispatch streams the way Node's HTTP/2 compatibility layer is known to (one 'stream'
 * listener that creates the request objects).
 */
export function installStreamFastPath(
  server: Http2Server,
  handler: EndpointHandler,
  closing: () => boolean,
  log: FastifyBaseLogger,
): boolean {
  const listeners = server.listeners("stream") as StreamListener[];
  if (listeners.length !== 1) return false;
  const compat = listeners[0]!;
  server.removeListener("stream", compat);
  server.on(
    "stream",
    (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, ...rest: unknown[]) => {
      const path = headers[":path"];
      if (
        headers[":method"] === "POST" &&
        typeof path === "string" &&
        path.startsWith("/invoke/") &&
        !closing()
      ) {
        invokeOnStream(handler, stream, headers, path, log);
      } else {
        compat.call(server, stream, headers, ...rest);
      }
    },
  );
  return true;
}

function invokeOnStream(
  handler: EndpointHandler,
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  path: string,
  log: FastifyBaseLogger,
): void {
  let done = false; // the core ended the response, or the stream went away
  // Frames written in one turn of the event loop (a step's command and its run proposal, an
  // output and its End) go out as one write: one DATA frame and one syscall instead of several.
  let pending: Uint8Array[] = [];
  const take = (): Uint8Array | undefined => {
    const chunks = pending;
    pending = [];
    if (chunks.length <= 1) return chunks[0];
    return Buffer.concat(chunks);
  };
  const flush = () => {
    const chunk = take();
    if (chunk && !done && !stream.destroyed) stream.write(chunk);
  };
  const response: ResponseSink = {
    head(status, h) {
      if (!done && !stream.destroyed) stream.respond({ ":status": status, ...h });
    },
    write(chunk) {
      if (done || stream.destroyed) return;
      if (pending.length === 0) setImmediate(flush);
      pending.push(chunk);
    },
    end() {
      if (done) return;
      done = true;
      const last = take();
      if (!stream.destroyed) stream.end(last);
    },
  };
  const q = path.indexOf("?");
  let body: BodySink;
  try {
    body = handler.handle(
      { method: "POST", path: q === -1 ? path : path.slice(0, q), headers },
      response,
    );
  } catch (err) {
    log.error({ err }, "Resolute endpoint threw while starting a request");
    done = true;
    if (stream.headersSent) stream.destroy(err instanceof Error ? err : new Error(String(err)));
    else {
      stream.respond({ ":status": 500, "content-type": "application/json" });
      stream.end(JSON.stringify({ message: err instanceof Error ? err.message : String(err) }));
    }
    stream.resume();
    return;
  }
  const crash = (err: unknown) => {
    log.error({ err }, "Resolute endpoint failed while handling a request body");
    if (!done) {
      done = true;
      body.abort(err);
    }
    // destroy() resets with INTERNAL_ERROR even after the peer ended its side (close() would not).
    stream.destroy(err instanceof Error ? err : new Error(String(err)));
  };
  stream.on("data", (chunk: Uint8Array) => {
    try {
      body.push(chunk);
    } catch (err) {
      crash(err);
    }
  });
  stream.on("end", () => {
    if (stream.aborted) return;
    try {
      body.end();
    } catch (err) {
      crash(err);
    }
  });
  stream.on("error", () => {
    // 'close' follows, and tells the core
  });
  stream.on("close", () => {
    if (done) return;
    done = true;
    body.abort(new Error("The stream closed before the response ended."));
  });
}
