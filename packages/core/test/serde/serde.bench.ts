// Plain JSON vs the default serde, on the payloads every invocation carries.
// Run: npx vitest bench --run --project unit packages/core/test/serde
import SuperJSON from "superjson";
import { bench, describe } from "vitest";
import { defaultSerde } from "../../src/serde/index.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const small = { id: "user-42", name: "Ann", age: 37, admin: false, tags: ["a", "b"] };
// ~10 kB: a page of records, the shape of a typical list response.
const large = {
  items: Array.from({ length: 80 }, (_, i) => ({
    id: i,
    name: `item number ${i}`,
    price: i * 1.25,
    inStock: i % 2 === 0,
    labels: ["x", "y"],
    dims: { w: i, h: i + 1 },
  })),
};
const richSmall = { ...small, createdAt: new Date(0) };

const cases = [
  ["small", small],
  ["10 kB", large],
  ["small rich (Date)", richSmall],
] as const;

for (const [label, value] of cases) {
  const plainBytes = encoder.encode(JSON.stringify(value));
  const ourBytes = defaultSerde.serialize(value);
  const superjsonBytes = encoder.encode(SuperJSON.stringify(value));

  describe(`serialize ${label} (${ourBytes.length} B)`, () => {
    bench("JSON.stringify + encode", () => {
      encoder.encode(JSON.stringify(value));
    });
    bench("defaultSerde.serialize", () => {
      defaultSerde.serialize(value);
    });
    bench("superjson.stringify + encode (no fast path)", () => {
      encoder.encode(SuperJSON.stringify(value));
    });
  });

  describe(`deserialize ${label}`, () => {
    bench("decode + JSON.parse", () => {
      JSON.parse(decoder.decode(plainBytes));
    });
    bench("defaultSerde.deserialize", () => {
      defaultSerde.deserialize(ourBytes);
    });
    bench("decode + superjson.parse (no fast path)", () => {
      SuperJSON.parse(decoder.decode(superjsonBytes));
    });
  });
}
