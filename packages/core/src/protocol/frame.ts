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
    const head = this.peek(HEADER_SIZE);
    const length = ((head[4]! << 24) >>> 0) + (head[5]! << 16) + (head[6]! << 8) + head[7]!;
    if (length > this.maxMessageSize) {
      throw new ResoluteError(
        "RES_ERR_PROTOCOL_BAD_FRAME",
        `A message of ${length} bytes exceeds the maximum message size of ${this.maxMessageSize} bytes. Raise maxMessageSize on the endpoint if such payloads are expected.`,
      );
    }
    if (this.buffered < HEADER_SIZE + length) return undefined;
    const type = (head[0]! << 8) | head[1]!;
    const flags = (head[2]! << 8) | head[3]!;
    const frame = this.take(HEADER_SIZE + length);
    return { type, flags, payload: frame.subarray(HEADER_SIZE) };
  }

  private peek(n: number): Uint8Array {
    const first = this.chunks[0]!;
    if (first.length >= n) return first;
    return this.merge(n);
  }

  private take(n: number): Uint8Array {
    let first = this.chunks[0]!;
    if (first.length < n) {
      first = this.merge(n);
    }
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return out;
  }

  /** Joins leading chunks until the first holds at least n bytes. */
  private merge(n: number): Uint8Array {
    let total = 0;
    let count = 0;
    while (total < n) total += this.chunks[count++]!.length;
    const merged = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < count; i++) {
      merged.set(this.chunks[i]!, at);
      at += this.chunks[i]!.length;
    }
    this.chunks.splice(0, count, merged);
    return merged;
  }
}
