// HPACK decoder and response encoder: the RFC 7541 Appendix C examples byte for byte, every
// malformed-input rule, hand-computed encoder output, and fuzzing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeResponseHeaders, HpackDecoder, HpackError } from "../../src/h2c/hpack.js";
import { encodeHuffman, HUFFMAN_CODES } from "../../src/h2c/huffman.js";
import { HUFFMAN_CODE_LENGTHS } from "../../src/h2c/huffman-table.js";
import { appendixC, type Field } from "./hpack-rfc-examples.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const bytes = (...parts: Array<number | string>): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === "number" ? [p] : [...Buffer.from(p, "latin1")])),
  );

/**
 * The decoder's dynamic table, newest first, read through indexed fields (62, 63, ...), which
 * do not change it: entries until the first index that is out of range.
 */
function dynamicTable(decoder: HpackDecoder): Field[] {
  const entries: Field[] = [];
  for (let index = 62; ; index++) {
    const block = index < 127 ? [0x80 | index] : [0xff, index - 127];
    try {
      entries.push(decoder.decode(Uint8Array.from(block))[0]!);
    } catch (error) {
      expect(error).toBeInstanceOf(HpackError);
      return entries;
    }
  }
}
const tableSize = (entries: Field[]): number =>
  entries.reduce((sum, [n, v]) => sum + n.length + v.length + 32, 0);

describe("HPACK decoder: RFC 7541 Appendix C", () => {
  it.each(appendixC)("$name", ({ maxTableSize, steps }) => {
    const decoder = new HpackDecoder(maxTableSize);
    for (const step of steps) {
      expect(decoder.decode(hex(step.block))).toEqual(step.fields);
      const table = dynamicTable(decoder);
      expect(table).toEqual(step.table);
      expect(tableSize(table)).toBe(step.size);
    }
  });

  it("decodes C.1's integers: 1337 in a 5-bit prefix is the largest table size update allowed", () => {
    const update1337 = hex("3f9a0a");
    expect(new HpackDecoder(1337).decode(update1337)).toEqual([]);
    expect(() => new HpackDecoder(1336).decode(update1337)).toThrow(HpackError);
    // 10 in a 5-bit prefix fits the prefix: an update to 10 bytes, then no entry fits.
    const decoder = new HpackDecoder();
    expect(decoder.decode(bytes(0x2a, 0x40, 1, "a", 1, "b"))).toEqual([["a", "b"]]);
    expect(dynamicTable(decoder)).toEqual([]);
  });

  it("accepts a Buffer view into a larger buffer", () => {
    const whole = Buffer.concat([Buffer.from([0xff, 0xff]), Buffer.from([0x82]), Buffer.of(0)]);
    expect(new HpackDecoder().decode(whole.subarray(2, 3))).toEqual([[":method", "GET"]]);
  });
});

describe("HPACK decoder: dynamic table", () => {
  const add = (name: string, value: string): Uint8Array =>
    bytes(0x40, name.length, name, value.length, value);

  it("evicts the oldest entries to make room, and keeps state across blocks", () => {
    const decoder = new HpackDecoder(100); // room for two 34..50-byte entries
    decoder.decode(add("a", "1")); // 34
    decoder.decode(add("b", "22")); // 35
    expect(dynamicTable(decoder)).toEqual([
      ["b", "22"],
      ["a", "1"],
    ]);
    decoder.decode(add("c", "333")); // 36: 34 + 35 + 36 > 100, "a" goes
    expect(dynamicTable(decoder)).toEqual([
      ["c", "333"],
      ["b", "22"],
    ]);
    expect(decoder.decode(bytes(0x7f, 0x00, 1, "x"))).toEqual([["b", "x"]]); // name of entry 63
  });

  it("empties the table for an entry larger than it, and a size update evicts", () => {
    const decoder = new HpackDecoder(100);
    decoder.decode(add("a", "1"));
    decoder.decode(add("big", "x".repeat(70))); // 105 > 100
    expect(dynamicTable(decoder)).toEqual([]);
    decoder.decode(add("a", "1"));
    decoder.decode(add("b", "2"));
    expect(decoder.decode(bytes(0x20 | 20, 0x82))).toEqual([[":method", "GET"]]); // to 20 bytes
    expect(dynamicTable(decoder)).toEqual([]);
    // Up again (two updates at the start of one block are allowed), then entries fit again.
    decoder.decode(bytes(0x20, 0x3f, 0x45, 0x40, 1, "c", 1, "3"));
    expect(dynamicTable(decoder)).toEqual([["c", "3"]]);
  });

  it("keeps the newest entries in order as it grows and wraps around", () => {
    const decoder = new HpackDecoder(4096);
    const expected: Field[] = [];
    for (let i = 0; i < 1000; i++) {
      decoder.decode(add(`k${i}`, `v${i}`));
      expected.unshift([`k${i}`, `v${i}`]);
      while (tableSize(expected) > 4096) expected.pop();
      if (i % 97 === 0 || i === 999) expect(dynamicTable(decoder)).toEqual(expected);
    }
    expect(expected.length).toBeGreaterThan(64); // the ring grew from 16 slots to 128
  });
});

