// Errors that travel over the wire, shaped like the official SDK's so handlers port unchanged.
import { type Duration, durationMs } from "../context/duration.js";
import {
  ERROR_CODE_RANGE,
  type ErrorCode,
  FailureCodes,
  isErrorCode,
  wireCodeOf,
} from "./codes.js";
import { describeThrown } from "./describe-thrown.js";
import { ResoluteError } from "./resolute-error.js";

/** Options of a {@link TerminalError}: its code (HTTP 400–599), metadata and cause. */
export interface TerminalErrorOptions {
  /** HTTP-like status code written to the journal, 400 to 599; 500 when omitted. */
  errorCode?: number;
  /** String pairs stored with the failure (service protocol V6 and later). */
  metadata?: Record<string, string>;
  cause?: unknown;
}

/** Refuses a code the ingress could not answer with (e.g. 700 would become HTTP status 700). */
function checkedCode(errorCode: number | undefined, owner: string): number {
  if (errorCode === undefined) return FailureCodes.INTERNAL;
  if (isErrorCode(errorCode)) return errorCode;
  throw new ResoluteError(
    "RES_ERR_INVALID_ARGUMENT",
    `${owner} errorCode ${String(errorCode)} is not allowed: use an integer from ${ERROR_CODE_RANGE.min} to ${ERROR_CODE_RANGE.max} (an HTTP client or server error status), or leave it out for ${FailureCodes.INTERNAL}.`,
  );
}

/** Ends the invocation (or the `ctx.run`) with a failure that is never retried. */
export class TerminalError extends Error {
  readonly code: number;
  readonly metadata: Record<string, string> | undefined;

  constructor(message: string, options: TerminalErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TerminalError";
    this.code = checkedCode(options.errorCode, "TerminalError");
    this.metadata = options.metadata;
  }

  /** Same as `code`, under the official SDK's name. */
  get errorCode(): number {
    return this.code;
  }
}

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

/** The invocation was cancelled (code 409). */
export class CancelledError extends TerminalError {
  constructor(message = "Cancelled") {
    super(message, { errorCode: FailureCodes.CANCELLED });
    this.name = "CancelledError";
  }
}

/** Options of a {@link RetryableError}: its code, the delay before the next attempt, its cause. */
export interface RetryableErrorOptions {
  errorCode?: number;
  /** How long the server should wait before the next attempt: milliseconds or `{ seconds: 5 }`. */
  retryAfter?: Duration;
  cause?: unknown;
}

/** An explicit retryable failure, with an optional delay before the next attempt. */
export class RetryableError extends Error {
  readonly code: number;
  /** The delay before the next attempt, in milliseconds. */
  readonly retryAfter: number | undefined;

  constructor(message: string, options: RetryableErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RetryableError";
    this.code = checkedCode(options.errorCode, "RetryableError");
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
