// HPACK (RFC 7541) for the h2c server: a complete decoder for request header blocks and a
// small encoder for response header blocks that never touches the peer's dynamic table.
// Names and values are latin1 strings: one char per byte, so string length = octet length.
import { Buffer } from "node:buffer";
import { decodeHuffman } from "./huffman.js";

/** A malformed header block; the connection must end with COMPRESSION_ERROR. */
export class HpackError extends Error {
  override name = "HpackError";
}

// RFC 7541 Appendix A; index 1 is STATIC_TABLE[0].
const STATIC_TABLE: ReadonlyArray<readonly [string, string]> = [
  [":authority", ""],
  [":method", "GET"],
  [":method", "POST"],
  [":path", "/"],
  [":path", "/index.html"],
  [":scheme", "http"],
  [":scheme", "https"],
  [":status", "200"],
  [":status", "204"],
  [":status", "206"],
  [":status", "304"],
  [":status", "400"],
  [":status", "404"],
  [":status", "500"],
  ["accept-charset", ""],
  ["accept-encoding", "gzip, deflate"],
  ["accept-language", ""],
  ["accept-ranges", ""],
  ["accept", ""],
  ["access-control-allow-origin", ""],
  ["age", ""],
  ["allow", ""],
  ["authorization", ""],
  ["cache-control", ""],
  ["content-disposition", ""],
  ["content-encoding", ""],
  ["content-language", ""],
  ["content-length", ""],
  ["content-location", ""],
  ["content-range", ""],
  ["content-type", ""],
  ["cookie", ""],
  ["date", ""],
  ["etag", ""],
  ["expect", ""],
  ["expires", ""],
  ["from", ""],
  ["host", ""],
  ["if-match", ""],
  ["if-modified-since", ""],
  ["if-none-match", ""],
  ["if-range", ""],
  ["if-unmodified-since", ""],
  ["last-modified", ""],
  ["link", ""],
  ["location", ""],
  ["max-forwards", ""],
  ["proxy-authenticate", ""],
  ["proxy-authorization", ""],
  ["range", ""],
  ["referer", ""],
  ["refresh", ""],
  ["retry-after", ""],
  ["server", ""],
  ["set-cookie", ""],
  ["strict-transport-security", ""],
  ["transfer-encoding", ""],
  ["user-agent", ""],
  ["vary", ""],
  ["via", ""],
  ["www-authenticate", ""],
];
const STATIC_COUNT = STATIC_TABLE.length;
const ENTRY_OVERHEAD = 32; // RFC 7541 4.1: per-entry (and per-field, for list size) overhead
/** Integers above this are refused (RFC 7541 5.1 allows implementation limits). */
const MAX_INTEGER = 0x7fffffff;

/**
 * The decoder's dynamic table: a ring of names and values, newest first. The ring starts small
 * and doubles when full, so a decoder costs little until a peer actually fills its table.
 */
class DynamicTable {
  private names: string[] = new Array<string>(16).fill("");
  private values: string[] = new Array<string>(16).fill("");
  private mask = 15;
  private head = 0; // slot of the newest entry
  count = 0;
  size = 0;
  maxSize: number;

  constructor(maxSize: number) {
    this.maxSize = maxSize;
  }

  /** Entry i, 0 = newest; the caller checks i < count. */
  name(i: number): string {
    return this.names[(this.head + i) & this.mask]!;
  }
  value(i: number): string {
    return this.values[(this.head + i) & this.mask]!;
  }

  /** RFC 7541 4.4: evict until the entry fits; an entry larger than the table empties it. */
  add(name: string, value: string): void {
    const entrySize = name.length + value.length + ENTRY_OVERHEAD;
    this.evictTo(this.maxSize - entrySize);
    if (entrySize > this.maxSize) return;
    if (this.count > this.mask) this.grow();
    this.head = (this.head - 1) & this.mask;
    this.names[this.head] = name;
    this.values[this.head] = value;
    this.count++;
    this.size += entrySize;
  }

  resize(maxSize: number): void {
    this.maxSize = maxSize;
    this.evictTo(maxSize);
  }

  /** Doubles the ring, oldest-to-newest order kept with the newest at slot 0. */
  private grow(): void {
    const slots = (this.mask + 1) * 2;
    const names = new Array<string>(slots).fill("");
    const values = new Array<string>(slots).fill("");
    for (let i = 0; i < this.count; i++) {
      names[i] = this.name(i);
      values[i] = this.value(i);
    }
    this.names = names;
    this.values = values;
    this.mask = slots - 1;
    this.head = 0;
  }