describe("HPACK decoder: malformed blocks throw HpackError", () => {
  const ones = [0xff, 0xff, 0xff, 0xff];
  const cases: Array<[string, Uint8Array, number?, number?]> = [
    ["indexed field with index 0", bytes(0x80)],
    ["indexed field past the static table, empty dynamic table", bytes(0xbe)],
    ["indexed field far out of range", bytes(0xff, 0xff, 0x7f)],
    ["literal name index past the tables", bytes(0x0f, 0x30, 0)],
    ["literal name index 64 on an empty dynamic table", bytes(0x7f, 0x01, 0)],
    ["literal name index 62 on an empty dynamic table", bytes(0x7e, 1, "v")],
    ["truncated integer: prefix full, nothing follows", bytes(0xff)],
    ["truncated integer: continuation bit set at the end", bytes(0xff, 0x80)],
    ["integer with too many continuation bytes", bytes(0xff, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)],
    ["integer padded past 5 continuation bytes", bytes(0x3f, 0x80, 0x80, 0x80, 0x80, 0x80, 0)],
    ["integer above 2^31 - 1", bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0x0f)],
    ["literal without its name", bytes(0x00)],
    ["literal without its value", bytes(0x04)],
    ["string shorter than its length", bytes(0x40, 0x05, "a")],
    ["string length past the block", bytes(0x04, 0x7f, 0xff, 0xff, 0x03, "a")],
    ["Huffman string containing EOS", bytes(0x00, 0x84, ...ones, 0)],
    ["Huffman string with EOS before a symbol", bytes(0x00, 0x85, 0xff, 0xff, 0xff, 0xfc, 0x1f, 0)],
    ["Huffman string ending inside EOS (padding of 8+ ones)", bytes(0x00, 0x82, 0x1f, 0xff, 0)],
    ["Huffman string that is one byte of padding", bytes(0x00, 0x81, 0xff, 0)],
    ["Huffman padding not all ones", bytes(0x00, 0x81, 0x18, 0)],
    ["Huffman string cut inside a symbol", bytes(0x00, 0x81, 0xfe, 0)],
    ["table size update above our setting", bytes(0x3f, 0xe2, 0x1f)],
    ["table size update after a field", bytes(0x82, 0x20)],
    ["header list above the limit", bytes(0x00, 1, "a", 70, "x".repeat(70)), 4096, 100],
    ["header list above the limit over several fields", bytes(0x82, 0x82, 0x82, 0x82), 4096, 150],
  ];

  it.each(cases)("%s", (_name, block, maxTableSize = 4096, maxHeaderListSize = 65536) => {
    expect(() => new HpackDecoder(maxTableSize, maxHeaderListSize).decode(block)).toThrow(
      HpackError,
    );
  });

  it("accepts the boundary cases next to them", () => {
    expect(new HpackDecoder().decode(bytes(0x3f, 0xe1, 0x1f, 0x82))).toEqual([[":method", "GET"]]);
    expect(new HpackDecoder(4096, 134).decode(bytes(0x00, 1, "a", 101, "x".repeat(101)))).toEqual([
      ["a", "x".repeat(101)],
    ]);
    expect(new HpackDecoder().decode(bytes(0x00, 0x80, 0x81, 0x1f))).toEqual([["", "a"]]);
    expect(new HpackDecoder().decode(bytes(0xbd))).toEqual([["www-authenticate", ""]]);
  });
});

describe("HPACK Huffman code", () => {
  it("has the RFC's codes for a few symbols and EOS", () => {
    expect(HUFFMAN_CODES[48]).toBe(0x0); // '0'
    expect(HUFFMAN_CODES[32]).toBe(0x14); // ' '
    expect(HUFFMAN_CODES[0]).toBe(0x1ff8);
    expect(HUFFMAN_CODES[255]).toBe(0x3ffffee);
    expect(HUFFMAN_CODES[256]).toBe(0x3fffffff);
    expect(HUFFMAN_CODE_LENGTHS[256]).toBe(30);
  });

  it("decodes every byte value, in one string and one per string", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const encoded = encodeHuffman(all);
    const literal = Uint8Array.from([
      0x00,
      0x81,
      0x1f,
      ...encodeLength(encoded.length, 0x80),
      ...encoded,
    ]);
    expect(new HpackDecoder().decode(literal)).toEqual([
      ["a", Buffer.from(all).toString("latin1")],
    ]);
    for (let b = 0; b < 256; b++) {
      const one = encodeHuffman(Uint8Array.of(b));
      const field = Uint8Array.from([0x00, 0x81, 0x1f, 0x80 | one.length, ...one]);
      expect(new HpackDecoder().decode(field)[0]![1].charCodeAt(0)).toBe(b);
    }
  });
});

