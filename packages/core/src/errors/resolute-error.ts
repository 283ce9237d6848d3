import { type ErrorCode, ErrorCodes } from "./codes.js";

/**
 * An error raised by Resolute itself (not by a handler), with a stable code from the table in
 * `codes.ts` and, when it reaches the Restate server, the wire code from the same table.
 */
export class ResoluteError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ResoluteError";
    this.code = code;
  }

  /** The HTTP-like code this error carries on the wire (ErrorMessage.code). */
  get wireCode(): number {
    return ErrorCodes[this.code].wire;
  }
}
