// Generic protobuf encoder/decoder driven by the layouts in schemas.ts.
import { type FieldSpec, type MessageSchema, schemas } from "./schemas.js";
import {
  bigVarintSize,
  ProtobufDecodeError,
  Reader,
  utf8Size,
  varintSize,
  WireType,
  Writer,
} from "./wire.js";

export const HEADER_SIZE = 8;

type Obj = Record<string, unknown>;
const EMPTY = new Uint8Array(0);

function isDefault(field: FieldSpec, v: unknown): boolean {
  if (v === undefined) return true;
  if (field.presence) return false;
  switch (field.kind) {
    case "u32":
    case "u64":
    case "enum":
      return v === 0;
    case "u64big":
      return v === 0n;
    case "bool":
      return v === false;
    case "str":
      return v === "";
    case "bytes":
      return (v as Uint8Array).length === 0;
    default:
      return false;
  }
}

function lenSize(n: number): number {
  return varintSize(n) + n;
}

/** Size of one value of a field, without its tag. */
function valueSize(field: FieldSpec, v: unknown): number {
  const kind = field.kind;
  switch (kind) {
    case "u32":
    case "u64":
    case "enum":
      return varintSize(v as number);
    case "u64big":
      return bigVarintSize(v as bigint);
    case "bool":
      return 1;
    case "str":
      return lenSize(utf8Size(v as string));
    case "bytes":
      return lenSize((v as Uint8Array).length);
    case "value": {
      const n = (v as Uint8Array).length;
      return lenSize(n === 0 ? 0 : 1 + lenSize(n));
    }
    case "void":
      return 1;
    case "keys": {
      let n = 0;
      for (const k of v as Uint8Array[]) n += 1 + lenSize(k.length);
      return lenSize(n);
    }
    default:
      return lenSize(messageSize(kind, v as Obj));
  }
}

function isPacked(field: FieldSpec): boolean {
  return field.kind === "u32" || field.kind === "u64" || field.kind === "enum";
}

export function messageSize(schema: MessageSchema, msg: Obj): number {
  let size = 0;
  for (const field of schema.fields) {
    const v = msg[field.name];
    if (field.repeated) {
      const list = v as unknown[] | undefined;
      if (!list || list.length === 0) continue;
      const tag = varintSize(field.no * 8);
      if (isPacked(field)) {
        let n = 0;
        for (const x of list) n += varintSize(x as number);
        size += tag + lenSize(n);
      } else {
        for (const x of list) size += tag + valueSize(field, x);
      }
    } else if (!isDefault(field, v)) {
      size += varintSize(field.no * 8) + valueSize(field, v);
    }
  }
  return size;
}

function writeValue(w: Writer, field: FieldSpec, v: unknown): void {
  const kind = field.kind;
  switch (kind) {
    case "u32":
    case "u64":
    case "enum":
      w.tag(field.no, WireType.VARINT);
      w.varint(v as number);
      return;
    case "u64big":
      w.tag(field.no, WireType.VARINT);
      w.bigVarint(v as bigint);
      return;
    case "bool":
      w.tag(field.no, WireType.VARINT);
      w.varint(v ? 1 : 0);
      return;
    case "str": {
      const n = utf8Size(v as string);
      w.tag(field.no, WireType.LEN);
      w.varint(n);
      w.string(v as string, n);
      return;
    }
    case "bytes":
      w.tag(field.no, WireType.LEN);
      w.varint((v as Uint8Array).length);
      w.bytes(v as Uint8Array);
      return;
    case "value": {
      const b = v as Uint8Array;
      w.tag(field.no, WireType.LEN);
      if (b.length === 0) {
        w.varint(0);
        return;
      }
      w.varint(1 + lenSize(b.length));
      w.tag(1, WireType.LEN);
      w.varint(b.length);
      w.bytes(b);
      return;
    }
    case "void":
      w.tag(field.no, WireType.LEN);
      w.varint(0);
      return;
    case "keys": {
      const keys = v as Uint8Array[];
      let n = 0;
      for (const k of keys) n += 1 + lenSize(k.length);
      w.tag(field.no, WireType.LEN);
      w.varint(n);
      for (const k of keys) {
        w.tag(1, WireType.LEN);
        w.varint(k.length);
        w.bytes(k);
      }
      return;
    }
    default:
      w.tag(field.no, WireType.LEN);
      w.varint(messageSize(kind, v as Obj));
      writeMessage(w, kind, v as Obj);
  }
}

