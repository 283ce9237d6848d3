// Several ingress URLs behind one client: requests start at the next URL in turn, and move on to
// another when a node refuses the connection or answers 502/503/504. A request that may already
// have reached a node is sent again only when sending it twice cannot create a second invocation
// (it carries an idempotency key, or only reads or completes something).
import { IngressError, IngressTimeoutError, IngressUnavailableError } from "./errors.js";
import type { AttemptTimeouts } from "./timeouts.js";

/** How the client retries a request on another node or after a failure. */
export interface RetryOptions {
  /**
   * Give every call and send that has no idempotency key a generated one, so that it can be
   * retried on another node without ever running twice. Default: false (only requests with a
   * key of yours, reads and awakeable completions are retried after they may have been sent).
   */
  idempotent?: boolean;
  /** Attempts per request over all URLs, the first one included. Default: 8. */
  attempts?: number;
  /** Backoff before the first repeat on a URL already tried, in ms; doubles each time. Default: 100. */
  initialDelayMs?: number;
  /** The backoff never exceeds this, in ms. Default: 2000. */
  maxDelayMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export function retryPolicy(options: RetryOptions | undefined): RetryPolicy {
  const policy = {
    idempotent: options?.idempotent ?? false,
    attempts: options?.attempts ?? 8,
    initialDelayMs: options?.initialDelayMs ?? 100,
    maxDelayMs: options?.maxDelayMs ?? 2_000,
  };
  for (const name of ["attempts", "initialDelayMs", "maxDelayMs"] as const) {
    const value = policy[name];
    if (!Number.isFinite(value) || value < 0 || (name === "attempts" && value < 1)) {
      throw new TypeError(
        `connect(): retry.${name} must be a number >= ${name === "attempts" ? 1 : 0}.`,
      );
    }
  }
  return policy;
}

/** How a single attempt failed, as far as retrying is concerned. */
type Failure =
  | { kind: "refused"; reason: string } // nothing was sent: always safe to send elsewhere
  | { kind: "unavailable"; reason: string; error: IngressError } // 502/503/504
  | { kind: "broken"; reason: string; error: unknown } // the connection failed mid-request
  // No response headers within the per-attempt timeout: it may have reached the node.
  | { kind: "timeout"; reason: string; timeoutMs: number }
  // This node does not know the service (yet): a node that is starting, or a registration that
  // has not reached it. Rejected before any invocation exists, so another node may be asked.
  | { kind: "unknown"; reason: string; error: IngressError };

const UNAVAILABLE = new Set([502, 503, 504]);
const UNKNOWN_SERVICE = /service '[^']*' not found/;
// A URL that just failed is not picked first by other requests for this long.
const COOLDOWN_MS = 1_000;

export class IngressPool {
  readonly urls: readonly string[];
  readonly headers: Record<string, string>;
  readonly retry: RetryPolicy;
  readonly timeouts: AttemptTimeouts;
  #next = 0;
  readonly #downUntil = new Map<string, number>();

  constructor(
    urls: readonly string[],
    headers: Record<string, string>,
    retry: RetryPolicy,
    timeouts: AttemptTimeouts,
  ) {
    if (urls.length === 0)
      throw new TypeError("connect(): url must name at least one ingress URL.");
    this.urls = urls.map((url) => {
      if (typeof url !== "string" || !/^https?:\/\//.test(url)) {
        throw new TypeError(
          `connect(): ingress URL must start with http:// or https:// (got ${String(url)}).`,
        );
      }
      return url.replace(/\/$/, "");
    });
    this.headers = headers;
    this.retry = retry;
    this.timeouts = timeouts;
  }

