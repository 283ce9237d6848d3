// Service protocol frames for driving a handler by hand, as the Restate server would.
import { decodeMessage, encodeFrame } from "../../../core/src/protocol/codec.js";
import { MessageType } from "../../../core/src/protocol/message-type.js";

export { decodeMessage, MessageType };

export const V6 = "application/vnd.restate.invocation.v6";

/** Start + Input for a fresh invocation whose input is `value` as JSON. */
export function invocation(value: unknown): Uint8Array {
  const start = encodeFrame(MessageType.Start, {
    id: new Uint8Array(24).fill(7),
    debugId: "inv_test",
    knownEntries: 1,
  });
  const input = encodeFrame(MessageType.InputCommand, {
    value: new TextEncoder().encode(JSON.stringify(value)),
  });
  const out = new Uint8Array(start.length + input.length);
  out.set(start);
  out.set(input, start.length);
  return out;
}

/** The frames of a response body as [type, payload]. */
export function framesOf(body: Uint8Array): { type: number; payload: Uint8Array }[] {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const out: { type: number; payload: Uint8Array }[] = [];
  for (let at = 0; at + 8 <= body.length; ) {
    const len = view.getUint32(at + 4);
    out.push({ type: view.getUint16(at), payload: body.subarray(at + 8, at + 8 + len) });
    at += 8 + len;
  }
  return out;
}
