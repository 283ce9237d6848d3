// Keys superjson refuses (constructor, prototype, __proto__) round-trip through the default serde
// next to rich values, and a __proto__ key never reaches a prototype.
import { describe, expect, it } from "vitest";
import { deserializeRichJson, serializeRichJson } from "../../src/serde/rich-json.js";

const roundTrip = (v: unknown) => deserializeRichJson(serializeRichJson(v));
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("guarded keys beside rich values", () => {
  const at = new Date(0);

  it.each(["constructor", "prototype", "~constructor", "~~prototype"])(
    "a key named %s next to a Date round-trips",
    (key) => {
      const back = roundTrip({ [key]: "x", at, nested: { [key]: { at } } }) as Record<string, any>;
      expect(Object.keys(back)).toEqual([key, "at", "nested"]);
      expect(back[key]).toBe("x");
      expect(back.nested[key].at).toEqual(at);
      expect(back.at).toBeInstanceOf(Date);
    },
  );

  it("input with a __proto__ key, spread into a value with a Date, round-trips as an own key", () => {
    const input = deserializeRichJson(
      new TextEncoder().encode('{"__proto__":{"polluted":1},"b":2}'),
    );
    const back = roundTrip({ ...(input as object), at }) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(["__proto__", "b", "at"]);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect((back as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(back, "__proto__")?.value).toEqual({ polluted: 1 });
  });

  it("guarded keys inside Maps, Sets and arrays round-trip; shared references stay shared", () => {
    const shared = { constructor: 1 };
    const v = { m: new Map([["k", { prototype: at }]]), s: new Set([shared]), a: [shared, shared] };
    const back = roundTrip(v) as { m: Map<string, any>; s: Set<any>; a: any[] };
    expect(back.m.get("k").prototype).toEqual(at);
    expect([...back.s][0]).toEqual({ constructor: 1 });
    expect(back.a[0]).toBe(back.a[1]);
  });

  it("the user's value is not changed by the escape", () => {
    const v = { constructor: "x", at };
    serializeRichJson(v);
    expect(Object.keys(v)).toEqual(["constructor", "at"]);
  });

  it("plain values keep the plain JSON form, and escaping is only marked when used", () => {
    expect(text(serializeRichJson({ constructor: "x" }))).toBe('{"constructor":"x"}');
    expect(text(serializeRichJson({ a: at }))).not.toContain('"keys"');
    expect(text(serializeRichJson({ constructor: "x", at }))).toContain('"keys":"escaped"');
  });

  it("an envelope without the escape mark reads ~ keys as written", () => {
    const wire = '{"$resolute:superjson":{"json":{"~constructor":1}}}';
    expect(deserializeRichJson(new TextEncoder().encode(wire))).toEqual({ "~constructor": 1 });
  });

  it("a crafted envelope whose meta path names __proto__ is refused with 400, never applied", () => {
    const wire =
      '{"$resolute:superjson":{"json":{"__proto__":{"x":"1970-01-01T00:00:00.000Z"}},"meta":{"values":{"__proto__.x":["Date"]},"v":1}}}';
    expect(() => deserializeRichJson(new TextEncoder().encode(wire))).toThrow(
      expect.objectContaining({ code: 400 }),
    );
    expect(({} as { x?: unknown }).x).toBeUndefined();
  });
});
