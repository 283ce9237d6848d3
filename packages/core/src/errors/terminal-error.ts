// Errors that travel over the wire, shaped like the official SDK's so handlers port unchanged.

export interface TerminalErrorOptions {
  /** HTTP-like status code written to the journal; 500 when omitted. */
  errorCode?: number;
  /** String pairs stored with the failure (service protocol V6 and later). */
  metadata?: Record<string, string>;
  cause?: unknown;
}

/** Ends the invocation (or the `ctx.run`) with a failure that is never retried. */
export class TerminalError extends Error {
  readonly code: number;
  readonly metadata: Record<string, string> | undefined;

  constructor(message: string, options: TerminalErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TerminalError";
    this.code = options.errorCode ?? 500;
    this.metadata = options.metadata;
  }

  /** Same as `code`, under the official SDK's name. */
  get errorCode(): number {
    return this.code;
  }
}

/** A durable promise did not settle within its `orTimeout` duration (code 408). */
export class TimeoutError extends TerminalError {
  constructor(message = "Timeout occurred") {
    super(message, { errorCode: 408 });
    this.name = "TimeoutError";
  }
}

/** The invocation was cancelled (code 409). */
export class CancelledError extends TerminalError {
  constructor(message = "Cancelled") {
    super(message, { errorCode: 409 });
    this.name = "CancelledError";
  }
}

export interface RetryableErrorOptions {
  errorCode?: number;
  /** How long the server should wait before the next attempt, in milliseconds. */
  retryAfter?: number;
  cause?: unknown;
}

/** An explicit retryable failure, with an optional delay before the next attempt. */
export class RetryableError extends Error {
  readonly code: number;
  readonly retryAfter: number | undefined;

  constructor(message: string, options: RetryableErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RetryableError";
    this.code = options.errorCode ?? 500;
    this.retryAfter = options.retryAfter;
  }

  static from(cause: unknown, options: Omit<RetryableErrorOptions, "cause"> = {}): RetryableError {
    const message = cause instanceof Error ? cause.message : String(cause);
    return new RetryableError(message, { ...options, cause });
  }
}
