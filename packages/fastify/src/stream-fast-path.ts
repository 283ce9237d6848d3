// One HTTP/2 stream handed straight to the core: no compatibility-layer req/res objects (they
// cost about 20 µs per invocation), the core's response sink writes to the raw stream. Every
// stream takes this path: invocations, discovery, health and unknown paths (the core's 404).
import type { IncomingHttpHeaders, ServerHttp2Stream } from "node:http2";
import type { BodySink, EndpointHandler, ResponseSink } from "@resolute/core/adapter";

/** Where failures of the adapter (not of handlers, the core logs those) are reported. */
export type AdapterErrorReport = (err: unknown, message: string) => void;

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** Serves one stream; `onClose` runs once when the stream is gone, however it ended. */
export function serveStream(
  handler: EndpointHandler,
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  onError: AdapterErrorReport,
  onClose?: () => void,
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
  stream.on("close", () => {
    onClose?.();
    if (done) return;
    done = true;
    body?.abort(new Error("The stream closed before the response ended."));
  });
  stream.on("error", () => {
    // 'close' follows, and tells the core
  });

  const path = headers[":path"] ?? "/";
  const q = path.indexOf("?");
  let body: BodySink | undefined;
  try {
    body = handler.handle(
      { method: headers[":method"] ?? "GET", path: q === -1 ? path : path.slice(0, q), headers },
      response,
    );
  } catch (err) {
    onError(err, "Resolute endpoint threw while starting a request");
    done = true;
    if (stream.headersSent) stream.destroy(asError(err));
    else if (!stream.destroyed) {
      stream.respond({ ":status": 500, "content-type": "application/json" });
      stream.end(JSON.stringify({ message: asError(err).message }));
    }
    stream.resume(); // drain the unread body so the stream can finish
    return;
  }
  const sink = body;
  const crash = (err: unknown) => {
    onError(err, "Resolute endpoint failed while handling a request body");
    if (!done) {
      done = true;
      sink.abort(err);
    }
    // destroy() resets with INTERNAL_ERROR even after the peer ended its side (close() would not).
    stream.destroy(asError(err));
  };
  stream.on("data", (chunk: Uint8Array) => {
    try {
      sink.push(chunk);
    } catch (err) {
      crash(err);
    }
  });
  stream.on("end", () => {
    if (stream.aborted) return;
    try {
      sink.end();
    } catch (err) {
      crash(err);
    }
  });
}
