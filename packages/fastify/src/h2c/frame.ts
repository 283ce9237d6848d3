// HTTP/2 wire constants (RFC 9113 sections 4, 6, 7 and 11) and the encoders for the small
// control frames this server writes. Frames are a 9-byte header and a payload; DATA payloads
// are never copied here (the writer sends the header and the payload view side by side).

/** The client connection preface, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" (RFC 9113 section 3.4). */
export const CLIENT_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

export const FRAME_HEADER_LENGTH = 9;

export const FrameType = {
  DATA: 0x0,
  HEADERS: 0x1,
  PRIORITY: 0x2,
  RST_STREAM: 0x3,
  SETTINGS: 0x4,
  PUSH_PROMISE: 0x5,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW_UPDATE: 0x8,
  CONTINUATION: 0x9,
} as const;

export const Flag = {
  END_STREAM: 0x1,
  ACK: 0x1,
  END_HEADERS: 0x4,
  PADDED: 0x8,
  PRIORITY: 0x20,
} as const;

/** Error codes carried by RST_STREAM and GOAWAY (RFC 9113 section 7). */
export const H2Code = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  CONNECT_ERROR: 0xa,
  ENHANCE_YOUR_CALM: 0xb,
  INADEQUATE_SECURITY: 0xc,
  HTTP_1_1_REQUIRED: 0xd,
} as const;

export const Setting = {
  HEADER_TABLE_SIZE: 0x1,
  ENABLE_PUSH: 0x2,
  MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4,
  MAX_FRAME_SIZE: 0x5,
  MAX_HEADER_LIST_SIZE: 0x6,
} as const;

/** The protocol's defaults, in force until a SETTINGS frame changes them. */
export const DEFAULT_WINDOW = 65_535;
export const DEFAULT_MAX_FRAME_SIZE = 16_384;
export const MAX_ALLOWED_FRAME_SIZE = 16_777_215;
export const MAX_WINDOW = 0x7fff_ffff;

/** A 9-byte frame header. */
export function frameHeader(length: number, type: number, flags: number, streamId: number): Buffer {
  return writeHeader(Buffer.allocUnsafe(FRAME_HEADER_LENGTH), length, type, flags, streamId);
}

/** A buffer for a whole frame, header written, payload to be filled in at offset 9. */
export function frameBuffer(
  type: number,
  flags: number,
  streamId: number,
  payloadLength: number,
): Buffer {
  const b = Buffer.allocUnsafe(FRAME_HEADER_LENGTH + payloadLength);
  return writeHeader(b, payloadLength, type, flags, streamId);
}

function writeHeader(
  b: Buffer,
  length: number,
  type: number,
  flags: number,
  streamId: number,
): Buffer {
  b[0] = length >>> 16;
  b[1] = (length >>> 8) & 0xff;
  b[2] = length & 0xff;
  b[3] = type;
  b[4] = flags;
  b.writeUInt32BE(streamId & MAX_WINDOW, 5);
  return b;
}

export function settingsFrame(
  entries: ReadonlyArray<readonly [id: number, value: number]>,
): Buffer {
  const b = frameBuffer(FrameType.SETTINGS, 0, 0, entries.length * 6);
  let off = FRAME_HEADER_LENGTH;
  for (const [id, value] of entries) {
    b.writeUInt16BE(id, off);
    b.writeUInt32BE(value, off + 2);
    off += 6;
  }
  return b;
}

export function settingsAckFrame(): Buffer {
  return frameBuffer(FrameType.SETTINGS, Flag.ACK, 0, 0);
}

export function windowUpdateFrame(streamId: number, increment: number): Buffer {
  const b = frameBuffer(FrameType.WINDOW_UPDATE, 0, streamId, 4);
  b.writeUInt32BE(increment & MAX_WINDOW, FRAME_HEADER_LENGTH);
  return b;
}

export function rstStreamFrame(streamId: number, code: number): Buffer {
  const b = frameBuffer(FrameType.RST_STREAM, 0, streamId, 4);
  b.writeUInt32BE(code, FRAME_HEADER_LENGTH);
  return b;
}

export function goawayFrame(lastStreamId: number, code: number): Buffer {
  const b = frameBuffer(FrameType.GOAWAY, 0, 0, 8);
  b.writeUInt32BE(lastStreamId & MAX_WINDOW, FRAME_HEADER_LENGTH);
  b.writeUInt32BE(code, FRAME_HEADER_LENGTH + 4);
  return b;
}

export function pingAckFrame(opaque: Uint8Array): Buffer {
  const b = frameBuffer(FrameType.PING, Flag.ACK, 0, 8);
  b.set(opaque, FRAME_HEADER_LENGTH);
  return b;
}
