// Byte-level serdes: raw bytes passed through, and "no payload at all".
import type { Serde } from "./serde.js";
import { serializeError } from "./serde-errors.js";
import { emptyBytes } from "./utf8.js";

export const binarySerde: Serde<Uint8Array> = Object.freeze({
  contentType: "application/octet-stream",
  serialize(value: Uint8Array): Uint8Array {
    // Checked because an untyped caller passing a string or Buffer-like would otherwise write garbage.
    if (!(value instanceof Uint8Array)) {
      throw serializeError(
        `serde.binary writes Uint8Array values only, got ${value === null ? "null" : typeof value}`,
        "Encode the value to bytes first (e.g. new TextEncoder().encode(text)), or use a JSON serde",
      );
    }
    return value;
  },
  deserialize(data: Uint8Array): Uint8Array {
    return data;
  },
});

/** Writes nothing and reads nothing; a body sent anyway is ignored rather than rejected. */
export const emptySerde: Serde<void> = Object.freeze({
  serialize(): Uint8Array {
    return emptyBytes();
  },
  deserialize(): void {
    return undefined;
  },
});
