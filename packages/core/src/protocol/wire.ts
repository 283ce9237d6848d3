// Protobuf wire primitives: varints, length-delimited fields and UTF-8, over Uint8Array.
// Sizes are computed before writing so every message is encoded into one exact buffer.

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

export function varintSize(n: number): number {
  if (n < 0x80) return 1;
  if (n < 0x4000) return 2;
  if (n < 0x200000) return 3;
  if (n < 0x10000000) return 4;
  let size = 4;
  let rest = Math.floor(n / 0x10000000);
  while (rest > 0) {
    size++;
    rest = Math.floor(rest / 0x80);
  }
  return size;
}

export function bigVarintSize(n: bigint): number {
  let size = 1;
  while (n >= 0x80n) {
    n >>= 7n;
    size++;
  }
  return size;
}

/** UTF-8 byte length without encoding. */
export function utf8Size(s: string): number {
  let size = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) size += 1;
    else if (c < 0x800) size += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      size += 4;
      i++;
    } else size += 3;
  }
  return size;
}

export class Writer {
  readonly buf: Uint8Array;
  pos: number;
  constructor(buf: Uint8Array, start = 0) {
    this.buf = buf;
    this.pos = start;
  }

  varint(n: number): void {
    const buf = this.buf;
    while (n >= 0x80) {
      buf[this.pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    buf[this.pos++] = n;
  }

  bigVarint(n: bigint): void {
    while (n >= 0x80n) {
      this.buf[this.pos++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.pos++] = Number(n);
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  bytes(b: Uint8Array): void {
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  string(s: string, size: number): void {
    if (size === s.length) {
      // ASCII: byte per char, cheaper than encodeInto for the short names we mostly write.
      for (let i = 0; i < s.length; i++) this.buf[this.pos + i] = s.charCodeAt(i);
    } else {
      encoder.encodeInto(s, this.buf.subarray(this.pos, this.pos + size));
    }
    this.pos += size;
  }
}

export class ProtobufDecodeError extends Error {}

/** 128^i for i in 0..5: the weight of a varint's i-th byte within a 28/36-bit half. */
const POW128 = [1, 0x80, 0x4000, 0x200000, 0x10000000, 0x800000000];

export class Reader {
  readonly buf: Uint8Array;
  pos = 0;
  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new ProtobufDecodeError("varint runs past the end");
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 0x80;
    }
    throw new ProtobufDecodeError("varint longer than 10 bytes");
  }

  bigVarint(): bigint {
    // Bytes 0-3 (28 bits) and 4-9 (36 bits) as numbers, one BigInt combine: much cheaper than
    // BigInt math per byte.
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new ProtobufDecodeError("varint runs past the end");
      const b = this.buf[this.pos++]!;
      if (i < 4) lo += (b & 0x7f) * POW128[i]!;
      else hi += (b & 0x7f) * POW128[i - 4]!;
      if (b < 0x80) return hi === 0 ? BigInt(lo) : (BigInt(hi) << 28n) + BigInt(lo);
    }
    throw new ProtobufDecodeError("varint longer than 10 bytes");
  }

  /** A length-delimited slice, as a view (no copy). */
  len(): Uint8Array {
    const n = this.varint();
    const end = this.pos + n;
    if (end > this.buf.length)
      throw new ProtobufDecodeError("length-delimited field runs past the end");
    const out = this.buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  string(): string {
    const b = this.len();
    try {
      return decoder.decode(b);
    } catch {
      throw new ProtobufDecodeError("string field is not valid UTF-8");
    }
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WireType.VARINT:
        this.varint();
        return;
      case WireType.I64:
        this.advance(8);
        return;
      case WireType.LEN:
        this.len();
        return;
      case WireType.I32:
        this.advance(4);
        return;
      default:
        throw new ProtobufDecodeError(`unsupported wire type ${wireType}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.buf.length) throw new ProtobufDecodeError("field runs past the end");
    this.pos += n;
  }
}
