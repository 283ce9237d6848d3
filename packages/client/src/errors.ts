// The ingress client's errors. Each has a stable code from core's error table: IngressError's
// `code` is the failure code the server reported, so its own is `resoluteCode`; the others are
// ResoluteErrors, whose `code` is theirs (and `resoluteCode` too, so every client error has it).
import { type ErrorCode, ErrorCodes, ResoluteError } from "@resolute/core";

/** Where the ingress says an error answer comes from (its `source` field, Restate 1.2 and later). */
type ErrorSource = "ingress" | "invocation";

/** The stable code of an error answer: a failed invocation, an unknown target, or a refusal. */
function codeOfAnswer(status: number, source: ErrorSource | undefined): ErrorCode {
  if (source === "invocation") return "RES_ERR_INVOCATION_FAILED";
  if (status === ErrorCodes.RES_ERR_INGRESS_NOT_FOUND.wire) return "RES_ERR_INGRESS_NOT_FOUND";
  return "RES_ERR_INGRESS_REJECTED";
}

/**
 * A failed ingress request: the invocation failed terminally (`resoluteCode`
 * `RES_ERR_INVOCATION_FAILED`), the ingress does not know the service, handler or invocation
 * (`RES_ERR_INGRESS_NOT_FOUND`), or it refused the call otherwise (`RES_ERR_INGRESS_REJECTED`).
 */
export class IngressError extends Error {
  /** HTTP status of the ingress response. */
  readonly status: number;
  /** The failure code the server reported (the TerminalError's code for failed invocations). */
  readonly code: number;
  readonly body: string;
  /** Resolute's stable code for this kind of failure, from the table in docs/reference/errors.md. */
  readonly resoluteCode: ErrorCode;

  constructor(status: number, body: string) {
    let message = body;
    let code = status;
    let source: ErrorSource | undefined;
    try {
      const parsed = JSON.parse(body) as { message?: string; code?: number; source?: unknown };
      if (typeof parsed.message === "string") message = parsed.message;
      if (typeof parsed.code === "number") code = parsed.code;
      if (parsed.source === "ingress" || parsed.source === "invocation") source = parsed.source;
    } catch {
      // not JSON: keep the text
    }
    super(message || `Ingress request failed with HTTP ${status}`);
    this.name = "IngressError";
    this.status = status;
    this.code = code;
    this.body = body;
    this.resoluteCode = codeOfAnswer(status, source);
  }
}

const NOT_RETRIED =
  "Not retried because the request may have reached the server and carries no idempotency " +
  "key; give it one (idempotencyKey) or connect with retry: { idempotent: true } to have the " +
  "client retry it safely.";

/**
 * No ingress URL gave an answer: every attempt was refused, failed mid-request or got 502/503/504
 * (`retried: true`), or the first failure could not be retried safely (`retried: false`).
 * Code `RES_ERR_INGRESS_UNAVAILABLE`.
 */
export class IngressUnavailableError extends ResoluteError {
  /** Every attempt, in order: the URL and how it failed. */
  readonly attempts: readonly { url: string; reason: string }[];
  /** The distinct URLs tried. */
  readonly urls: readonly string[];

  constructor(
    method: string,
    path: string,
    attempts: { url: string; reason: string }[],
    retried: boolean,
    code: ErrorCode = "RES_ERR_INGRESS_UNAVAILABLE",
  ) {
    const list = attempts.map((a) => `${a.url} (${a.reason})`).join(", ");
    super(
      code,
      retried
        ? `${method} ${path} failed on every attempt (${attempts.length}): ${list}. ` +
            "Check that the Restate nodes are running and reachable."
        : `${method} ${path} failed: ${list}. ${NOT_RETRIED}`,
    );
    this.name = "IngressUnavailableError";
    this.attempts = attempts;
    this.urls = [...new Set(attempts.map((a) => a.url))];
  }

  /** The same as `code`: the name every error of the ingress client has its stable code under. */
  get resoluteCode(): ErrorCode {
    return this.code;
  }
}

/**
 * An attempt got no response headers within the per-attempt timeout, and the request could not be
 * sent again safely: it may have reached the node, and it carries no idempotency key. (A request
 * that may be repeated goes on to the next URL instead; if every attempt fails, the client throws
 * {@link IngressUnavailableError} listing each timeout.) Code `RES_ERR_INGRESS_TIMEOUT`.
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
    super(method, path, attempts, false, "RES_ERR_INGRESS_TIMEOUT");
    this.name = "IngressTimeoutError";
    this.message =
      `${method} ${path}: ${url} sent no response within the ${timeoutMs} ms timeout ` +
      `(client option timeout or resultTimeout); the request was abandoned. ${NOT_RETRIED}`;
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}
