// Splits the socket's byte stream into frames. Frames that lie wholly inside one chunk are
// handed on as subarray views of it (no copy); only a frame cut across chunks is joined, once,
// when its last byte has arrived. A frame longer than the size we advertised is refused from
// its header alone, so a peer cannot make us buffer more than one maximum-size frame.
import { H2cConnectionError } from "./errors.js";
import { CLIENT_PREFACE, FRAME_HEADER_LENGTH, H2Code } from "./frame.js";

export type FrameHandler = (type: number, flags: number, streamId: number, payload: Buffer) => void;

export class FrameReader {
  /** How many bytes of the client preface are still to be checked. */
  private prefaceAt = 0;
  /** Bytes of an incomplete frame, and how many bytes in total complete it. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  private needed = 0;
  /** Set by the owner to stop dispatching the rest of a chunk (the connection is gone). */
  stopped = false;
  private readonly maxFrameSize: number;
  private readonly onFrame: FrameHandler;

  constructor(maxFrameSize: number, onFrame: FrameHandler) {
    this.maxFrameSize = maxFrameSize;
    this.onFrame = onFrame;
  }

  /** Feeds bytes; returns false when they do not start with the client preface. */
  feed(chunk: Buffer): boolean {
    let off = 0;
    if (this.prefaceAt < CLIENT_PREFACE.length) {
      while (off < chunk.length && this.prefaceAt < CLIENT_PREFACE.length) {
        if (chunk[off++] !== CLIENT_PREFACE[this.prefaceAt++]) return false;
      }
      if (off === chunk.length) return true;
      if (off > 0) chunk = chunk.subarray(off);
    }
    if (this.partsLength > 0) {
      this.parts.push(chunk);
      this.partsLength += chunk.length;
      if (this.partsLength < this.needed) return true;
      chunk = Buffer.concat(this.parts, this.partsLength);
      this.parts = [];
      this.partsLength = 0;
    }
    this.dispatch(chunk);
    return true;
  }

  private dispatch(chunk: Buffer): void {
    let off = 0;
    const end = chunk.length;
    while (!this.stopped) {
      const available = end - off;
      if (available < FRAME_HEADER_LENGTH) {
        this.needed = FRAME_HEADER_LENGTH;
        break;
      }
      const length = (chunk[off]! << 16) | (chunk[off + 1]! << 8) | chunk[off + 2]!;
      if (length > this.maxFrameSize) {
        throw new H2cConnectionError(
          H2Code.FRAME_SIZE_ERROR,
          `A frame of ${length} bytes is larger than the ${this.maxFrameSize} bytes allowed.`,
        );
      }
      const total = FRAME_HEADER_LENGTH + length;
      if (available < total) {
        this.needed = total;
        break;
      }
      const type = chunk[off + 3]!;
      const flags = chunk[off + 4]!;
      const streamId = chunk.readUInt32BE(off + 5) & 0x7fff_ffff;
      const start = off + FRAME_HEADER_LENGTH;
      off += total;
      this.onFrame(type, flags, streamId, chunk.subarray(start, off));
    }
    if (off < end && !this.stopped) {
      this.parts.push(off === 0 ? chunk : chunk.subarray(off));
      this.partsLength = end - off;
    }
  }
}
