// The common base of the errors a handler throws to steer Restate (TerminalError, RetryableError,
// PauseError), under the official SDK's name so `instanceof RestateError` ports unchanged.
// ResoluteError (the SDK's own failures, with string codes) is deliberately not one of them.
import { ERROR_CODE_RANGE, FailureCodes, isErrorCode } from "./codes.js";
import { ResoluteError } from "./resolute-error.js";

/** Options of a {@link RestateError}: its code (HTTP 400–599, 500 when omitted) and cause. */
export interface RestateErrorOptions {
  errorCode?: number;
  cause?: unknown;
}

/** Refuses a code the ingress could not answer with (e.g. 700 would become HTTP status 700). */
export function checkedErrorCode(errorCode: number | undefined, owner: string): number {
  if (errorCode === undefined) return FailureCodes.INTERNAL;
  if (isErrorCode(errorCode)) return errorCode;
  throw new ResoluteError(
    "RES_ERR_INVALID_ARGUMENT",
    `${owner} errorCode ${String(errorCode)} is not allowed: use an integer from ${ERROR_CODE_RANGE.min} to ${ERROR_CODE_RANGE.max} (an HTTP client or server error status), or leave it out for ${FailureCodes.INTERNAL}.`,
  );
}

/**
 * A failure with an HTTP-like code. Thrown as it is, it fails the attempt with that code and
 * Restate retries; its subclasses say otherwise (TerminalError: never retried, PauseError: pause).
 */
export class RestateError extends Error {
  readonly code: number;

  constructor(message: string, options: RestateErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // The prototype's name names the class in the message (subclasses set theirs below).
    this.code = checkedErrorCode(options.errorCode, this.name);
    this.name = this.name;
  }

  /** Same as `code`, under the name the official SDK's options use. */
  get errorCode(): number {
    return this.code;
  }
}
RestateError.prototype.name = "RestateError";
