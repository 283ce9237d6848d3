// Plain JSON: exactly JSON.stringify / JSON.parse, plus `undefined` <-> empty payload.
import type { Serde } from "./serde.js";
import { deserializeError, messageOf, serializeError } from "./serde-errors.js";
import { decodeUtf8, emptyBytes, encodeUtf8 } from "./utf8.js";

export const JSON_CONTENT_TYPE = "application/json";

/** JSON.parse of a non-empty payload, with a 400 that tells the sender what to send instead. */
export function parseJson(data: Uint8Array): unknown {
  const text = decodeUtf8(data);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw deserializeError(
      `it is not valid JSON (${messageOf(e)})`,
      'Send a JSON document (a string needs quotes: "Alice"), or use serde.binary to receive raw bytes',
      e,
    );
  }
}

/** UTF-8 bytes of `text`; JSON.stringify yields `undefined` for functions and symbols: no bytes. */
export function textBytes(text: string | undefined): Uint8Array {
  return text === undefined ? emptyBytes() : encodeUtf8(text);
}

export const jsonSerde: Serde<any> = Object.freeze({
  contentType: JSON_CONTENT_TYPE,
  serialize(value: any): Uint8Array {
    if (value === undefined) return emptyBytes();
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (e) {
      throw serializeError(
        `JSON.stringify failed (${messageOf(e)})`,
        "serde.json writes plain JSON only: convert the value first (no BigInt, no cycles), or use the default serde (serde.superjson), which keeps BigInt, Date, Map, Set and more",
        e,
      );
    }
    return textBytes(text);
  },
  deserialize(data: Uint8Array): any {
    return data.length === 0 ? undefined : parseJson(data);
  },
});