/** A string length (RFC 7541 5.1, 7-bit prefix) after the H bit pattern `h`. */
function encodeLength(length: number, h: number): number[] {
  if (length < 127) return [h | length];
  const out = [h | 127];
  for (length -= 127; length >= 128; length = Math.floor(length / 128)) {
    out.push((length % 128) | 0x80);
  }
  out.push(length);
  return out;
}

describe("encodeResponseHeaders", () => {
  const cases: Array<[string, number, Record<string, string>, string]> = [
    ["status 200 is static index 8", 200, {}, "88"],
    ["status 404 is static index 13", 404, {}, "8d"],
    ["status 503 is a literal with the :status name (index 8)", 503, {}, "08 03 353033"],
    [
      "a static name takes a 4-bit prefix index (content-type = 31 = 15 + 16)",
      200,
      { "content-type": "application/json" },
      `88 0f10 10 ${Buffer.from("application/json").toString("hex")}`,
    ],
    [
      "a new name is a literal without indexing, name and value plain",
      200,
      { "x-restate-id": "abc" },
      `88 00 0c ${Buffer.from("x-restate-id").toString("hex")} 03 616263`,
    ],
    ["a whole static field is indexed", 200, { "accept-encoding": "gzip, deflate" }, "88 90"],
    [
      "a value of 127 bytes or more has a multi-byte length",
      204,
      { server: "s".repeat(200) },
      `89 0f27 7f49 ${"73".repeat(200)}`,
    ],
  ];

  it.each(cases)("%s", (_name, status, headers, expected) => {
    const block = encodeResponseHeaders(status, headers);
    expect(Buffer.from(block).toString("hex")).toBe(expected.replace(/\s+/g, ""));
    // Decodes back, and leaves a decoder's dynamic table empty.
    const decoder = new HpackDecoder();
    expect(decoder.decode(block)).toEqual([
      [":status", String(status)],
      ...Object.entries(headers),
    ]);
    expect(dynamicTable(decoder)).toEqual([]);
  });

  it("returns a block that later calls do not overwrite", () => {
    const first = encodeResponseHeaders(200, { "content-type": "a".repeat(600) });
    const copy = Uint8Array.from(first);
    encodeResponseHeaders(500, { "x-other": "b".repeat(2000) });
    expect(first).toEqual(copy);
  });
});

describe("HPACK fuzzing", () => {
  // Bytes biased towards representation prefixes, so blocks get past their first field.
  const blockBytes = fc.uint8Array({ maxLength: 200 });
  const prefixed = fc
    .array(
      fc.oneof(
        fc.constantFrom(0x82, 0x84, 0xbe, 0x40, 0x00, 0x10, 0x20, 0x3f, 0x0f, 0xff, 0x80, 0x05),
        fc.integer({ min: 0, max: 255 }),
      ),
      { maxLength: 200 },
    )
    .map((a) => Uint8Array.from(a));

  it("random blocks decode within the limits or throw HpackError, on one stateful decoder", () => {
    const limit = 400;
    const decoder = new HpackDecoder(256, limit);
    fc.assert(
      fc.property(fc.oneof(blockBytes, prefixed), (block) => {
        let fields: Field[];
        try {
          fields = decoder.decode(block);
        } catch (error) {
          expect(error).toBeInstanceOf(HpackError);
          return;
        }
        const listSize = fields.reduce((sum, [n, v]) => sum + n.length + v.length + 32, 0);
        expect(listSize).toBeLessThanOrEqual(limit);
        expect(tableSize(dynamicTable(decoder))).toBeLessThanOrEqual(256);
      }),
      { numRuns: 3000 },
    );
  });

  it("any status and latin1 headers round-trip through encoder and decoder", () => {
    const latin1 = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1"));
    const name = fc.oneof(
      fc.constantFrom("content-type", "content-length", "date", "server", "x-restate-id"),
      fc.stringMatching(/^[a-z0-9-]{1,40}$/),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 999 }),
        fc.dictionary(name, latin1, { maxKeys: 10 }),
        (status, headers) => {
          const decoded = new HpackDecoder().decode(encodeResponseHeaders(status, headers));
          expect(decoded).toEqual([[":status", String(status)], ...Object.entries(headers)]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("Huffman-coded literals round-trip for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 40 }), (v, n) => {
        const value = encodeHuffman(v);
        const name = encodeHuffman(n);
        const block = Uint8Array.from([
          0x10,
          ...encodeLength(name.length, 0x80),
          ...name,
          ...encodeLength(value.length, 0x80),
          ...value,
        ]);
        const latin = (b: Uint8Array) => Buffer.from(b).toString("latin1");
        expect(new HpackDecoder().decode(block)).toEqual([[latin(n), latin(v)]]);
      }),
      { numRuns: 500 },
    );
  });
});
