// A decoded header list -> the core's RequestHead, checking what RFC 9113 section 8.3 requires
// of a request: known pseudo-headers, all of them before regular fields, each at most once, and
// :method, :scheme and :path present (CONNECT aside, which this server does not serve); and
// what section 8.2 requires of every field: lower-case names of valid characters, values
// without NUL, CR or LF or surrounding whitespace, no connection-specific fields. A malformed
// request is a stream error (PROTOCOL_ERROR): its stream is reset, the connection goes on.
import type { RequestHead } from "@resolute/core/adapter";
import { H2cStreamError } from "./errors.js";
import { H2Code } from "./frame.js";

type Headers = Record<string, string | string[]>;

/**
 * The prototype of every request's headers: itself without one, so a field named "constructor"
 * or "__proto__" is the peer's own, not inherited. Sharing it (instead of Object.create(null)
 * per request) keeps the objects in V8's fast mode: 128 bytes for nine fields, not 462.
 */
const HEADERS_PROTO: object = Object.create(null);

export function toRequestHead(
  streamId: number,
  fields: ReadonlyArray<readonly [string, string]>,
): RequestHead {
  const headers: Headers = Object.create(HEADERS_PROTO);
  let method: string | undefined;
  let path: string | undefined;
  let regularSeen = false;
  for (const [name, value] of fields) {
    checkField(streamId, name, value);
    if (name.charCodeAt(0) === 0x3a /* ':' */) {
      if (regularSeen) throw malformed(streamId, `pseudo-header ${name} after regular fields`);
      if (name === ":method") method = value;
      else if (name === ":path") path = value;
      else if (name !== ":scheme" && name !== ":authority") {
        throw malformed(streamId, `unknown pseudo-header ${name}`);
      }
      if (headers[name] !== undefined) throw malformed(streamId, `repeated ${name}`);
      headers[name] = value;
      continue;
    }
    regularSeen = true;
    if (CONNECTION_SPECIFIC.has(name) || (name === "te" && value !== "trailers")) {
      throw malformed(streamId, `connection-specific field ${name}`);
    }
    const seen = headers[name];
    if (seen === undefined) headers[name] = value;
    else if (name === "cookie") headers[name] = `${seen as string}; ${value}`;
    else if (typeof seen === "string") headers[name] = [seen, value];
    else seen.push(value);
  }
  if (method === undefined || path === undefined || path === "" || !(":scheme" in headers)) {
    throw malformed(streamId, "a request needs :method, :scheme and :path");
  }
  const q = path.indexOf("?");
  return { method, path: q === -1 ? path : path.slice(0, q), headers };
}

/**
 * The request's content-length, -1 when it has none. It must be digits (repeated only with the
 * same value), and 0 on a request that ends with its HEADERS (RFC 9113 section 8.1.1): the
 * DATA are checked against it as they come (H2Stream.countBody).
 */
export function declaredLength(streamId: number, head: RequestHead, endStream: boolean): number {
  const v = head.headers["content-length"];
  if (v === undefined) return -1;
  const first = typeof v === "string" ? v : v[0]!;
  if (!/^[0-9]+$/.test(first) || (typeof v !== "string" && v.some((x) => x !== first))) {
    throw malformed(streamId, "an invalid content-length");
  }
  const length = Number(first);
  if (endStream && length !== 0) throw malformed(streamId, "a content-length without DATA");
  return length;
}

/** DATA that do not add up to the request's content-length. */
export function malformedLength(streamId: number): H2cStreamError {
  return malformed(streamId, "DATA and content-length differ");
}

/** Trailers: valid fields, and no pseudo-header among them (RFC 9113 section 8.1). */
export function checkTrailers(streamId: number, fields: ReadonlyArray<readonly [string, string]>) {
  for (const [name, value] of fields) {
    checkField(streamId, name, value);
    if (name.charCodeAt(0) === 0x3a) throw malformed(streamId, `pseudo-header ${name} in trailers`);
  }
}

/** Fields that only mean something to one HTTP/1.1 hop (RFC 9113 section 8.2.2). */
const CONNECTION_SPECIFIC = new Set([
  "connection",
  "proxy-connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
]);

/**
 * Bytes a field name may hold (RFC 9113 section 8.2.1): visible ASCII but upper-case letters
 * and ':' (which only leads a pseudo-header's name).
 */
const NAME_BYTE = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) NAME_BYTE[c] = c >= 0x41 && c <= 0x5a ? 0 : 1;
NAME_BYTE[0x3a] = 0;

/**
 * Names already found valid: the same few names come with every request, so each is scanned
 * once. Bounded, so that a peer sending ever new names only costs the scan.
 */
const VALID_NAMES = new Set<string>();
const MAX_VALID_NAMES = 512;
/** NUL, CR or LF anywhere, or whitespace at either end (RFC 9113 section 8.2.1). */
const BAD_VALUE = /[\0\r\n]|^[ \t]|[ \t]$/;

function checkField(streamId: number, name: string, value: string): void {
  if (!VALID_NAMES.has(name)) {
    checkName(streamId, name);
    if (VALID_NAMES.size < MAX_VALID_NAMES) VALID_NAMES.add(name);
  }
  if (BAD_VALUE.test(value)) {
    throw malformed(streamId, `NUL, CR, LF or surrounding whitespace in the value of ${name}`);
  }
}

function checkName(streamId: number, name: string): void {
  const n = name.length;
  if (n === 0) throw malformed(streamId, "an empty field name");
  for (let i = name.charCodeAt(0) === 0x3a ? 1 : 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || NAME_BYTE[c] === 0) {
      throw malformed(streamId, `the field name ${JSON.stringify(name)}`);
    }
  }
}

function malformed(streamId: number, what: string): H2cStreamError {
  return new H2cStreamError(streamId, H2Code.PROTOCOL_ERROR, `Malformed request: ${what}.`);
}
