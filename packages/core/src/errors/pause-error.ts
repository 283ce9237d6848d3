// PauseError: thrown inside `ctx.run`, it asks Restate to pause the invocation (instead of
// retrying it) until an operator resumes it. Shaped like the official SDK's.
import { isErrorCode } from "./codes.js";
import { describeThrown, readSafely } from "./describe-thrown.js";
import { RestateError, type RestateErrorOptions } from "./restate-error.js";

/**
 * Pauses the invocation when thrown inside a `ctx.run` action; it is meant for failures only a
 * person can fix (a revoked credential, a full quota). Outside `ctx.run` it is an ordinary
 * retryable failure.
 */
export class PauseError extends RestateError {
  constructor(message: string, options: RestateErrorOptions = {}) {
    super(message, options);
    this.name = "PauseError";
  }

  /** A PauseError carrying whatever was thrown as its cause, message and (when valid) code. */
  static from(cause: unknown): PauseError {
    const code = readSafely(cause, "code");
    return new PauseError(describeThrown(cause).message, {
      cause,
      ...(isErrorCode(code) ? { errorCode: code } : {}),
    });
  }
}
PauseError.prototype.name = "PauseError";
