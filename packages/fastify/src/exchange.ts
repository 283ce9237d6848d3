// Bridges one HTTP exchange to the core: request body chunks go to the BodySink the moment they
// arrive, the core's ResponseSink writes straight to the raw response. Nothing is buffered or
// copied, so frames flow both ways while the request is still open (HTTP/2 bidi streaming).
import type { BodySink, EndpointHandler, RequestHead, ResponseSink } from "@resolute/core/adapter";
import type { FastifyBaseLogger } from "fastify";
import { type RawRequest, type RawResponse, reset } from "./raw-http.js";

/** All the bridge logs: failures of the adapter itself. */
export type ErrorLog = Pick<FastifyBaseLogger, "error">;

const IGNORE_BODY: BodySink = { push() {}, end() {}, abort() {} };

class Exchange implements ResponseSink {
  body: BodySink = IGNORE_BODY;
  readonly #res: RawResponse;
  readonly #log: ErrorLog;
  // Set once the response ended or the stream closed: the core may still write, we drop it.
  #closed = false;
  #aborted = false;

  constructor(res: RawResponse, log: ErrorLog) {
    this.#res = res;
    this.#log = log;
  }

  head(status: number, headers: Record<string, string>): void {
    if (!this.#closed) this.#res.writeHead(status, headers);
  }

  write(chunk: Uint8Array): void {
    if (!this.#closed) this.#res.write(chunk);
  }

  end(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#res.end();
  }

  /** The peer went away (reset, broken connection) before the core ended the response. */
  abort(reason: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#aborted = true;
    this.body.abort(reason);
  }

  /** The response stream closed: unless the core ended it, the peer reset or disconnected. */
  closed(): void {
    if (!this.#closed) this.abort(new Error("The connection closed before the response ended."));
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** The core threw while taking a chunk: nothing sensible can follow on this stream. */
  crash(err: unknown): void {
    this.#log.error({ err }, "Resolute endpoint failed while handling a request body");
    this.abort(err);
    reset(this.#res);
  }
}

/** Hands one request to the core; the caller has hijacked the reply. */
export function exchange(
  handler: EndpointHandler,
  method: string,
  url: string,
  req: RawRequest,
  res: RawResponse,
  log: ErrorLog,
): void {
  const q = url.indexOf("?");
  const head: RequestHead = {
    method,
    path: q === -1 ? url : url.slice(0, q),
    headers: req.headers,
  };
  const ex = new Exchange(res, log);
  try {
    ex.body = handler.handle(head, ex);
  } catch (err) {
    failed(err, req, res, log);
    return;
  }
  const body = ex.body;
  req.on("data", (chunk) => {
    try {
      body.push(chunk);
    } catch (err) {
      ex.crash(err);
    }
  });
  req.on("end", () => {
    // http2 also ends the request after a reset; that is an abort, not the end of the body.
    if (req.aborted || ex.aborted) return;
    try {
      body.end();
    } catch (err) {
      ex.crash(err);
    }
  });
  req.on("error", (err) => ex.abort(err));
  res.on("close", () => ex.closed());
}

/** The core threw before taking the body: answer 500 when no head went out yet. */
function failed(err: unknown, req: RawRequest, res: RawResponse, log: ErrorLog): void {
  log.error({ err }, "Resolute endpoint threw while starting a request");
  if (res.headersSent) {
    if (!res.writableEnded) reset(res);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  res.writeHead(500, { "content-type": "application/json" });
  res.end(JSON.stringify({ message }));
  req.resume(); // drain the unread body so the connection or stream can finish
}
