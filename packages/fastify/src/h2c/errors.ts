// Failures of the HTTP/2 layer. A connection error ends the connection with GOAWAY carrying
// `h2Code`; a stream error resets one stream with RST_STREAM (RFC 9113 section 5.4).

/** The peer broke the protocol in a way that ends the whole connection. */
export class H2cConnectionError extends Error {
  override readonly name = "H2cConnectionError";
  readonly h2Code: number;
  constructor(h2Code: number, message: string) {
    super(message);
    this.h2Code = h2Code;
  }
}

/** The peer broke the protocol on one stream; the connection goes on. */
export class H2cStreamError extends Error {
  override readonly name = "H2cStreamError";
  readonly h2Code: number;
  readonly streamId: number;
  constructor(streamId: number, h2Code: number, message: string) {
    super(message);
    this.streamId = streamId;
    this.h2Code = h2Code;
  }
}

/** Why a request body was aborted: the peer reset the stream or the connection went away. */
export class H2cStreamAborted extends Error {
  override readonly name = "H2cStreamAborted";
  /** The RST_STREAM / GOAWAY error code, when the peer sent one. */
  readonly h2Code: number | undefined;
  constructor(message: string, h2Code?: number) {
    super(message);
    this.h2Code = h2Code;
  }
}

/** A connection error of `code`, described as "HTTP/2 protocol error: <what>.". */
export function connectionError(code: number, what: string): H2cConnectionError {
  return new H2cConnectionError(code, `HTTP/2 protocol error: ${what}.`);
}
