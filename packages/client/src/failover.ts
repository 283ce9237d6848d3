// Several ingress URLs behind one client: requests start at the next URL in turn, and move on to
// another when a node refuses the connection, does not answer within the per-attempt timeout, or
// answers 502/503/504. A request that may already have reached a node is sent again only when
// sending it twice cannot create a second invocation (it carries an idempotency key, or only
// reads or completes something).
import { ResoluteError } from "@resolute/core";
import { type AttemptLimits, sendAttempt } from "./attempt.js";
import { IngressTimeoutError, IngressUnavailableError } from "./errors.js";

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
      throw new ResoluteError(
        "RES_ERR_INVALID_ARGUMENT",
        `connect(): retry.${name} must be a number >= ${name === "attempts" ? 1 : 0}.`,
      );
    }
  }
  return policy;
}

// A URL that just failed is not picked first by other requests for this long.
const COOLDOWN_MS = 1_000;

export class IngressPool {
  readonly urls: readonly string[];
  readonly headers: Record<string, string>;
  readonly retry: RetryPolicy;
  #next = 0;
  readonly #downUntil = new Map<string, number>();

  constructor(urls: readonly string[], headers: Record<string, string>, retry: RetryPolicy) {
    if (urls.length === 0)
      throw new ResoluteError(
        "RES_ERR_INVALID_ARGUMENT",
        "connect(): url must name at least one ingress URL.",
      );
    this.urls = urls.map((url) => {
      if (typeof url !== "string" || !/^https?:\/\//.test(url)) {
        throw new ResoluteError(
          "RES_ERR_INVALID_ARGUMENT",
          `connect(): ingress URL must start with http:// or https:// (got ${String(url)}).`,
        );
      }
      return url.replace(/\/$/, "");
    });
    this.headers = headers;
    this.retry = retry;
  }

  /**
   * Sends one request, failing over between URLs. `safe`: sending it twice cannot create a second
   * invocation, so it may be repeated after a node failed while (possibly) handling it.
   * `limits`: each attempt's timeout, and the caller's signal, which ends the request at once.
   */
  async request(
    method: string,
    path: string,
    body: Uint8Array | undefined,
    headers: Record<string, string>,
    safe: boolean,
    limits: AttemptLimits = {},
  ): Promise<Uint8Array> {
    const order = this.#order();
    const tried: { url: string; reason: string }[] = [];
    for (let attempt = 0; ; attempt++) {
      const url = order[attempt % order.length]!;
      if (attempt >= order.length) {
        await this.#backoff(Math.floor(attempt / order.length), limits.signal);
      }
      const outcome = await sendAttempt(
        url,
        method,
        path,
        body,
        { ...this.headers, ...headers },
        limits,
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
  #backoff(round: number, signal: AbortSignal | undefined): Promise<void> {
    const bound = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** (round - 1));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.random() * bound);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
