// Flow control on what we send (RFC 9113 section 6.9): DATA goes out only within both the
// stream's and the connection's window, in frames no larger than the peer's MAX_FRAME_SIZE.
// What does not fit waits in the stream until a WINDOW_UPDATE (or a larger
// INITIAL_WINDOW_SIZE) makes room.
import { connectionError, H2cStreamError } from "./errors.js";
import {
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_WINDOW,
  Flag,
  FrameType,
  H2Code,
  MAX_WINDOW,
} from "./frame.js";
import type { H2Stream } from "./stream.js";
import type { FrameWriter } from "./writer.js";

const EMPTY = new Uint8Array(0);

export class SendScheduler {
  /** Bytes the connection window still allows. */
  connectionWindow = DEFAULT_WINDOW;
  /** The peer's SETTINGS_MAX_FRAME_SIZE. */
  maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  private dirty: H2Stream[] = [];
  /** Streams with output that wait for the connection window, in the order they began to. */
  private waiting = new Set<H2Stream>();
  private readonly writer: FrameWriter;
  private readonly onEndSent: (stream: H2Stream) => void;

  constructor(writer: FrameWriter, onEndSent: (stream: H2Stream) => void) {
    this.writer = writer;
    this.onEndSent = onEndSent;
  }

  markDirty(stream: H2Stream): void {
    if (stream.queued) return;
    stream.queued = true;
    this.dirty.push(stream);
    this.writer.schedule();
  }

  /** Frames what the dirty streams queued; runs at the start of every flush. */
  run(): void {
    while (this.dirty.length > 0) {
      const list = this.dirty;
      this.dirty = [];
      for (const s of list) {
        s.queued = false;
        if (!s.closed) this.send(s);
      }
    }
  }

  /** The peer's INITIAL_WINDOW_SIZE changed by `delta`: every open stream's window does. */
  initialWindowChanged(streams: Iterable<H2Stream>, delta: number): void {
    for (const s of streams) {
      s.sendWindow += delta;
      if (s.sendWindow > MAX_WINDOW) {
        throw connectionError(H2Code.FLOW_CONTROL_ERROR, "a stream window overflowed");
      }
      if (delta > 0 && s.hasOutput) this.markDirty(s);
    }
  }

  /** A WINDOW_UPDATE for one stream. */
  openStreamWindow(s: H2Stream, increment: number): void {
    s.sendWindow += increment;
    if (s.sendWindow > MAX_WINDOW) {
      throw new H2cStreamError(s.id, H2Code.FLOW_CONTROL_ERROR, "The stream window overflowed.");
    }
    if (s.hasOutput) this.markDirty(s);
  }

  /** A WINDOW_UPDATE for the connection: streams that waited for it try again. */
  openConnectionWindow(increment: number): void {
    this.connectionWindow += increment;
    if (this.connectionWindow > MAX_WINDOW) {
      throw connectionError(H2Code.FLOW_CONTROL_ERROR, "the connection window overflowed");
    }
    if (this.connectionWindow <= 0) return;
    const list = this.waiting;
    this.waiting = new Set();
    for (const s of list) {
      s.waitingForConnection = false;
      if (!s.closed && s.hasOutput) this.markDirty(s);
    }
  }

  /**
   * The stream is gone (reset, or both sides ended): it must not wait for the connection
   * window, which a peer that stopped reading may never open again.
   */
  forget(s: H2Stream): void {
    if (!s.waitingForConnection) return;
    s.waitingForConnection = false;
    this.waiting.delete(s);
  }

  private send(s: H2Stream): void {
    if (!s.headSent) return; // DATA may not precede HEADERS; head() marks it dirty again
    while (s.outBytes > 0) {
      const room = Math.min(s.sendWindow, this.connectionWindow, this.maxFrameSize);
      if (room <= 0) {
        if (this.connectionWindow <= 0 && !s.waitingForConnection) {
          s.waitingForConnection = true;
          this.waiting.add(s);
        }
        return;
      }
      const n = Math.min(room, s.outBytes);
      const payload = s.take(n);
      s.sendWindow -= n;
      this.connectionWindow -= n;
      const last = s.localDone && s.outBytes === 0;
      this.writer.frame(FrameType.DATA, last ? Flag.END_STREAM : 0, s.id, payload);
      if (last) {
        s.endSent = true;
        this.onEndSent(s);
        return;
      }
    }
    if (s.localDone && !s.endSent) {
      this.writer.frame(FrameType.DATA, Flag.END_STREAM, s.id, EMPTY);
      s.endSent = true;
      this.onEndSent(s);
    }
  }
}
