// The one place the client talks HTTP: fetch, error mapping, and payload decoding.
import type { Serde } from "@resolute/core";
import { IngressError } from "./errors.js";

export interface Transport {
  readonly url: string;
  readonly headers: Record<string, string>;
}

export async function request(
  t: Transport,
  method: string,
  path: string,
  body?: Uint8Array,
  headers: Record<string, string> = {},
): Promise<Uint8Array> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { ...t.headers, ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) throw new IngressError(res.status, new TextDecoder().decode(bytes));
  return bytes;
}

export function encode<T>(
  serde: Serde<T>,
  value: T,
): { body: Uint8Array; headers: Record<string, string> } {
  const body = serde.serialize(value);
  return {
    body,
    headers: body.length > 0 ? { "content-type": serde.contentType ?? "application/json" } : {},
  };
}

export function segment(s: string): string {
  return encodeURIComponent(s);
}
