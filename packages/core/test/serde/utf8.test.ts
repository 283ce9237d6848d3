// Short ASCII text is converted in JS, everything else by the platform: both paths must give
// the platform's bytes and text, and malformed UTF-8 must still fail whatever its length.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUtf8, encodeUtf8 } from "../../src/serde/utf8.js";

const platform = new TextEncoder();
const bytes = (...b: number[]) => Uint8Array.from(b);

describe("utf8", () => {
  it("encodes any string like TextEncoder, and decodes it back", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: "binary" })), (s) => {
        const b = encodeUtf8(s);
        expect([...b]).toEqual([...platform.encode(s)]);
        expect(decodeUtf8(b)).toBe(new TextDecoder().decode(b));
      }),
    );
  });

  it("short and long ASCII around the fast path's limit", () => {
    for (const n of [0, 1, 63, 64, 65, 200]) {
      const s = "x".repeat(n);
      expect(encodeUtf8(s)).toEqual(platform.encode(s));
      expect(decodeUtf8(platform.encode(s))).toBe(s);
    }
  });

  it("a short malformed input still fails, and a BOM is dropped as the platform does", () => {
    expect(() => decodeUtf8(bytes(0x31, 0xff))).toThrow(/not valid UTF-8/);
    expect(() => decodeUtf8(bytes(0xc3))).toThrow(/not valid UTF-8/);
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0x31))).toBe("1");
  });
});
