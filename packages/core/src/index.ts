/**
 * @module @resolute/core
 * Definitions, context types, the endpoint builder, serde and errors for Resolute.
 */
export type {
  BodySink,
  EndpointHandler,
  ProtocolMode,
  RequestHead,
  ResponseSink,
  ServableEndpoint,
} from "./endpoint/transport.js";
export { type ErrorCode, ErrorCodes } from "./errors/codes.js";
export { ResoluteError } from "./errors/resolute-error.js";
export {
  CancelledError,
  RetryableError,
  type RetryableErrorOptions,
  TerminalError,
  type TerminalErrorOptions,
  TimeoutError,
} from "./errors/terminal-error.js";