  /**
   * Sends one request, failing over between URLs. `safe`: sending it twice cannot create a second
   * invocation, so it may be repeated after a node failed while (possibly) handling it.
   * `waits`: the response comes only when the handler is done (a call, attach), so the
   * per-attempt limit is `timeouts.result` rather than `timeouts.answer`.
   */
  async request(
    method: string,
    path: string,
    body: Uint8Array | undefined,
    headers: Record<string, string>,
    safe: boolean,
    waits = false,
  ): Promise<Uint8Array> {
    const timeoutMs = waits ? this.timeouts.result : this.timeouts.answer;
    const order = this.#order();
    const tried: { url: string; reason: string }[] = [];
    for (let attempt = 0; ; attempt++) {
      const url = order[attempt % order.length]!;
      if (attempt >= order.length) await this.#backoff(Math.floor(attempt / order.length));
      const outcome = await send(
        url,
        method,
        path,
        body,
        { ...this.headers, ...headers },
        timeoutMs,
      );
      if (!("kind" in outcome)) {
        this.#downUntil.delete(url);
        return outcome.bytes;
      }
      tried.push({ url, reason: outcome.reason });
      if (outcome.kind !== "unavailable") this.#downUntil.set(url, Date.now() + COOLDOWN_MS);
      if (outcome.kind === "unknown") {
        // Every node gets one chance; if none knows the service, it really is not registered.
        if (attempt + 1 >= order.length) throw outcome.error;
        continue;
      }
      if (outcome.kind !== "refused" && !safe) {
        // It may have reached the server: a repeat could start the invocation a second time.
        if (outcome.kind === "unavailable") throw outcome.error;
        if (outcome.kind === "timeout") {
          throw new IngressTimeoutError(method, path, tried, url, outcome.timeoutMs);
        }
        throw new IngressUnavailableError(method, path, tried, false);
      }
      if (attempt + 1 >= this.retry.attempts) {
        throw new IngressUnavailableError(method, path, tried, true);
      }
    }
  }

  /** Every URL once, starting at the next one in turn; URLs that just failed go last. */
  #order(): string[] {
    const start = this.#next++ % this.urls.length;
    const rotated = [...this.urls.slice(start), ...this.urls.slice(0, start)];
    const now = Date.now();
    const up = rotated.filter((url) => (this.#downUntil.get(url) ?? 0) <= now);
    return up.length === rotated.length
      ? rotated
      : [...up, ...rotated.filter((u) => !up.includes(u))];
  }

  /** Full jitter: a random wait up to the exponential bound, so clients do not retry in step. */
  #backoff(round: number): Promise<void> {
    const bound = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** (round - 1));
    return new Promise((resolve) => setTimeout(resolve, Math.random() * bound));
  }
}

async function send(
  url: string,
  method: string,
  path: string,
  body: Uint8Array | undefined,
  headers: Record<string, string>,
  timeoutMs: number | undefined,
): Promise<{ bytes: Uint8Array } | Failure> {
  let response: Response;
  // The limit covers the wait for the response headers only: once they are in, the answer is
  // there (the ingress sends headers when the result is ready), and the body is read in full.
  const abort = timeoutMs === undefined ? undefined : new AbortController();
  let timedOut = false;
  const timer =
    abort &&
    setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
  try {
    response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(abort ? { signal: abort.signal } : {}),
    });
  } catch (error) {
    if (timedOut) {
      const reason = `no response within the ${timeoutMs} ms timeout`;
      return { kind: "timeout", reason, timeoutMs: timeoutMs! };
    }
    return isRefused(error)
      ? { kind: "refused", reason: "connection refused" }
      : { kind: "broken", reason: describe(error), error };
  } finally {
    clearTimeout(timer);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
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
}

/** The connection was refused (or could not be made at all): no byte of the request was sent. */
function isRefused(error: unknown): boolean {
  const cause = (error as { cause?: unknown })?.cause;
  const codes = [cause, ...(((cause as { errors?: unknown[] })?.errors ?? []) as unknown[])].map(
    (e) => (e as { code?: unknown })?.code,
  );
  return codes.some((code) => code === "ECONNREFUSED");
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const detail = cause?.code ?? cause?.message;
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${String(detail)})` : message;
}