  private evictTo(target: number): void {
    while (this.count > 0 && this.size > target) {
      const oldest = (this.head + this.count - 1) & this.mask;
      this.size -= this.names[oldest]!.length + this.values[oldest]!.length + ENTRY_OVERHEAD;
      this.names[oldest] = "";
      this.values[oldest] = "";
      this.count--;
    }
  }
}

// Node's native latin1 decoder, which toString("latin1") dispatches to; not in the typings.
const latin1Slice = (
  Buffer.prototype as unknown as {
    latin1Slice: (this: Buffer, start: number, end: number) => string;
  }
).latin1Slice;

/** Short strings are built in JS (cheaper than a native call); longer ones by Buffer. */
function latin1(bytes: Buffer, start: number, end: number): string {
  if (end - start > 16) return latin1Slice.call(bytes, start, end);
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

const NO_BYTES = Buffer.alloc(0);

export class HpackDecoder {
  private readonly table: DynamicTable;
  private readonly maxTableSize: number;
  private readonly maxHeaderListSize: number;
  private huffmanOut: Buffer = Buffer.allocUnsafe(256);
  // The block being decoded and the read position in it.
  private src: Buffer = NO_BYTES;
  private pos = 0;

  constructor(maxTableSize = 4096, maxHeaderListSize = 65536) {
    this.maxTableSize = maxTableSize;
    this.maxHeaderListSize = maxHeaderListSize;
    this.table = new DynamicTable(maxTableSize);
  }

  decode(block: Uint8Array): Array<[name: string, value: string]> {
    this.src = Buffer.isBuffer(block)
      ? block
      : Buffer.from(block.buffer, block.byteOffset, block.byteLength);
    this.pos = 0;
    const fields: Array<[string, string]> = [];
    let listSize = 0;
    while (this.pos < this.src.length) {
      const first = this.src[this.pos]!;
      let field: [string, string];
      if (first >= 0x80) {
        field = this.entry(this.readInteger(7)); // 6.1 indexed field
      } else if (first >= 0x40) {
        field = this.literal(6); // 6.2.1 with incremental indexing
        this.table.add(field[0], field[1]);
      } else if (first >= 0x20) {
        // 6.3: a table size update is only allowed before the first field of a block.
        if (fields.length > 0) throw new HpackError("dynamic table size update after a field");
        const size = this.readInteger(5);
        if (size > this.maxTableSize) throw new HpackError("dynamic table size update too large");
        this.table.resize(size);
        continue;
      } else {
        field = this.literal(4); // 6.2.2 without indexing, 6.2.3 never indexed
      }
      listSize += field[0].length + field[1].length + ENTRY_OVERHEAD;
      if (listSize > this.maxHeaderListSize) throw new HpackError("header list too large");
      fields.push(field);
    }
    this.src = NO_BYTES; // do not keep the caller's (possibly large) read buffer alive
    return fields;
  }

  /** The name and value at a 1-based index into static then dynamic table. */
  private entry(index: number): [string, string] {
    if (index === 0) throw new HpackError("index 0");
    if (index <= STATIC_COUNT) {
      const [name, value] = STATIC_TABLE[index - 1]!;
      return [name, value];
    }
    const i = index - STATIC_COUNT - 1;
    if (i >= this.table.count) throw new HpackError(`index ${index} out of range`);
    return [this.table.name(i), this.table.value(i)];
  }

  /** A literal field: name index in the prefix (0 = literal name follows), then the value. */
  private literal(prefixBits: number): [string, string] {
    const nameIndex = this.readInteger(prefixBits);
    const name = nameIndex === 0 ? this.readString() : this.entryName(nameIndex);
    return [name, this.readString()];
  }

  private entryName(index: number): string {
    if (index <= STATIC_COUNT) return STATIC_TABLE[index - 1]![0];
    const i = index - STATIC_COUNT - 1;
    if (i >= this.table.count) throw new HpackError(`name index ${index} out of range`);
    return this.table.name(i);
  }

  /** RFC 7541 5.1: an N-bit prefix, then 7 bits per continuation byte, least significant first. */
  private readInteger(prefixBits: number): number {
    const src = this.src;
    const max = (1 << prefixBits) - 1;
    if (this.pos >= src.length) throw new HpackError("truncated integer");
    let value = src[this.pos++]! & max;
    if (value < max) return value;
    for (let shift = 0; ; shift += 7) {
      // Five continuation bytes carry 35 bits, past MAX_INTEGER: more can only be padding.
      if (shift > 28) throw new HpackError("integer too long");
      if (this.pos >= src.length) throw new HpackError("truncated integer");
      const byte = src[this.pos++]!;
      value += (byte & 0x7f) * 2 ** shift; // multiply: stays exact beyond 32 bits
      if (byte < 0x80) break;
    }
    if (value > MAX_INTEGER) throw new HpackError("integer too large");
    return value;
  }

  /** RFC 7541 5.2: H flag and 7-bit prefix length, then the octets, raw or Huffman-coded. */
  private readString(): string {
    if (this.pos >= this.src.length) throw new HpackError("truncated string");
    const huffman = this.src[this.pos]! >= 0x80;
    const length = this.readInteger(7);
    const start = this.pos;
    if (length > this.src.length - start) throw new HpackError("truncated string");
    this.pos = start + length;
    if (!huffman) return latin1(this.src, start, this.pos);
    if (this.huffmanOut.length < length * 2) this.huffmanOut = Buffer.allocUnsafe(length * 2);
    const written = decodeHuffman(this.src, start, this.pos, this.huffmanOut);
    if (written < 0) throw new HpackError("invalid Huffman string");
    return latin1(this.huffmanOut, 0, written);
  }
}

// Encoder lookups: the first static index of each name, and, for the few names whose static
// entries carry values (:status, :method, ...), the index of each of those values.
const STATIC_NAME_INDEX = new Map<string, number>();
const STATIC_VALUE_INDEX = new Map<string, Map<string, number>>();
for (let i = STATIC_COUNT; i >= 1; i--) {
  const [name, value] = STATIC_TABLE[i - 1]!;
  STATIC_NAME_INDEX.set(name, i);
  if (value === "") continue;
  const values = STATIC_VALUE_INDEX.get(name) ?? new Map<string, number>();
  STATIC_VALUE_INDEX.set(name, values.set(value, i));
}

/** Reused output buffer; each block is copied out of it, so it never escapes. */
let scratch = new Uint8Array(512);
let used = 0;

function reserve(bytes: number): void {
  if (used + bytes <= scratch.length) return;
  const grown = new Uint8Array(Math.max(scratch.length * 2, used + bytes));
  grown.set(scratch.subarray(0, used));
  scratch = grown;
}

/** RFC 7541 5.1, with `pattern` holding the representation's flag bits above the prefix. */
function writeInteger(value: number, prefixBits: number, pattern: number): void {
  const max = (1 << prefixBits) - 1;
  if (value < max) {
    scratch[used++] = pattern | value;
    return;
  }
  scratch[used++] = pattern | max;
  value -= max;
  while (value >= 0x80) {
    scratch[used++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 0x80);
  }
  scratch[used++] = value;
}

/** A plain (not Huffman) string literal; chars above 0xff are not latin1 and are cut to a byte. */
function writeString(s: string): void {
  writeInteger(s.length, 7, 0);
  for (let i = 0; i < s.length; i++) scratch[used++] = s.charCodeAt(i) & 0xff;
}

/** Indexed when the static table has the exact field, else a literal without indexing. */
function writeField(name: string, value: string): void {
  reserve(name.length + value.length + 16); // 16: flag byte plus two worst-case lengths
  const index = STATIC_VALUE_INDEX.get(name)?.get(value);
  if (index !== undefined) return writeInteger(index, 7, 0x80);
  const nameIndex = STATIC_NAME_INDEX.get(name);
  if (nameIndex !== undefined) {
    writeInteger(nameIndex, 4, 0x00);
  } else {
    scratch[used++] = 0x00;
    writeString(name);
  }
  writeString(value);
}

/**
 * Encodes a response header block: `:status` first, then the headers (names already lower
 * case). Nothing is inserted into the peer's dynamic table. With `zeroTable`, the block starts
 * with a dynamic table size update to 0 (RFC 7541 section 6.3): the table then stays within
 * any SETTINGS_HEADER_TABLE_SIZE the peer sets later, so no further update is ever owed.
 */
export function encodeResponseHeaders(
  status: number,
  headers: Record<string, string>,
  zeroTable = false,
): Uint8Array {
  used = 0;
  if (zeroTable) scratch[used++] = 0x20;
  writeField(":status", String(status));
  for (const name in headers) writeField(name, headers[name]!);
  return scratch.slice(0, used);
}
