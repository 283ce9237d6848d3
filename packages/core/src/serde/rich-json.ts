// The default serde: plain JSON whenever the value is plain, superjson only when it is not.
//
// Wire form (docs/serde.md is the contract):
// - a value with no rich types is written exactly as JSON.stringify writes it;
// - any other value is written as `{"$resolute:superjson":{"json":…,"meta":…}}`, i.e. superjson's
//   output wrapped in a one-key object whose key is the marker;
// - on read, a top-level object whose only key is the marker is unwrapped through superjson;
//   everything else is returned as JSON.parse returns it;
// - a plain top-level object that owns the marker key is escaped by writing it wrapped (with no
//   meta), so what we write always reads back as written.
import SuperJSON from "superjson";
import { JSON_CONTENT_TYPE, parseJson, textBytes } from "./json.js";
import { escapeKeys, hasGuardedKey, unescapeKeys } from "./key-escape.js";
import type { Serde } from "./serde.js";
import { deserializeError, messageOf, serializeError } from "./serde-errors.js";
import { emptyBytes } from "./utf8.js";

export const RICH_JSON_MARKER = "$resolute:superjson";

// Past this nesting the scan stops and lets superjson decide; this also ends the scan on cycles,
// which superjson can encode and JSON.stringify cannot.
const MAX_SCAN_DEPTH = 256;

/**
 * True when JSON.stringify writes `value` faithfully, so the superjson walk can be skipped.
 * False means "maybe rich": superjson then decides, so this only has to be conservative.
 */
function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      // NaN and ±Infinity become null, -0 becomes 0: superjson keeps them.
      return Number.isFinite(value) && (value !== 0 || 1 / value > 0);
    case "object": {
      if (value === null) return true;
      if (depth === 0) return false;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        // Indexing (not for-of) also visits holes, which read as undefined and so count as rich.
        for (let i = 0; i < value.length; i++) {
          if (!isPlainJson(value[i], depth - 1)) return false;
        }
        return true;
      }
      // Date, Map, Set, RegExp, Error, URL, typed arrays and class instances all land here.
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (!isPlainJson((value as Record<string, unknown>)[key], depth - 1)) return false;
      }
      return true;
    }
    default:
      // undefined (JSON drops it or writes null), bigint (JSON throws), symbol and function.
      return false;
  }
}

function ownsMarker(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.hasOwn(value, RICH_JSON_MARKER)
  );
}

function stringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (e) {
    throw serializeError(
      `JSON.stringify failed (${messageOf(e)})`,
      "Convert the value to plain data (or a type superjson supports) before storing or returning it",
      e,
    );
  }
}

function serializeRich(value: unknown): Uint8Array {
  let result: { json: unknown; meta?: unknown };
  let escaped: boolean;
  try {
    escaped = hasGuardedKey(value);
    result = SuperJSON.serialize((escaped ? escapeKeys(value) : value) as never);
  } catch (e) {
    throw serializeError(
      `superjson could not encode it (${messageOf(e)})`,
      "Remove the offending property or convert the value to plain data before storing or returning it",
      e,
    );
  }
  // superjson found nothing to annotate (e.g. a class instance without a registered transformer):
  // the value is plain after all, so keep the interoperable form.
  if (escaped) return textBytes(stringify({ [RICH_JSON_MARKER]: { ...result, keys: "escaped" } }));
  if (result.meta === undefined && !ownsMarker(result.json))
    return textBytes(stringify(result.json));
  return textBytes(stringify({ [RICH_JSON_MARKER]: result }));
}

function hasSingleKey(obj: object): boolean {
  let n = 0;
  for (const _ in obj) if (++n > 1) return false;
  return n === 1;
}

function unwrap(envelope: unknown): unknown {
  if (
    typeof envelope !== "object" ||
    envelope === null ||
    Array.isArray(envelope) ||
    !Object.hasOwn(envelope, "json")
  ) {
    throw deserializeError(
      `its only key is the rich-JSON marker "${RICH_JSON_MARKER}" but the marker's value is not {"json": …, "meta": …}`,
      "Send plain JSON; an object whose only key is that marker is reserved for superjson-encoded values",
    );
  }
  const { json, meta, keys } = envelope as { json: unknown; meta?: unknown; keys?: unknown };
  try {
    // inPlace: the tree was just parsed and nothing else holds it, so skip superjson's copy.
    const value = SuperJSON.deserialize({ json, meta } as never, { inPlace: true });
    return keys === "escaped" ? unescapeKeys(value) : value;
  } catch (e) {
    throw deserializeError(
      `its superjson annotations are invalid (${messageOf(e)})`,
      "Send plain JSON, or a payload written by this serde",
      e,
    );
  }
}

/** Encodes with the rich-JSON wire form; `undefined` is the empty payload. */
export function serializeRichJson(value: unknown): Uint8Array {
  if (value === undefined) return emptyBytes();
  let plain: boolean;
  try {
    plain = isPlainJson(value, MAX_SCAN_DEPTH);
  } catch (e) {
    // A getter or a Proxy trap threw while the value was read.
    throw serializeError(
      `reading it threw (${messageOf(e)})`,
      "Store or return plain data: copy the fields you need into a plain object first",
      e,
    );
  }
  if (plain) {
    // Escape: written bare, this object would be mistaken for a rich envelope on read.
    if (ownsMarker(value)) return textBytes(stringify({ [RICH_JSON_MARKER]: { json: value } }));
    return textBytes(stringify(value));
  }
  return serializeRich(value);
}

/** Decodes plain JSON or the rich-JSON wire form; the empty payload is `undefined`. */
export function deserializeRichJson(data: Uint8Array): unknown {
  if (data.length === 0) return undefined;
  const value = parseJson(data);
  if (ownsMarker(value) && hasSingleKey(value as object)) {
    return unwrap((value as Record<string, unknown>)[RICH_JSON_MARKER]);
  }
  return value;
}

export const richJsonSerde: Serde<any> = Object.freeze({
  contentType: JSON_CONTENT_TYPE,
  serialize: serializeRichJson,
  deserialize: deserializeRichJson,
});
