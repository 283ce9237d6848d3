// The one place the client talks HTTP: requests (through the fail-over pool), payload encoding.
import type { Serde } from "@resolute/core";
import type { IngressPool } from "./failover.js";
import type { AttemptTimeouts } from "./timeouts.js";

/** The URLs with their fail-over state (shared by every view of a client), and this view's limits. */
export interface Transport {
  pool: IngressPool;
  timeouts: AttemptTimeouts;
  signal?: AbortSignal | undefined;
}

/**
 * `safe`: repeating the request cannot start a second invocation. Reads (GET) and requests with
 * an idempotency key are always safe; anything else is only sent again when the first attempt's
 * connection was refused. `waits`: the answer comes when the handler is done (a call, attach).
 */
export function request(
  t: Transport,
  method: string,
  path: string,
  body?: Uint8Array,
  headers: Record<string, string> = {},
  safe = false,
  waits = false,
): Promise<Uint8Array> {
  return t.pool.request(
    method,
    path,
    body,
    headers,
    safe || method === "GET" || hasIdempotencyKey(headers),
    { timeoutMs: waits ? t.timeouts.result : t.timeouts.answer, signal: t.signal },
  );
}

function hasIdempotencyKey(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => name.toLowerCase() === "idempotency-key");
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
