import type { LogSink } from "../context/logging.js";

// The seam between the core and an HTTP adapter. The core never sees a framework object:
// an adapter hands over the request head, pushes body chunks as they arrive, and gets the
// response through a sink. Everything here is push-based so no chunk is copied or awaited.

/** The parts of an HTTP request the core needs. Header names are lower case. */
export interface RequestHead {
  readonly method: string;
  /** The path without query string, possibly behind a deployment prefix. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Where the core writes its response. `head` is called exactly once, before any `write`. */
export interface ResponseSink {
  /** Sends the status and headers. */
  head(status: number, headers: Record<string, string>): void;
  /** Sends part of the body. */
  write(chunk: Uint8Array): void;
  /** Ends the response. */
  end(): void;
}

/** Where the adapter pushes the request body. */
export interface BodySink {
  /** The next chunk of the request body. */
  push(chunk: Uint8Array): void;
  /** The request body ended normally. */
  end(): void;
  /** The connection broke or was reset; the core stops writing. */
  abort(reason?: unknown): void;
}

/** How an endpoint speaks to the Restate server. */
export type ProtocolMode = "BIDI_STREAM" | "REQUEST_RESPONSE";

/** A transport-neutral request handler built from an endpoint. */
export interface EndpointHandler {
  readonly protocolMode: ProtocolMode;
  /** Starts handling one request; the returned sink receives its body. */
  handle(head: RequestHead, response: ResponseSink): BodySink;
  /**
   * For graceful shutdown: running invocations finish what they are executing, and those that
   * wait for a result suspend instead of keeping their stream open.
   */
  drain?(): void;
}

/** How an adapter asks for an {@link EndpointHandler}: protocol mode and log sink. */
export interface HandlerBuildOptions {
  /** Defaults to `BIDI_STREAM`. */
  protocolMode?: ProtocolMode;
  /** Where ctx.console writes (default: the console). */
  logger?: LogSink;
}

/** Anything an adapter can serve: the endpoint builder implements it. */
export interface ServableEndpoint {
  /** Builds the request handler an adapter serves. */
  handler(options?: HandlerBuildOptions): EndpointHandler;
}
