// A decoded header list -> the core's RequestHead, checking what RFC 9113 section 8.3 requires
// of a request: known pseudo-headers, all of them before regular fields, each at most once, and
// :method and :path present (CONNECT aside, which this server does not serve).
import type { RequestHead } from "@resolute/core/adapter";
import { H2cStreamError } from "./errors.js";
import { H2Code } from "./frame.js";

type Headers = Record<string, string | string[]>;

export function toRequestHead(
  streamId: number,
  fields: ReadonlyArray<readonly [string, string]>,
): RequestHead {
  const headers: Headers = {};
  let method: string | undefined;
  let path: string | undefined;
  let regularSeen = false;
  for (const [name, value] of fields) {
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
    if (name === "connection") throw malformed(streamId, "connection-specific field");
    const seen = headers[name];
    if (seen === undefined) headers[name] = value;
    else if (name === "cookie") headers[name] = `${seen as string}; ${value}`;
    else if (typeof seen === "string") headers[name] = [seen, value];
    else seen.push(value);
  }
  if (method === undefined || path === undefined || path === "") {
    throw malformed(streamId, "a request needs :method and :path");
  }
  const q = path.indexOf("?");
  return { method, path: q === -1 ? path : path.slice(0, q), headers };
}

function malformed(streamId: number, what: string): H2cStreamError {
  return new H2cStreamError(streamId, H2Code.PROTOCOL_ERROR, `Malformed request: ${what}.`);
}
