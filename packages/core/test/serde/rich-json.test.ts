import { describe, expect, it } from "vitest";
import { TerminalError } from "../../src/errors/terminal-error.js";
import { defaultSerde, serde } from "../../src/serde/index.js";
import { RICH_JSON_MARKER } from "../../src/serde/rich-json.js";
import { bytes, terminal, text } from "./helpers.js";

const roundTrip = (value: unknown): unknown =>
  defaultSerde.deserialize(defaultSerde.serialize(value));

describe("default serde", () => {
  it("is serde.superjson and speaks application/json", () => {
    expect(defaultSerde).toBe(serde.superjson);
    expect(defaultSerde.contentType).toBe("application/json");
  });

  describe("plain values are written byte-identical to JSON.stringify", () => {
    const plain: [string, unknown][] = [
      ["string", "Alice"],
      ["empty string", ""],
      ["escapes", 'quote " backslash \\ newline \n tab \t'],
      ["unicode", "héllo wörld ✓ 日本語 🎉"],
      ["integer", 42],
      ["negative float", -3.25],
      ["large safe integer", Number.MAX_SAFE_INTEGER],
      ["exponent", 1e300],
      ["zero", 0],
      ["true", true],
      ["false", false],
      ["null", null],
      ["empty object", {}],
      ["empty array", []],
      ["array", [1, "two", null, false, { three: 3 }]],
      ["nested object", { user: { name: "Bob", tags: ["a", "b"], address: { zip: "1234" } } }],
      ["null values inside", { a: null, b: [null] }],
      ["unicode keys", { ключ: "значение", "🔑": 1 }],
      ["null-prototype object", Object.assign(Object.create(null), { a: 1 })],
      ["marker key nested (not top level)", { inner: { [RICH_JSON_MARKER]: 1 } }],
    ];
    it.each(plain)("%s", (_, value) => {
      const written = defaultSerde.serialize(value);
      expect(text(written)).toBe(JSON.stringify(value));
      expect(defaultSerde.deserialize(written)).toEqual(value);
    });
  });

  describe("rich values round-trip with their types", () => {
    const date = new Date("2024-05-06T07:08:09.010Z");
    const key = { id: 1 };
    const rich: [string, unknown][] = [
      ["Date", date],
      ["Date in an object", { at: date }],
      ["Map with string keys", new Map([["a", 1]])],
      [
        "Map with object keys",
        new Map<unknown, unknown>([
          [key, "v"],
          [2, "two"],
        ]),
      ],
      ["Set", new Set([1, "a", null])],
      ["BigInt beyond 2^53", 2n ** 64n + 1n],
      ["negative BigInt in array", [-(2n ** 70n)]],
      ["undefined in object", { a: undefined, b: 1 }],
      ["undefined in array", [1, undefined, 3]],
      ["nested Map of Sets of Dates", new Map([["k", new Set([date, new Date(0)])]])],
      ["RegExp", /ab+c/gi],
      ["NaN", Number.NaN],
      ["Infinity", Number.POSITIVE_INFINITY],
      ["-Infinity in object", { x: Number.NEGATIVE_INFINITY }],
      ["URL", new URL("https://example.com/a?b=c")],
      ["Uint8Array in object", { data: new Uint8Array([1, 2, 255]) }],
      ["mixed", { at: date, tags: new Set(["x"]), big: 1n, plain: { ok: true } }],
    ];
    it.each(rich)("%s", (_, value) => {
      const written = defaultSerde.serialize(value);
      expect(Object.keys(JSON.parse(text(written)))).toEqual([RICH_JSON_MARKER]);
      expect(roundTrip(value)).toEqual(value);
    });

    it("keeps -0", () => {
      expect(Object.is(roundTrip(-0), -0)).toBe(true);
      expect(Object.is((roundTrip({ z: -0 }) as { z: number }).z, -0)).toBe(true);
    });

    it("keeps exact types, not just equal shapes", () => {
      const back = roundTrip({ at: date, m: new Map([[key, new Set([date])]]), n: 2n ** 60n }) as {
        at: Date;
        m: Map<{ id: number }, Set<Date>>;
        n: bigint;
      };
      expect(back.at).toBeInstanceOf(Date);
      expect(back.at.getTime()).toBe(date.getTime());
      expect(typeof back.n).toBe("bigint");
      const [k, set] = [...back.m][0]!;
      expect(k).toEqual(key);
      expect([...set][0]).toBeInstanceOf(Date);
      const u = roundTrip({ a: undefined }) as object;
      expect(Object.hasOwn(u, "a")).toBe(true);
    });

    it("keeps Errors as Errors (name and message)", () => {
      const back = roundTrip({ e: new TypeError("boom") }) as { e: Error };
      expect(back.e).toBeInstanceOf(Error);
      expect([back.e.name, back.e.message]).toEqual(["TypeError", "boom"]);
    });

    it("writes the documented envelope", () => {
      const written = text(defaultSerde.serialize({ at: new Date(0) }));
      expect(JSON.parse(written)).toEqual({
        [RICH_JSON_MARKER]: {
          json: { at: "1970-01-01T00:00:00.000Z" },
          meta: { values: { at: ["Date"] }, v: 1 },
        },
      });
    });

    it("encodes cycles instead of failing", () => {
      const a: { self?: unknown; n: number } = { n: 1 };
      a.self = a;
      const back = roundTrip(a) as typeof a;
      expect(back.self).toBe(back);
    });
  });

  describe("class instances superjson does not annotate stay plain JSON", () => {
    class Point {
      readonly x: number;
      readonly y: number;
      constructor(x: number, y: number) {
        this.x = x;
        this.y = y;
      }
    }
    it("writes them as JSON.stringify does", () => {
      const value = { p: new Point(1, 2) };
      expect(text(defaultSerde.serialize(value))).toBe(JSON.stringify(value));
    });
    it("drops functions as JSON.stringify does", () => {
      const value = { a: 1, f: () => 1 };
      expect(text(defaultSerde.serialize(value))).toBe('{"a":1}');
    });
  });

  describe("top-level undefined is the empty payload", () => {
    it("writes 0 bytes", () => {
      expect(defaultSerde.serialize(undefined).length).toBe(0);
    });
    it("reads 0 bytes as undefined", () => {
      expect(defaultSerde.deserialize(new Uint8Array(0))).toBeUndefined();
    });
  });

  describe("the marker key in plain data", () => {
    const cases: [string, unknown][] = [
      ["only key", { [RICH_JSON_MARKER]: { json: 1 } }],
      ["only key, odd value", { [RICH_JSON_MARKER]: "x" }],
      ["among others", { [RICH_JSON_MARKER]: 1, other: 2 }],
    ];
    it.each(cases)("round-trips as plain data when it is the %s", (_, value) => {
      expect(roundTrip(value)).toEqual(value);
    });
    it("is escaped with an envelope without meta", () => {
      const value = { [RICH_JSON_MARKER]: 1 };
      expect(JSON.parse(text(defaultSerde.serialize(value)))).toEqual({
        [RICH_JSON_MARKER]: { json: value },
      });
    });
    it("is read as plain data when the marker is not the only key", () => {
      const wire = `{"${RICH_JSON_MARKER}":{"json":1},"other":2}`;
      expect(defaultSerde.deserialize(bytes(wire))).toEqual(JSON.parse(wire));
    });
  });

  describe("reads what curl and other SDKs send", () => {
    const inputs = [
      '"Alice"',
      '{"a":1}',
      "42",
      "true",
      "null",
      "[1,2]",
      ' {"a": [1, {"b": null}]} \n',
      '"日本"',
    ];
    it.each(inputs)("%s", (wire) => {
      expect(defaultSerde.deserialize(bytes(wire))).toEqual(JSON.parse(wire));
    });
    it("does not revive ISO strings into Dates", () => {
      expect(defaultSerde.deserialize(bytes('"2024-01-01T00:00:00.000Z"'))).toBe(
        "2024-01-01T00:00:00.000Z",
      );
    });
  });

  describe("errors", () => {
    it.each(["Alice", "{a:1}", "{", "undefined", "   "])("invalid JSON %j is a 400", (wire) => {
      const e = terminal(() => defaultSerde.deserialize(bytes(wire)), 400);
      expect(e.message).toMatch(/not valid JSON/);
      expect(e.message).toMatch(/a string needs quotes/);
    });
    it("invalid UTF-8 is a 400", () => {
      const e = terminal(() => defaultSerde.deserialize(new Uint8Array([0x22, 0xff, 0x22])), 400);
      expect(e.message).toMatch(/not valid UTF-8/);
    });
    it("a malformed envelope is a 400", () => {
      const e = terminal(() => defaultSerde.deserialize(bytes(`{"${RICH_JSON_MARKER}":1}`)), 400);
      expect(e.message).toContain(RICH_JSON_MARKER);
    });
    it("invalid annotations are a 400", () => {
      const wire = `{"${RICH_JSON_MARKER}":{"json":"x","meta":{"values":["class","Nope"],"v":1}}}`;
      terminal(() => defaultSerde.deserialize(bytes(wire)), 400);
    });
    it("annotations aiming at __proto__ are rejected", () => {
      const wire = `{"${RICH_JSON_MARKER}":{"json":{},"meta":{"values":{"__proto__.x":["undefined"]},"v":1}}}`;
      terminal(() => defaultSerde.deserialize(bytes(wire)), 400);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });
    it("a value that throws while being read is a 500", () => {
      const hostile = {
        at: new Date(0),
        get boom(): never {
          throw new Error("no");
        },
      };
      const e = terminal(() => defaultSerde.serialize(hostile), 500);
      expect(e.message).toMatch(/Cannot serialize/);
    });
    it("errors are TerminalErrors", () => {
      expect(() => defaultSerde.deserialize(bytes("{"))).toThrow(TerminalError);
    });
  });
});
