/** A failed ingress request: the invocation failed terminally, or the server refused the call. */
export class IngressError extends Error {
  /** HTTP status of the ingress response. */
  readonly status: number;
  /** The failure code the server reported (the TerminalError's code for failed invocations). */
  readonly code: number;
  readonly body: string;

  constructor(status: number, body: string) {
    let message = body;
    let code = status;
    try {
      const parsed = JSON.parse(body) as { message?: string; code?: number };
      if (typeof parsed.message === "string") message = parsed.message;
      if (typeof parsed.code === "number") code = parsed.code;
    } catch {
      // not JSON: keep the text
    }
    super(message || `Ingress request failed with HTTP ${status}`);
    this.name = "IngressError";
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

const NOT_RETRIED =
  "Not retried because the request may have reached the server and carries no idempotency " +
  "key; give it one (idempotencyKey) or connect with retry: { idempotent: true } to have the " +
  "client retry it safely.";

/**
 * No ingress URL gave an answer: every attempt was refused, failed mid-request or got 502/503/504
 * (`retried: true`), or the first failure could not be retried safely (`retried: false`).
 */
export class IngressUnavailableError extends Error {
  /** Every attempt, in order: the URL and how it failed. */
  readonly attempts: readonly { url: string; reason: string }[];
  /** The distinct URLs tried. */
  readonly urls: readonly string[];

  constructor(
    method: string,
    path: string,
    attempts: { url: string; reason: string }[],
    retried: boolean,
  ) {
    const list = attempts.map((a) => `${a.url} (${a.reason})`).join(", ");
    super(
      retried
        ? `${method} ${path} failed on every attempt (${attempts.length}): ${list}. ` +
            "Check that the Restate nodes are running and reachable."
        : `${method} ${path} failed: ${list}. ${NOT_RETRIED}`,
    );
    this.name = "IngressUnavailableError";
    this.attempts = attempts;
    this.urls = [...new Set(attempts.map((a) => a.url))];
  }
}

/**
 * An attempt got no response headers within the per-attempt timeout, and the request could not be
 * sent again safely: it may have reached the node, and it carries no idempotency key. (A request
 * that may be repeated goes on to the next URL instead; if every attempt fails, the client throws
 * {@link IngressUnavailableError} listing each timeout.)
 */
export class IngressTimeoutError extends IngressUnavailableError {
  /** The URL that did not answer in time. */
  readonly url: string;
  /** The per-attempt timeout that expired, in ms. */
  readonly timeoutMs: number;

  constructor(
    method: string,
    path: string,
    attempts: { url: string; reason: string }[],
    url: string,
    timeoutMs: number,
  ) {
    super(method, path, attempts, false);
    this.name = "IngressTimeoutError";
    this.message =
      `${method} ${path}: ${url} sent no response within the ${timeoutMs} ms timeout ` +
      `(client option timeout or resultTimeout); the request was abandoned. ${NOT_RETRIED}`;
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}
