// Straight-line encoders and a decoder for the messages of every ctx.run step: RunCommand,
// ProposeRunCompletion (with a value) and the notification that answers them. The generic codec
// walks a field table with a keyed load per field; these read named properties, so each call
// site stays monomorphic. They must produce and accept exactly what the generic codec does
// (test/protocol/step-codec.test.ts compares both); anything they do not cover returns
// undefined and the caller falls back to the generic codec.
import type { NotificationMessage } from "./messages.js";
import { Reader, readValue, utf8Size, varintSize, type Writer } from "./wire.js";

// Tags (field number × 8 + wire type) of the fields written or read here.
const RUN_COMPLETION_ID = 11 * 8 + 0;
const RUN_NAME = 12 * 8 + 2;
const PROPOSE_COMPLETION_ID = 1 * 8 + 0;
const PROPOSE_VALUE = 14 * 8 + 2;
const NOTIFICATION_COMPLETION_ID = 1 * 8 + 0;
const NOTIFICATION_VALUE = 5 * 8 + 2;

export interface RunCommandFields {
  resultCompletionId?: number;
  name?: string;
}

export interface ProposeRunFields {
  resultCompletionId?: number;
  value?: Uint8Array;
  failure?: unknown;
}

/** Payload size of a RunCommand; proto3 defaults (0, "") are not written. */
export function runCommandSize(msg: RunCommandFields): number {
  const id = msg.resultCompletionId;
  const name = msg.name;
  let size = 0;
  if (id !== undefined && id !== 0) size += 1 + varintSize(id);
  if (name !== undefined && name !== "") {
    const n = utf8Size(name);
    size += 1 + varintSize(n) + n;
  }
  return size;
}

export function writeRunCommand(w: Writer, msg: RunCommandFields): void {
  const id = msg.resultCompletionId;
  const name = msg.name;
  if (id !== undefined && id !== 0) {
    w.varint(RUN_COMPLETION_ID);
    w.varint(id);
  }
  if (name !== undefined && name !== "") {
    const n = utf8Size(name);
    w.varint(RUN_NAME);
    w.varint(n);
    w.string(name, n);
  }
}

/** Payload size of a ProposeRunCompletion carrying a value (the value is written even if empty). */
export function proposeRunValueSize(msg: ProposeRunFields): number {
  const id = msg.resultCompletionId;
  const value = msg.value;
  let size = 0;
  if (id !== undefined && id !== 0) size += 1 + varintSize(id);
  if (value !== undefined) size += 1 + varintSize(value.length) + value.length;
  return size;
}

export function writeProposeRunValue(w: Writer, msg: ProposeRunFields): void {
  const id = msg.resultCompletionId;
  const value = msg.value;
  if (id !== undefined && id !== 0) {
    w.varint(PROPOSE_COMPLETION_ID);
    w.varint(id);
  }
  if (value !== undefined) {
    w.varint(PROPOSE_VALUE);
    w.varint(value.length);
    w.bytes(value);
  }
}

/**
 * A notification holding only a completion id and a value, the answer to a run (and to most
 * other completable commands). Any other field: undefined, for the generic decoder to read from
 * the start. Fields are set in wire order, as the generic decoder does.
 */
export function readCompletionValue(payload: Uint8Array): NotificationMessage | undefined {
  const r = new Reader(payload);
  const out: NotificationMessage = {};
  while (r.pos < payload.length) {
    const tag = r.varint();
    if (tag === NOTIFICATION_COMPLETION_ID) out.completionId = r.varint();
    else if (tag === NOTIFICATION_VALUE) out.value = readValue(r);
    else return undefined;
  }
  return out;
}
