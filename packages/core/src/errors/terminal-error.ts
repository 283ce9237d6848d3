// Errors that travel over the wire, shaped like the official SDK's so handlers port unchanged.
import { type Duration, durationMs } from "../context/duration.js";
import { type ErrorCode, FailureCodes, wireCodeOf } from "./codes.js";
import { describeThrown } from "./describe-thrown.js";
import { RestateError } from "./restate-error.js";

/** Options of a {@link TerminalError}: its code (HTTP 400–599), metadata and cause. */
export interface TerminalErrorOptions {
  /** HTTP-like status code written to the journal, 400 to 599; 500 when omitted. */
  errorCode?: number;
  /** String pairs stored with the failure (service protocol V6 and later). */
  metadata?: Record<string, string>;
  cause?: unknown;
}

/** Ends the invocation (or the `ctx.run`) with a failure that is never retried. */
export class TerminalError extends RestateError {
  readonly metadata: Record<string, string> | undefined;

  constructor(message: string, options: TerminalErrorOptions = {}) {
    super(message, options);
    this.name = "TerminalError";
    this.metadata = options.metadata;
  }
}
TerminalError.prototype.name = "TerminalError";

/**
 * A TerminalError for a failure recorded by the server: its code is a fact from the journal
 * (possibly written by another SDK), so it is kept as it is rather than validated.
 */
export function recordedTerminalError(
  message: string,
  code: number,
  metadata: Record<string, string> | undefined,
): TerminalError {
  const error = new TerminalError(message, metadata ? { metadata } : {});
  (error as { code: number }).code = code;
  return error;
}

/** A TerminalError carrying the wire code of one of Resolute's own codes. */
export function resoluteTerminalError(
  code: ErrorCode,
  message: string,
  cause?: unknown,
): TerminalError {
  return new TerminalError(message, {
    errorCode: wireCodeOf(code),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A durable promise did not settle within its `orTimeout` duration (code 408). */
export class TimeoutError extends TerminalError {
  constructor(message = "Timeout occurred") {
    super(message, { errorCode: FailureCodes.TIMEOUT });
    this.name = "TimeoutError";
  }
}
TimeoutError.prototype.name = "TimeoutError";

/** The invocation was cancelled (code 409). */
export class CancelledError extends TerminalError {
  constructor(message = "Cancelled") {
    super(message, { errorCode: FailureCodes.CANCELLED });
    this.name = "CancelledError";
  }
}
CancelledError.prototype.name = "CancelledError";

/** Options of a {@link RetryableError}: its code, the delay before the next attempt, its cause. */
export interface RetryableErrorOptions {
  errorCode?: number;
  /** How long the server should wait before the next attempt: milliseconds or `{ seconds: 5 }`. */
  retryAfter?: Duration;
  cause?: unknown;
}

/** An explicit retryable failure, with an optional delay before the next attempt. */
export class RetryableError extends RestateError {
  /** The delay before the next attempt, in milliseconds. */
  readonly retryAfter: number | undefined;

  constructor(message: string, options: RetryableErrorOptions = {}) {
    super(message, options);
    this.name = "RetryableError";
    this.retryAfter =
      options.retryAfter === undefined
        ? undefined
        : durationMs(options.retryAfter, "RetryableError retryAfter");
  }

  /** A RetryableError carrying whatever was thrown as its cause and message. */
  static from(cause: unknown, options: Omit<RetryableErrorOptions, "cause"> = {}): RetryableError {
    return new RetryableError(describeThrown(cause).message, { ...options, cause });
  }
}
RetryableError.prototype.name = "RetryableError";
