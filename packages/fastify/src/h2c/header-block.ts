// Assembles a header block from a HEADERS frame and its CONTINUATION frames (RFC 9113
// section 6.10): nothing else may come in between, and the whole block is bounded so that a
// peer cannot make us buffer an endless header section.
import { connectionError, H2cConnectionError } from "./errors.js";
import { Flag, H2Code } from "./frame.js";

/** The largest header block (compressed) we accept, and the header list size we advertise. */
export const MAX_HEADER_BLOCK = 64 * 1024;

export interface HeaderBlock {
  readonly streamId: number;
  readonly endStream: boolean;
  readonly block: Uint8Array;
}

export class HeaderBlockAssembler {
  /** The stream whose block is incomplete, 0 when none is. */
  pendingStream = 0;
  private parts: Uint8Array[] = [];
  private length = 0;
  private endStream = false;

  /** A HEADERS frame; returns the block when it is complete. */
  headers(flags: number, streamId: number, payload: Buffer): HeaderBlock | undefined {
    let start = 0;
    let end = payload.length;
    if (flags & Flag.PADDED) {
      if (end < 1)
        throw connectionError(
          H2Code.PROTOCOL_ERROR,
          "HEADERS frame too short for its padding length",
        );
      end -= payload[0]!;
      start = 1;
    }
    if (flags & Flag.PRIORITY) start += 5; // priority signals are ignored (RFC 9113 section 5.3.2)
    if (end < start)
      throw connectionError(H2Code.PROTOCOL_ERROR, "HEADERS padding longer than the frame");
    const fragment = payload.subarray(start, end);
    const endStream = (flags & Flag.END_STREAM) !== 0;
    if (flags & Flag.END_HEADERS) return { streamId, endStream, block: fragment };
    this.pendingStream = streamId;
    this.endStream = endStream;
    this.parts = [fragment];
    this.length = fragment.length;
    return undefined;
  }

  /** A CONTINUATION frame; returns the block when it is complete. */
  continuation(flags: number, streamId: number, payload: Buffer): HeaderBlock | undefined {
    if (this.pendingStream === 0 || streamId !== this.pendingStream) {
      throw connectionError(
        H2Code.PROTOCOL_ERROR,
        "CONTINUATION without a header block in progress on its stream",
      );
    }
    this.length += payload.length;
    if (this.length > MAX_HEADER_BLOCK) {
      throw new H2cConnectionError(
        H2Code.ENHANCE_YOUR_CALM,
        `A header block larger than ${MAX_HEADER_BLOCK} bytes.`,
      );
    }
    if (payload.length > 0) this.parts.push(payload);
    if ((flags & Flag.END_HEADERS) === 0) return undefined;
    const block = Buffer.concat(this.parts, this.length);
    this.pendingStream = 0;
    this.parts = [];
    this.length = 0;
    return { streamId, endStream: this.endStream, block };
  }
}
