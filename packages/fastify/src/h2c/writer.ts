// Collects every frame written in one macrotask (with its microtasks) and sends them with one
// socket write: a step's DATA, a WINDOW_UPDATE and a PING ACK cost one syscall together. Small
// turns are joined into one buffer; large ones (bodies of megabytes) go out corked, as one
// writev, so their payload views are not copied.
import type { Socket } from "node:net";
import { Flag, FRAME_HEADER_LENGTH, FrameType, frameBuffer, frameHeader } from "./frame.js";

/** Below this many bytes a turn's frames are copied into one buffer instead of a writev. */
const JOIN_LIMIT = 64 * 1024;
/**
 * When this much is waiting in the socket, reading stops until it drains: a peer that sends
 * PINGs or SETTINGS but never reads cannot make the replies pile up in memory.
 */
const PAUSE_READING_AT = 4 * 1024 * 1024;
/** How long an ended socket may wait for the peer's FIN before it is destroyed. */
const LINGER_MS = 5000;
/** DATA payloads up to this size are copied next to their header. */
const INLINE_PAYLOAD = 1024;
const RESOLVED = Promise.resolve();

export class FrameWriter {
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private scheduled = false;
  /** Ends the socket after the next flush (graceful close). */
  private endAfterFlush = false;
  private readingPaused = false;
  private readonly socket: Socket;
  /** Runs first in every flush: the connection turns queued stream output into DATA frames. */
  private readonly beforeFlush: () => void;
  private readonly flushNow = () => this.flush();
  private readonly deferFlush = () => process.nextTick(this.flushNow);

  constructor(socket: Socket, beforeFlush: () => void) {
    this.socket = socket;
    this.beforeFlush = beforeFlush;
  }

  /** Queues a complete frame. */
  raw(frame: Uint8Array): void {
    this.chunks.push(frame);
    this.bytes += frame.length;
    this.schedule();
  }

  /** Queues a frame from its parts; the payload is kept as a view unless it is small. */
  frame(type: number, flags: number, streamId: number, payload: Uint8Array): void {
    const length = payload.length;
    if (length <= INLINE_PAYLOAD) {
      const b = frameBuffer(type, flags, streamId, length);
      b.set(payload, FRAME_HEADER_LENGTH);
      this.chunks.push(b);
    } else {
      this.chunks.push(frameHeader(length, type, flags, streamId), payload);
    }
    this.bytes += FRAME_HEADER_LENGTH + length;
    this.schedule();
  }

  /** A response header block: HEADERS, then CONTINUATION frames if it exceeds `maxFrame`. */
  headerBlock(streamId: number, block: Uint8Array, maxFrame: number): void {
    let at = Math.min(maxFrame, block.length);
    const first = block.subarray(0, at);
    this.frame(FrameType.HEADERS, at === block.length ? Flag.END_HEADERS : 0, streamId, first);
    while (at < block.length) {
      const part = block.subarray(at, at + maxFrame);
      at += part.length;
      const flags = at === block.length ? Flag.END_HEADERS : 0;
      this.frame(FrameType.CONTINUATION, flags, streamId, part);
    }
  }

  private pauseReading(): void {
    const socket = this.socket;
    this.readingPaused = true;
    socket.pause();
    socket.once("drain", () => {
      this.readingPaused = false;
      if (!socket.destroyed) socket.resume();
    });
  }

  /**
   * Flushes once the current macrotask's microtasks are done: a tick queued from a microtask
   * runs after the whole microtask queue, so a handler's reaction to what was just read (a few
   * promise hops) joins the same write. Sooner than setImmediate, which costs a turn of the
   * event loop's check phase per write (about 6% of a ctx.run step's CPU in `perf`).
   */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A plain promise reaction: Node's queueMicrotask wraps each callback in an AsyncResource.
    RESOLVED.then(this.deferFlush);
  }

  /** Flushes, then half-closes the socket (after our last frames are on their way). */
  endSocket(): void {
    this.endAfterFlush = true;
    this.schedule();
  }

  /** Writes whatever is queued now (also used right before destroying the socket). */
  flush(): void {
    // Still marked as scheduled while the connection adds DATA frames, so that they join this
    // write instead of scheduling another.
    this.scheduled = true;
    this.beforeFlush();
    this.scheduled = false;
    const chunks = this.chunks;
    const socket = this.socket;
    if (chunks.length > 0) {
      this.chunks = [];
      const bytes = this.bytes;
      this.bytes = 0;
      if (!socket.destroyed && socket.writable) {
        let flowing: boolean;
        if (chunks.length === 1) flowing = socket.write(chunks[0]!);
        else if (bytes <= JOIN_LIMIT) flowing = socket.write(Buffer.concat(chunks, bytes));
        else {
          socket.cork();
          flowing = true;
          for (const c of chunks) flowing = socket.write(c);
          socket.uncork();
        }
        if (!flowing && !this.readingPaused && socket.writableLength >= PAUSE_READING_AT) {
          this.pauseReading();
        }
      }
    }
    if (this.endAfterFlush && !socket.destroyed) {
      this.endAfterFlush = false;
      socket.end();
      // A peer that neither reads the rest nor closes its side does not keep the socket.
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    }
  }
}
