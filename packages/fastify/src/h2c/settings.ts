// The peer's SETTINGS frame (RFC 9113 section 6.5), checked. Only what changes how we send
// matters to a server that never pushes: the initial stream window and the frame size.
import { H2cConnectionError } from "./errors.js";
import {
  DEFAULT_MAX_FRAME_SIZE,
  H2Code,
  MAX_ALLOWED_FRAME_SIZE,
  MAX_WINDOW,
  Setting,
} from "./frame.js";

export interface PeerSettings {
  initialWindowSize?: number;
  maxFrameSize?: number;
}

export function readSettings(payload: Buffer): PeerSettings {
  if (payload.length % 6 !== 0) {
    throw new H2cConnectionError(H2Code.FRAME_SIZE_ERROR, "A SETTINGS frame of the wrong size.");
  }
  const out: PeerSettings = {};
  for (let at = 0; at < payload.length; at += 6) {
    const key = payload.readUInt16BE(at);
    const value = payload.readUInt32BE(at + 2);
    if (key === Setting.INITIAL_WINDOW_SIZE) {
      if (value > MAX_WINDOW) {
        throw new H2cConnectionError(H2Code.FLOW_CONTROL_ERROR, "INITIAL_WINDOW_SIZE too large.");
      }
      out.initialWindowSize = value;
    } else if (key === Setting.MAX_FRAME_SIZE) {
      if (value < DEFAULT_MAX_FRAME_SIZE || value > MAX_ALLOWED_FRAME_SIZE) {
        throw new H2cConnectionError(H2Code.PROTOCOL_ERROR, "MAX_FRAME_SIZE out of range.");
      }
      out.maxFrameSize = value;
    } else if (key === Setting.ENABLE_PUSH && value > 1) {
      throw new H2cConnectionError(H2Code.PROTOCOL_ERROR, "ENABLE_PUSH must be 0 or 1.");
    }
    // HEADER_TABLE_SIZE needs nothing here: the connection's first header block sets our
    // encoder's table to 0, within any size the peer allows.
    // Unknown settings are ignored (RFC 9113 section 6.5.2).
  }
  return out;
}
