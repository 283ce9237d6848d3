// Service protocol frames, to talk to an endpoint directly as a misbehaving server would.
export {
  decodeMessage,
  framesOf,
  invocation,
  MessageType,
  V6,
} from "../../../packages/fetch/test/support/frames.js";
