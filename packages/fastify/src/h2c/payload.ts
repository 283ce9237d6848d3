// What a DATA payload is handed to the core as. Frames are parsed as views of the socket's read
// chunks (up to 64 KiB each, often holding frames of many streams), and the core may keep a
// payload for its invocation's whole life (eager state, the input). A small view would keep
// its whole chunk alive, so a payload much smaller than the buffer under it is copied (a few
// hundred bytes copied cost less than 64 KiB pinned); a large one stays a zero-copy view.

/** A view is kept when it is at least this fraction of the memory it keeps alive. */
const KEEP_VIEW_AT = 1 / 4;

/** `data`, or a copy of it that pins no more memory than its own bytes. */
export function detachPayload(data: Uint8Array): Uint8Array {
  if (data.length >= data.buffer.byteLength * KEEP_VIEW_AT) return data;
  return new Uint8Array(data);
}
