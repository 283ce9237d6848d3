// One encoder and one decoder for the whole process: constructing them per call shows up in
// profiles, and both are stateless for whole-buffer (non-streaming) use.
import { deserializeError } from "./serde-errors.js";

const encoder = new TextEncoder();
// fatal: malformed UTF-8 must fail loudly instead of decoding to U+FFFD and passing validation.
const decoder = new TextDecoder("utf-8", { fatal: true });

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function decodeUtf8(data: Uint8Array): string {
  try {
    return decoder.decode(data);
  } catch (e) {
    throw deserializeError(
      "it is not valid UTF-8 text",
      "Send UTF-8 encoded JSON, or use serde.binary to receive raw bytes",
      e,
    );
  }
}

/** A fresh zero-length payload: what `undefined` and `void` are written as. */
export function emptyBytes(): Uint8Array {
  return new Uint8Array(0);
}
