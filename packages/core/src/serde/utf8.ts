// One encoder and one decoder for the whole process: constructing them per call shows up in
// profiles, and both are stateless for whole-buffer (non-streaming) use.
import { deserializeError } from "./serde-errors.js";

const encoder = new TextEncoder();
// fatal: malformed UTF-8 must fail loudly instead of decoding to U+FFFD and passing validation.
const decoder = new TextDecoder("utf-8", { fatal: true });

// Most payloads are short ASCII JSON (a number, a small object). Those are converted in JS:
// cheaper than the call into C++, and the bytes stay on the JS heap (no external buffer to
// track and free). Anything else takes the platform's encoder and decoder.
const SHORT = 64;

export function encodeUtf8(text: string): Uint8Array {
  const n = text.length;
  if (n > SHORT) return encoder.encode(text);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}

export function decodeUtf8(data: Uint8Array): string {
  const n = data.length;
  if (n <= SHORT) {
    let ascii = true;
    for (let i = 0; i < n && ascii; i++) ascii = data[i]! <= 0x7f;
    if (ascii) return String.fromCharCode.apply(null, data as unknown as number[]);
  }
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
