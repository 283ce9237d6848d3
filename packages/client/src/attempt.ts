// One attempt of a request at one URL, and how it failed as far as retrying is concerned. The
// per-attempt timeout and the caller's AbortSignal both end it; the caller's signal wins: its
// reason is thrown at once, and nothing is retried.
import { IngressError } from "./errors.js";

/** How a single attempt failed, as far as retrying is concerned. */
export type Failure =
  | { kind: "refused"; reason: string } // nothing was sent: always safe to send elsewhere
  | { kind: "unavailable"; reason: string; error: IngressError } // 502/503/504
  | { kind: "broken"; reason: string; error: unknown } // the connection failed mid-request
  // Node's fetch (undici) gave up waiting for the headers after its own headersTimeout (300 s by
  // default), whatever the client's limits: the node is alive, the answer just is not ready yet.
  | { kind: "cut"; reason: string; error: unknown }
  // No response headers within the per-attempt timeout: it may have reached the node.
  | { kind: "timeout"; reason: string; timeoutMs: number }
  // This node does not know the service (yet): a node that is starting, or a registration that
  // has not reached it. Rejected before any invocation exists, so another node may be asked.
  | { kind: "unknown"; reason: string; error: IngressError };

/** What bounds one attempt: a time limit for the response headers, and the caller's signal. */
export interface AttemptLimits {
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** The fetch the client sends with: the platform's, or one given to connect(). */
export type Fetch = typeof globalThis.fetch;

const UNAVAILABLE = new Set([502, 503, 504]);
const UNKNOWN_SERVICE = /service '[^']*' not found/;

export async function sendAttempt(
  url: string,
  method: string,
  path: string,
  body: Uint8Array | undefined,
  headers: Record<string, string>,
  { timeoutMs, signal }: AttemptLimits,
  fetcher: Fetch = fetch,
): Promise<{ bytes: Uint8Array } | Failure> {
  signal?.throwIfAborted();
  let response: Response;
  // The limit covers the wait for the response headers only: once they are in, the answer is
  // there (the ingress sends headers when the result is ready), and the body is read in full.
  const abort = timeoutMs === undefined && !signal ? undefined : new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          abort?.abort();
        }, timeoutMs);
  const onAbort = () => abort?.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    try {
      response = await fetcher(`${url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(abort ? { signal: abort.signal } : {}),
      });
    } catch (error) {
      signal?.throwIfAborted();
      if (timedOut) {
        const reason = `no response within the ${timeoutMs} ms timeout`;
        return { kind: "timeout", reason, timeoutMs: timeoutMs! };
      }
      if (isRefused(error)) return { kind: "refused", reason: "connection refused" };
      if (isHeadersTimeout(error)) return { kind: "cut", reason: describe(error), error };
      return { kind: "broken", reason: describe(error), error };
    } finally {
      clearTimeout(timer);
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      signal?.throwIfAborted();
      return { kind: "broken", reason: describe(error), error };
    }
    if (response.ok) return { bytes };
    const error = new IngressError(response.status, new TextDecoder().decode(bytes));
    if (response.status === 404 && UNKNOWN_SERVICE.test(error.message)) {
      return { kind: "unknown", reason: `HTTP 404 ${error.message}`, error };
    }
    if (UNAVAILABLE.has(response.status)) {
      return { kind: "unavailable", reason: `HTTP ${response.status} ${error.message}`, error };
    }
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

/** The connection was refused (or could not be made at all): no byte of the request was sent. */
function isRefused(error: unknown): boolean {
  const cause = (error as { cause?: unknown })?.cause;
  const codes = [cause, ...(((cause as { errors?: unknown[] })?.errors ?? []) as unknown[])].map(
    (e) => (e as { code?: unknown })?.code,
  );
  return codes.some((code) => code === "ECONNREFUSED");
}

/**
 * undici's own wait for the response headers ran out: fetch rejects with a TypeError "fetch failed"
 * whose cause is a HeadersTimeoutError with code UND_ERR_HEADERS_TIMEOUT (checked on Node 20).
 */
export function isHeadersTimeout(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return error instanceof TypeError && cause?.code === "UND_ERR_HEADERS_TIMEOUT";
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const detail = cause?.code ?? cause?.message;
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${String(detail)})` : message;
}
