// The one table of Resolute's own error codes. docs/reference/errors.md mirrors it and a unit
// test keeps the two in step. Codes are never reused; a retired code stays listed.

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
  RES_ERR_UNSUPPORTED_FEATURE: {
    wire: 573,
    summary: "The feature needs a newer service protocol version than the one negotiated.",
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
    summary: "A payload could not be serialized or deserialized.",
  },
  RES_ERR_VALIDATION: {
    wire: 400,
    summary: "The input or output does not match the handler's schema.",
  },
  RES_ERR_DEFINITION: {
    wire: 500,
    summary: "A service, object or workflow definition is invalid.",
  },
  RES_ERR_UNAUTHORIZED: {
    wire: 401,
    summary: "The request was not signed by a Restate server whose key this endpoint trusts.",
  },
  RES_ERR_CONTEXT_MISUSE: {
    wire: 500,
    summary: "A context operation was used where this kind of handler cannot use it.",
  },
} as const;

export type ErrorCode = keyof typeof ErrorCodes;
