// The connection's public shape, as serve() uses it.

export interface H2cConnectionOptions {
  /** Bytes already read from the socket (they start with the client preface). */
  readonly head?: Uint8Array;
  /**
   * Called with adapter-level failures worth logging (never for normal resets), and a sentence
   * saying what failed (the shape of serve()'s AdapterErrorReport; `(err) => …` works too).
   */
  readonly onError?: (err: unknown, message: string) => void;
}

export interface H2cConnection {
  /** Graceful: GOAWAY (last processed stream id, NO_ERROR), new streams refused, the socket
   *  closes when the open streams have ended. Idempotent. */
  shutdown(): void;
  /** At once: GOAWAY, every open stream's BodySink.abort(), socket destroyed. */
  destroy(): void;
  readonly openStreams: number;
  /** Resolves when the socket has closed. */
  readonly closed: Promise<void>;
}
