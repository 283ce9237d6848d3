/**
 * @module @resolute/core/protocol
 * The service protocol's wire format, for tools and tests that speak it directly (simulated
 * servers, proxies, fuzzers). Handlers never need it.
 */
export { decodeMessage, encodeFrame, HEADER_SIZE } from "./codec.js";
export { DEFAULT_MAX_MESSAGE_SIZE, type Frame, FrameDecoder, REQUESTED_ACK } from "./frame.js";
export {
  isCommand,
  isNotification,
  MessageType,
  type MessageTypeName,
  messageTypeName,
} from "./message-type.js";
export type {
  CommandMessage,
  ErrorMessage,
  Failure,
  InputCommandMessage,
  NotificationMessage,
  StartMessage,
} from "./messages.js";
