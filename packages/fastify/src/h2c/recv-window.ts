// Flow control of what the peer sends us (RFC 9113 section 6.9): every DATA frame counts
// against its stream's window and the connection's; consumed bytes are handed back with a
// WINDOW_UPDATE once half a window is used up, not frame by frame.
import { windowUpdateFrame } from "./frame.js";
import type { FrameWriter } from "./writer.js";

/** The window we give the peer per stream and for the connection, so it never stalls. */
export const OUR_WINDOW = 16 * 1024 * 1024;
/** Window bytes are handed back once this many have been consumed. */
const REPLENISH_AT = OUR_WINDOW / 2;

export interface RecvWindow {
  /** What the peer may still send. */
  recvWindow: number;
  /** What it sent since our last WINDOW_UPDATE. */
  recvConsumed: number;
}

/**
 * Counts `n` received bytes against `w` (false: beyond it); with `replenish`, hands them back
 * on stream `id` once half the window is consumed.
 */
export function consumeWindow(
  writer: FrameWriter,
  id: number,
  w: RecvWindow,
  n: number,
  replenish: boolean,
): boolean {
  w.recvWindow -= n;
  if (w.recvWindow < 0) return false;
  if (!replenish) return true;
  w.recvConsumed += n;
  if (w.recvConsumed >= REPLENISH_AT) {
    writer.raw(windowUpdateFrame(id, w.recvConsumed));
    w.recvWindow += w.recvConsumed;
    w.recvConsumed = 0;
  }
  return true;
}
