// The one table of Resolute's own error codes, the ingress client's included.
// docs/reference/errors.md mirrors it, and a unit test keeps the two in step and checks that
// every code here is raised somewhere and that no raising site writes a bare numeric code.
// Codes are never reused.

/** Resolute's own error codes, with their wire code and a summary; listed in docs/reference/errors.md. */
export const ErrorCodes = {
  RES_ERR_JOURNAL_MISMATCH: {
    wire: 570,
    summary: "The handler issued a different command than the journal recorded at this index.",
  },
  RES_ERR_PROTOCOL_VIOLATION: {
    wire: 571,
    summary: "The Restate server sent a message the SDK did not expect at this point.",
  },
  RES_ERR_PROTOCOL_BAD_FRAME: {
    wire: 571,
    summary: "A frame could not be decoded: cut short, too large, or with a malformed payload.",
  },
  RES_ERR_UNKNOWN_HANDLER: {
    wire: 404,
    summary: "No service or handler with this name is bound to the endpoint.",
  },
  RES_ERR_BAD_CONTENT_TYPE: {
    wire: 415,
    summary: "The request's content type is not a service protocol version this endpoint speaks.",
  },
  RES_ERR_SERDE: {
    wire: 400,
    summary: "A payload could not be deserialized: the bytes are not what the serde reads.",
  },
  RES_ERR_SERIALIZE: {
    wire: 500,
    summary: "A value could not be serialized; the failure is terminal, retrying cannot fix it.",
  },
  RES_ERR_MESSAGE_TOO_LARGE: {
    wire: 500,
    summary: "A payload is larger than the message size limit the Restate server accepts.",
  },
  RES_ERR_VALIDATION: {
    wire: 400,
    summary:
      "A value does not match its schema (handler input or output, state, a call's parameter).",
  },
  RES_ERR_DEFINITION: {
    wire: 500,
    summary: "A service, object or workflow definition is invalid.",
  },
  RES_ERR_INVALID_ARGUMENT: {
    wire: 500,
    summary: "An argument has the wrong type, shape or range (a duration, an error code, a key).",
  },
  RES_ERR_UNAUTHORIZED: {
    wire: 401,
    summary: "The request was not signed by a Restate server whose key this endpoint trusts.",
  },
  RES_ERR_CONTEXT_MISUSE: {
    wire: 500,
    summary: "A context operation was used where this kind of handler cannot use it.",
  },
  RES_ERR_UNSUPPORTED_EVENT: {
    wire: 400,
    summary: "The Lambda event is not an HTTP request (API Gateway v1/v2 or function URL).",
  },
  RES_ERR_RESPONSE_TOO_LARGE: {
    wire: 500,
    summary: "The response is larger than the platform accepts (AWS Lambda: 6 MB).",
  },
  RES_ERR_FASTIFY_MISSING: {
    wire: 500,
    summary: "`served.app` was read, but the optional `fastify` package is not installed.",
  },
  // The ingress client's (@resolute/client). Nothing of theirs goes over the wire: `wire` is the
  // HTTP status the failure stands for (an IngressError's own status is in its `status`).
  RES_ERR_INGRESS_NOT_FOUND: {
    wire: 404,
    summary:
      "The ingress does not know the service, handler or invocation: register the deployment, or check the name.",
  },
  RES_ERR_INGRESS_REJECTED: {
    wire: 400,
    summary:
      "The ingress refused the request without running a handler (e.g. 470: the output is not ready yet).",
  },
  RES_ERR_INVOCATION_FAILED: {
    wire: 500,
    summary:
      "The invocation failed terminally; the IngressError's `code` and message are those of the failure.",
  },
  RES_ERR_INGRESS_UNAVAILABLE: {
    wire: 503,
    summary:
      "No ingress URL answered (refused, cut off, timed out, 502/503/504), or a cut-off request was not repeated.",
  },
  RES_ERR_INGRESS_TIMEOUT: {
    wire: 504,
    summary:
      "An ingress request got no response within its timeout and, without an idempotency key, was not repeated.",
  },
} as const;

/** The name of one of Resolute's own error codes, e.g. `RES_ERR_JOURNAL_MISMATCH`. */
export type ErrorCode = keyof typeof ErrorCodes;

/** The wire code of a Resolute error code. */
export function wireCodeOf(code: ErrorCode): number {
  return ErrorCodes[code].wire;
}

/**
 * Wire codes of failures that are not Resolute's own, as the official SDK writes them: what a
 * handler's plain `Error` records, and the two built-in terminal errors.
 */
export const FailureCodes = {
  /** A thrown value that is not a TerminalError, and TerminalError's default. */
  INTERNAL: 500,
  TIMEOUT: 408,
  CANCELLED: 409,
} as const;

/** The codes a TerminalError or RetryableError may carry: HTTP client and server errors. */
export const ERROR_CODE_RANGE = { min: 400, max: 599 } as const;

export function isErrorCode(code: unknown): code is number {
  return (
    typeof code === "number" &&
    Number.isInteger(code) &&
    code >= ERROR_CODE_RANGE.min &&
    code <= ERROR_CODE_RANGE.max
  );
}
