// One request stream: a plain object (no EventEmitter, no Node stream) that is also the
// ResponseSink the core writes to. Writes only queue bytes; the send scheduler turns them into
// DATA frames once per event-loop turn, as flow control allows.
import type { BodySink, ResponseSink } from "@resolute/core/adapter";

/** What a stream needs from its connection. */
export interface StreamOwner {
  sendHeaders(stream: H2Stream, status: number, headers: Record<string, string>): void;
  /** The stream has output (or its end) to send. */
  markDirty(stream: H2Stream): void;
}

const IGNORE_BODY: BodySink = { push() {}, end() {}, abort() {} };

export class H2Stream implements ResponseSink {
  readonly id: number;
  private readonly owner: StreamOwner;
  /** Where the request body goes; replaced by the core's sink once `handle` returns. */
  body: BodySink = IGNORE_BODY;
  /** Bytes we may still send (the peer's stream window). */
  sendWindow: number;
  /** Bytes the peer may still send, and how many it sent since our last WINDOW_UPDATE. */
  recvWindow: number;
  recvConsumed = 0;
  /** The request's content-length (-1: none), and the DATA bytes received so far. */
  declaredLength = -1;
  receivedLength = 0;
  /** The peer sent END_STREAM. */
  remoteClosed = false;
  /** The core ended the response, or we stopped listening to it (reset, crash). */
  localDone = false;
  headSent = false;
  endSent = false;
  /** Gone from the connection: reset, or both sides ended. */
  closed = false;
  /** Response bytes waiting to be framed, in order. */
  out: Uint8Array[] = [];
  outBytes = 0;
  /** In the scheduler's list of streams to send for. */
  queued = false;
  /** Waiting for the connection window to open. */
  waitingForConnection = false;

  constructor(id: number, owner: StreamOwner, sendWindow: number, recvWindow: number) {
    this.id = id;
    this.owner = owner;
    this.sendWindow = sendWindow;
    this.recvWindow = recvWindow;
  }

  head(status: number, headers: Record<string, string>): void {
    if (this.closed || this.headSent) return;
    this.headSent = true;
    this.owner.sendHeaders(this, status, headers);
  }

  write(chunk: Uint8Array): void {
    if (this.closed || this.localDone || chunk.length === 0) return;
    this.out.push(chunk);
    this.outBytes += chunk.length;
    this.owner.markDirty(this);
  }

  end(): void {
    if (this.localDone) return;
    this.localDone = true;
    if (!this.closed) this.owner.markDirty(this);
  }

  /** Counts `n` request body bytes; false when they break the declared content-length. */
  countBody(n: number, end: boolean): boolean {
    if (this.declaredLength < 0) return true;
    this.receivedLength += n;
    return end
      ? this.receivedLength === this.declaredLength
      : this.receivedLength <= this.declaredLength;
  }

  /** Whether there is something the scheduler could send. */
  get hasOutput(): boolean {
    return this.outBytes > 0 || (this.localDone && !this.endSent);
  }

  /** Removes the first `n` queued bytes (n <= outBytes) as one chunk. */
  take(n: number): Uint8Array {
    this.outBytes -= n;
    const first = this.out[0]!;
    if (first.length === n) {
      this.out.shift();
      return first;
    }
    if (first.length > n) {
      this.out[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    // Several small writes of one turn become one DATA frame.
    const joined = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const c = this.out[0]!;
      const want = n - at;
      if (c.length <= want) {
        joined.set(c, at);
        at += c.length;
        this.out.shift();
      } else {
        joined.set(c.subarray(0, want), at);
        this.out[0] = c.subarray(want);
        at = n;
      }
    }
    return joined;
  }

  /** Drops queued output (the stream was reset). */
  discardOutput(): void {
    this.out = [];
    this.outBytes = 0;
  }
}
