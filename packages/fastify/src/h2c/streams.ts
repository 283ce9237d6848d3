// The connection's open streams, how each one starts, and every way one of them ends: both sides finished, reset by
// either peer, the core failing on it, or the whole connection going away. Whenever the core
// has not ended its response, its BodySink is aborted, exactly once.
import type { BodySink, EndpointHandler, RequestHead } from "@resolute/core/adapter";
import { H2cStreamAborted } from "./errors.js";
import { H2Code, rstStreamFrame } from "./frame.js";
import type { H2Stream } from "./stream.js";
import type { FrameWriter } from "./writer.js";

export class StreamTable {
  private readonly open = new Map<number, H2Stream>();
  private readonly writer: FrameWriter;
  private readonly onError: ((err: unknown, message: string) => void) | undefined;
  /** Called with each stream removed (the connection may be waiting for the last). */
  private readonly onRemoved: (s: H2Stream) => void;

  constructor(
    writer: FrameWriter,
    onError: ((err: unknown, message: string) => void) | undefined,
    onRemoved: (s: H2Stream) => void,
  ) {
    this.writer = writer;
    this.onError = onError;
    this.onRemoved = onRemoved;
  }

  get size(): number {
    return this.open.size;
  }

  get(id: number): H2Stream | undefined {
    return this.open.get(id);
  }

  values(): IterableIterator<H2Stream> {
    return this.open.values();
  }

  /** Hands a new request to the core; if that throws, answers 500 with a JSON message. */
  start(s: H2Stream, head: RequestHead, handler: Pick<EndpointHandler, "handle">): void {
    this.open.set(s.id, s);
    let body: BodySink;
    try {
      body = handler.handle(head, s);
    } catch (err) {
      this.onError?.(err, "Resolute endpoint threw while starting a request");
      if (s.closed) return;
      if (s.headSent || s.localDone) {
        this.reset(s, H2Code.INTERNAL_ERROR);
        return;
      }
      s.head(500, { "content-type": "application/json" });
      const message = err instanceof Error ? err.message : String(err);
      s.write(Buffer.from(JSON.stringify({ message })));
      s.end();
      return;
    }
    s.body = body;
    if (s.remoteClosed) this.endBody(s);
  }

  /** The peer ended its side (END_STREAM on DATA or trailers). */
  remoteEnded(s: H2Stream): void {
    s.remoteClosed = true;
    this.endBody(s);
    if (s.endSent && !s.closed) this.remove(s);
  }

  endBody(s: H2Stream): void {
    try {
      s.body.end();
    } catch (err) {
      this.crash(s, err);
    }
  }

  /** Our END_STREAM went out. */
  responseEnded(s: H2Stream): void {
    if (s.remoteClosed) this.remove(s);
  }

  /** The core failed on this stream's body: the stream is reset with INTERNAL_ERROR. */
  crash(s: H2Stream, err: unknown): void {
    this.onError?.(err, "Resolute endpoint failed while handling a request body");
    if (!s.localDone) {
      s.localDone = true;
      this.abortBody(s, err);
    }
    this.reset(s, H2Code.INTERNAL_ERROR);
  }

  /** We reset the stream. */
  reset(s: H2Stream, code: number): void {
    if (s.closed) return;
    this.writer.raw(rstStreamFrame(s.id, code));
    s.discardOutput();
    this.remove(s, new H2cStreamAborted(`The stream was reset (code ${code}).`, code));
  }

  /** The peer reset the stream. */
  resetByPeer(s: H2Stream, code: number): void {
    s.discardOutput();
    this.remove(s, new H2cStreamAborted(`The peer reset the stream (code ${code}).`, code));
  }

  remove(s: H2Stream, reason?: unknown): void {
    s.closed = true;
    this.open.delete(s.id);
    if (!s.localDone) {
      s.localDone = true;
      this.abortBody(s, reason);
    }
    this.onRemoved(s);
  }

  /** The connection is gone: every stream ends, those still answering are aborted. */
  abortAll(reason: unknown): void {
    const streams = [...this.open.values()];
    this.open.clear();
    for (const s of streams) {
      s.closed = true;
      s.discardOutput();
      if (!s.localDone) {
        s.localDone = true;
        this.abortBody(s, reason);
      }
    }
  }

  private abortBody(s: H2Stream, reason: unknown): void {
    try {
      s.body.abort(reason);
    } catch (err) {
      this.onError?.(err, "Resolute endpoint failed while aborting a request");
    }
  }
}
