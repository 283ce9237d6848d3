import { expect, it } from "vitest";
import { bigVarintSize, Reader, Writer } from "../../src/protocol/wire.js";

it("bigVarint round trip", () => {
  const vals = [
    0n,
    1n,
    127n,
    128n,
    2n ** 28n - 1n,
    2n ** 28n,
    2n ** 35n + 5n,
    2n ** 53n + 1n,
    2n ** 63n,
    2n ** 64n - 1n,
    0x1234567890abcdefn,
  ];
  for (const v of vals) {
    const b = new Uint8Array(bigVarintSize(v));
    const w = new Writer(b);
    w.bigVarint(v);
    expect(new Reader(b).bigVarint()).toBe(v);
  }
});