function writeMessage(w: Writer, schema: MessageSchema, msg: Obj): void {
  for (const field of schema.fields) {
    const v = msg[field.name];
    if (field.repeated) {
      const list = v as unknown[] | undefined;
      if (!list || list.length === 0) continue;
      if (isPacked(field)) {
        let n = 0;
        for (const x of list) n += varintSize(x as number);
        w.tag(field.no, WireType.LEN);
        w.varint(n);
        for (const x of list) w.varint(x as number);
      } else {
        for (const x of list) writeValue(w, field, x);
      }
    } else if (!isDefault(field, v)) {
      writeValue(w, field, v);
    }
  }
}

function schemaOf(type: number): MessageSchema {
  const s = schemas.get(type);
  if (!s)
    throw new ProtobufDecodeError(`unknown message type 0x${type.toString(16).padStart(4, "0")}`);
  return s;
}

/** Encodes a message into one complete frame: 8-byte header + protobuf payload. */
export function encodeFrame(type: number, msg: object, flags = 0): Uint8Array {
  const schema = schemaOf(type);
  const size = messageSize(schema, msg as Obj);
  const buf = new Uint8Array(HEADER_SIZE + size);
  buf[0] = type >>> 8;
  buf[1] = type & 0xff;
  buf[2] = flags >>> 8;
  buf[3] = flags & 0xff;
  buf[4] = (size >>> 24) & 0xff;
  buf[5] = (size >>> 16) & 0xff;
  buf[6] = (size >>> 8) & 0xff;
  buf[7] = size & 0xff;
  writeMessage(new Writer(buf, HEADER_SIZE), schema, msg as Obj);
  return buf;
}

function readScalar(r: Reader, field: FieldSpec, wireType: number): unknown {
  const kind = field.kind;
  const expectsVarint =
    kind === "u32" || kind === "u64" || kind === "enum" || kind === "bool" || kind === "u64big";
  if (
    expectsVarint !== (wireType === WireType.VARINT) &&
    !(wireType === WireType.LEN && !expectsVarint)
  ) {
    throw new ProtobufDecodeError(`field ${field.name} (#${field.no}) has wire type ${wireType}`);
  }
  switch (kind) {
    case "u32":
    case "u64":
    case "enum":
      return r.varint();
    case "u64big":
      return r.bigVarint();
    case "bool":
      return r.varint() !== 0;
    case "str":
      return r.string();
    case "bytes":
      return r.len();
    case "value": {
      const end = nestedEnd(r);
      let content: Uint8Array = EMPTY;
      while (r.pos < end) {
        const tag = r.varint();
        if (tag === 1 * 8 + WireType.LEN) content = r.len();
        else r.skip(tag & 7);
      }
      checkNestedEnd(r, end);
      return content;
    }
    case "void":
      r.len();
      return true;
    case "keys": {
      const end = nestedEnd(r);
      const keys: Uint8Array[] = [];
      while (r.pos < end) {
        const tag = r.varint();
        if (tag === 1 * 8 + WireType.LEN) keys.push(r.len());
        else r.skip(tag & 7);
      }
      checkNestedEnd(r, end);
      return keys;
    }
    default:
      return readMessage(kind, r.len());
  }
}

// Value and StateKeys, the nested messages of every result and input, are read in place with
// the outer reader, bounded by their length: no view and no reader of their own per message.

/** Reads a nested message's length; returns where it ends. */
function nestedEnd(r: Reader): number {
  const end = r.varint() + r.pos;
  if (end > r.buf.length) throw new ProtobufDecodeError("length-delimited field runs past the end");
  return end;
}

/** A field inside a nested message that ran past the message's end is malformed. */
function checkNestedEnd(r: Reader, end: number): void {
  if (r.pos !== end) throw new ProtobufDecodeError("length-delimited field runs past the end");
}

function readMessage(schema: MessageSchema, payload: Uint8Array): Obj {
  const r = new Reader(payload);
  const out: Obj = {};
  while (!r.done) {
    const tag = r.varint();
    const no = Math.floor(tag / 8);
    const wireType = tag & 7;
    const field = schema.byNo.get(no);
    if (!field) {
      r.skip(wireType); // unknown fields are skipped, per protobuf rules
      continue;
    }
    if (field.repeated) {
      const list = (out[field.name] as unknown[] | undefined) ?? [];
      out[field.name] = list;
      if (isPacked(field) && wireType === WireType.LEN) {
        const inner = new Reader(r.len());
        while (!inner.done) list.push(inner.varint());
      } else {
        list.push(readScalar(r, field, wireType));
      }
    } else {
      out[field.name] = readScalar(r, field, wireType);
    }
  }
  return out;
}

/** Decodes a frame payload of a known message type. Throws ProtobufDecodeError on malformed input. */
export function decodeMessage(type: number, payload: Uint8Array): object {
  return readMessage(schemaOf(type), payload);
}
