// Several ingress URLs behind one client: requests start at the next URL in turn, and move on to
// another when a node refuses the connection, does not answer within the per-attempt timeout, or
// answers 502/503/504. A request that may already have reached a node is sent again only when
// sending it twice cannot create a second invocation (it carries an idempotency key, or only
// reads or completes something).
import { ResoluteError } from "@resolute/core";
import { type AttemptLimits, type Fetch, sendAttempt } from "./attempt.js";
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
  readonly fetch: Fetch | undefined;
  #next = 0;
  readonly #downUntil = new Map<string, number>();

  constructor(
    urls: readonly string[],
    headers: Record<string, string>,
    retry: RetryPolicy,
    fetcher?: Fetch,
  ) {
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
    this.fetch = fetcher;
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
    // Waits cut by fetch's own headers timeout, re-attached without using up an attempt. The
    // request's timeout bounds the whole wait since the first of them, not each re-attach.
    let cuts = 0;
    let waitingSince: number | undefined;
    for (let attempt = 0; ; ) {
      const url = order[attempt % order.length]!;
      if (attempt >= order.length && waitingSince === undefined) {
        await this.#backoff(Math.floor(attempt / order.length), limits.signal);
      }
      const started = Date.now();
      const left =
        limits.timeoutMs === undefined || waitingSince === undefined
          ? limits.timeoutMs
          : limits.timeoutMs - (started - waitingSince);
      const expired = left !== undefined && left <= 0;
      let outcome: Awaited<ReturnType<typeof sendAttempt>> = expired
        ? { kind: "timeout", reason: "", timeoutMs: 0 }
        : await sendAttempt(
            url,
            method,
            path,
            body,
            { ...this.headers, ...headers },
            { ...limits, timeoutMs: left },
            this.fetch,
          );
      if (waitingSince !== undefined && "kind" in outcome && outcome.kind === "timeout") {
        // The request's own timeout ran out while re-attaching: report it, not what was left.
        const timeoutMs = limits.timeoutMs!;
        const reason = `no response within the ${timeoutMs} ms timeout (re-attached ${cuts} times after fetch's headers timeout)`;
        outcome = { kind: "timeout", reason, timeoutMs };
      }
      if (!("kind" in outcome)) {
        this.#downUntil.delete(url);
        return outcome.bytes;
      }
      if (outcome.kind === "cut" && safe) {
        // The node is alive and the invocation goes on: ask the same node again, at once (after a
        // short pause only if the cut came quickly, so a fetch that keeps failing cannot spin).
        cuts++;
        waitingSince ??= started;
        if (Date.now() - started < 1_000)
          await this.#pause(this.retry.initialDelayMs, limits.signal);
        continue;
      }
      waitingSince = undefined;
      tried.push({ url, reason: outcome.reason });
      if (outcome.kind !== "unavailable") this.#downUntil.set(url, Date.now() + COOLDOWN_MS);
      if (outcome.kind === "unknown") {
        // Every node gets one chance; if none knows the service, it really is not registered.
        if (attempt + 1 >= order.length) throw outcome.error;
        attempt++;
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
      attempt++;
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
    return this.#pause(Math.random() * bound, signal);
  }

  /** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
  #pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
