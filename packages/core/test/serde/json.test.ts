import { describe, expect, it } from "vitest";
import { serde } from "../../src/serde/index.js";
import { bytes, terminal, text } from "./helpers.js";

describe("serde.json", () => {
  const values: unknown[] = ["Alice", 1.5, true, null, [1, "a"], { a: { b: [null] } }, "ü✓🎉"];
  it.each(values)("writes %j exactly as JSON.stringify", (value) => {
    const written = serde.json.serialize(value);
    expect(text(written)).toBe(JSON.stringify(value));
    expect(serde.json.deserialize(written)).toEqual(value);
  });

  it("maps undefined to the empty payload and back", () => {
    expect(serde.json.serialize(undefined).length).toBe(0);
    expect(serde.json.deserialize(new Uint8Array(0))).toBeUndefined();
  });

  it("loses rich types as JSON does", () => {
    const at = new Date(0);
    expect(serde.json.deserialize(serde.json.serialize({ at }))).toEqual({ at: at.toISOString() });
  });

  it("reports a BigInt as a 500 pointing at the default serde", () => {
    const e = terminal(() => serde.json.serialize({ n: 1n }), 500);
    expect(e.message).toMatch(/BigInt/);
    expect(e.message).toMatch(/serde\.superjson/);
  });

  it("reports invalid JSON as a 400", () => {
    const e = terminal(() => serde.json.deserialize(bytes("Alice")), 400);
    expect(e.message).toMatch(/not valid JSON/);
  });

  it("advertises application/json", () => {
    expect(serde.json.contentType).toBe("application/json");
  });
});

describe("serde.binary", () => {
  it("passes bytes through", () => {
    const data = new Uint8Array([0, 1, 255]);
    expect(serde.binary.serialize(data)).toBe(data);
    expect(serde.binary.deserialize(data)).toBe(data);
    expect(serde.binary.contentType).toBe("application/octet-stream");
  });

  it("rejects non-bytes with a 500", () => {
    const e = terminal(() => serde.binary.serialize("text" as unknown as Uint8Array), 500);
    expect(e.message).toMatch(/Uint8Array/);
  });
});

describe("serde.empty", () => {
  it("writes nothing and reads undefined", () => {
    expect(serde.empty.serialize().length).toBe(0);
    expect(serde.empty.deserialize(new Uint8Array(0))).toBeUndefined();
    expect(serde.empty.deserialize(bytes("{}"))).toBeUndefined();
  });
});
