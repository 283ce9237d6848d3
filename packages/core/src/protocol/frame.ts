// The 8-byte frame header and an incremental splitter that accepts input cut at any byte.
import { ResoluteError } from "../errors/resolute-error.js";
import { HEADER_SIZE } from "./codec.js";

export interface Frame {
  readonly type: number;
  readonly flags: number;
  readonly payload: Uint8Array;
}

/** Flag on a V7 ProposeRunCompletion asking the server to acknowledge it. */
export const REQUESTED_ACK = 0x8000;

/** Default maximum payload size of one message; the server's own default limit is 32 MiB. */
export const DEFAULT_MAX_MESSAGE_SIZE = 32 * 1024 * 1024;

/**
 * Splits a byte stream into frames. Chunks are kept as views; bytes are copied only when a
 * frame straddles chunk boundaries.
 */
export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  /** Where the unread bytes of chunks[0] begin: frames are cut out without a view per rest. */
  private offset = 0;
  private buffered = 0;

  private readonly maxMessageSize: number;

  constructor(maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE) {
    this.maxMessageSize = maxMessageSize;
  }

  /** Bytes received but not yet returned as a frame. */
  get pending(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete frame, or undefined if more bytes are needed. */
  next(): Frame | undefined {
    if (this.buffered < HEADER_SIZE) return undefined;
    let first = this.chunks[0]!;
    if (first.length - this.offset < HEADER_SIZE) first = this.merge(HEADER_SIZE);
    const at = this.offset;
    const length =
      ((first[at + 4]! << 24) >>> 0) +
      (first[at + 5]! << 16) +
      (first[at + 6]! << 8) +
      first[at + 7]!;
    if (length > this.maxMessageSize) {
      throw new ResoluteError(
        "RES_ERR_PROTOCOL_BAD_FRAME",
        `A message of ${length} bytes exceeds the maximum message size of ${this.maxMessageSize} bytes. Raise maxMessageSize on the endpoint if such payloads are expected.`,
      );
    }
    const size = HEADER_SIZE + length;
    if (this.buffered < size) return undefined;
    const type = (first[at]! << 8) | first[at + 1]!;
    const flags = (first[at + 2]! << 8) | first[at + 3]!;
    if (first.length - at < size) first = this.merge(size);
    const payload = first.subarray(this.offset + HEADER_SIZE, this.offset + size);
    this.offset += size;
    this.buffered -= size;
    if (this.offset === first.length) {
      this.chunks.shift();
      this.offset = 0;
    }
    return { type, flags, payload };
  }

  /** Joins the unread bytes of the leading chunks until the first holds at least n of them. */
  private merge(n: number): Uint8Array {
    let total = -this.offset;
    let count = 0;
    while (total < n) total += this.chunks[count++]!.length;
    const merged = new Uint8Array(total);
    merged.set(this.chunks[0]!.subarray(this.offset), 0);
    let at = this.chunks[0]!.length - this.offset;
    for (let i = 1; i < count; i++) {
      merged.set(this.chunks[i]!, at);
      at += this.chunks[i]!.length;
    }
    this.chunks.splice(0, count, merged);
    this.offset = 0;
    return merged;
  }
}
