import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import * as zm from "zod/mini";
import { ResoluteError } from "../../src/errors/resolute-error.js";
import {
  defaultSerde,
  isSerde,
  jsonSchemaOf,
  type Serde,
  serde,
  toSerde,
  validateAsync,
} from "../../src/serde/index.js";
import { RICH_JSON_MARKER } from "../../src/serde/rich-json.js";
import type { StandardSchemaV1 } from "../../src/serde/standard-schema.js";
import { bytes, terminal, text } from "./helpers.js";

const User = z.object({ name: z.string(), email: z.email() });

/** A hand-written Standard Schema: a positive integer, failing at path ["n"]. */
const positive: StandardSchemaV1<unknown, number> = {
  "~standard": {
    version: 1,
    vendor: "hand",
    validate: (value) =>
      typeof value === "number" && Number.isInteger(value) && value > 0
        ? { value }
        : { issues: [{ message: "Expected a positive integer", path: [{ key: "n" }] }] },
  },
};

const asyncPositive: StandardSchemaV1<unknown, number> = {
  "~standard": {
    version: 1,
    vendor: "slow",
    validate: async (value) => positive["~standard"].validate(value),
  },
};

describe("StandardSchemaV1 types", () => {
  it("match zod's Standard Schema structurally, for inference", () => {
    type Out<S> = S extends StandardSchemaV1<unknown, infer O> ? O : never;
    expectTypeOf<Out<typeof User>>().toEqualTypeOf<{ name: string; email: string }>();
    expectTypeOf<StandardSchemaV1.InferOutput<typeof User>>().toEqualTypeOf<{
      name: string;
      email: string;
    }>();
    expectTypeOf<Out<typeof positive>>().toEqualTypeOf<number>();
  });
});

describe("serde.zod", () => {
  const s = serde.zod(User);

  it("infers the output type", () => {
    expectTypeOf(s).toEqualTypeOf<Serde<{ name: string; email: string }>>();
  });

  it("writes plain JSON and reads it back validated", () => {
    const user = { name: "Ann", email: "ann@example.com" };
    const written = s.serialize(user);
    expect(text(written)).toBe(JSON.stringify(user));
    expect(s.deserialize(written)).toEqual(user);
    expect(s.contentType).toBe("application/json");
  });

  it("reports a violation on read as a 400 naming the path", () => {
    const e = terminal(() => s.deserialize(bytes('{"name":"Ann","email":"nope"}')), 400);
    expect(e.message).toBe("email: Invalid email address");
  });

  it("joins several issues with '; '", () => {
    const e = terminal(() => s.deserialize(bytes('{"email":"nope"}')), 400);
    expect(e.message).toBe(
      "name: Invalid input: expected string, received undefined; email: Invalid email address",
    );
  });

  it("joins nested paths with '.'", () => {
    const Order = z.object({ items: z.array(z.object({ qty: z.number().min(1) })) });
    const e = terminal(
      () => serde.zod(Order).deserialize(bytes('{"items":[{"qty":1},{"qty":0}]}')),
      400,
    );
    expect(e.message).toMatch(/^items\.1\.qty: /);
  });

  it("validates on serialize too", () => {
    const e = terminal(() => s.serialize({ name: "Ann", email: "nope" }), 400);
    expect(e.message).toBe("email: Invalid email address");
  });

  it("reports invalid JSON before validating", () => {
    const e = terminal(() => s.deserialize(bytes("{")), 400);
    expect(e.message).toMatch(/not valid JSON/);
  });

  it("round-trips z.date(), z.bigint() and z.map() through the rich form", () => {
    const Event = z.object({ at: z.date(), n: z.bigint(), m: z.map(z.string(), z.number()) });
    const value = { at: new Date(5), n: 2n ** 64n, m: new Map([["a", 1]]) };
    const es = serde.zod(Event);
    const written = es.serialize(value);
    expect(Object.keys(JSON.parse(text(written)))).toEqual([RICH_JSON_MARKER]);
    expect(es.deserialize(written)).toEqual(value);
  });

  it("rejects an ISO string where z.date() is expected (use z.coerce.date() for plain JSON clients)", () => {
    terminal(() => serde.zod(z.date()).deserialize(bytes('"2024-01-01T00:00:00Z"')), 400);
    const d = serde.zod(z.coerce.date()).deserialize(bytes('"2024-01-01T00:00:00Z"'));
    expect(d).toEqual(new Date("2024-01-01T00:00:00Z"));
  });

  it("applies the schema's transforms on read, writes values as given", () => {
    const Trim = serde.zod(z.string().transform((v) => v.trim()));
    expect(text(Trim.serialize(" a "))).toBe('" a "');
    expect(Trim.deserialize(bytes('" a "'))).toBe("a");
  });

  it("passes the empty payload to the schema as undefined", () => {
    expect(serde.zod(z.string().optional()).deserialize(new Uint8Array(0))).toBeUndefined();
    terminal(() => serde.zod(z.string()).deserialize(new Uint8Array(0)), 400);
  });

  it("produces JSON Schema (input side)", () => {
    expect(s.jsonSchema).toMatchObject({
      type: "object",
      properties: { name: { type: "string" }, email: { type: "string", format: "email" } },
      required: ["name", "email"],
    });
    const withDefault = serde.zod(z.object({ d: z.string().default("x") }));
    expect(withDefault.jsonSchema).not.toHaveProperty("required");
  });

  it("describes unrepresentable types as any instead of throwing", () => {
    const js = serde.zod(z.object({ at: z.date(), n: z.bigint() })).jsonSchema;
    expect(js).toMatchObject({ properties: { at: {}, n: {} } });
  });

  it("accepts zod mini, with a JSON Schema passed in", () => {
    const Mini = zm.object({ a: zm.string() });
    const ms = serde.zod(Mini, { jsonSchema: zm.toJSONSchema(Mini) });
    expect(ms.deserialize(bytes('{"a":"x"}'))).toEqual({ a: "x" });
    expect(ms.jsonSchema).toMatchObject({ type: "object" });
    expect(serde.zod(Mini).jsonSchema).toBeUndefined();
  });
});

describe("serde.schema with any Standard Schema", () => {
  const s = serde.schema(positive);

  it("validates", () => {
    expectTypeOf(s).toEqualTypeOf<Serde<number>>();
    expect(s.deserialize(bytes("3"))).toBe(3);
    expect(text(s.serialize(3))).toBe("3");
    expect(terminal(() => s.deserialize(bytes("-1")), 400).message).toBe(
      "n: Expected a positive integer",
    );
    expect(s.jsonSchema).toBeUndefined();
  });

  it("accepts a zod schema", () => {
    expect(serde.schema(User).jsonSchema).toEqual(serde.zod(User).jsonSchema);
  });

  it("uses the Standard JSON Schema interface when present", () => {
    const described = {
      "~standard": {
        ...positive["~standard"],
        jsonSchema: {
          input: () => ({ type: "integer", minimum: 1 }),
          output: () => ({ type: "integer" }),
        },
      },
    } as StandardSchemaV1<unknown, number>;
    expect(serde.schema(described).jsonSchema).toEqual({ type: "integer", minimum: 1 });
  });

  it("tolerates a converter that throws", () => {
    const failing = {
      "~standard": {
        ...positive["~standard"],
        jsonSchema: {
          input: () => {
            throw new Error("nope");
          },
        },
      },
    } as StandardSchemaV1<unknown, number>;
    expect(jsonSchemaOf(failing)).toBeUndefined();
  });

  it("caps a long list of issues", () => {
    const many: StandardSchemaV1 = {
      "~standard": {
        version: 1,
        vendor: "hand",
        validate: () => ({
          issues: Array.from({ length: 25 }, (_, i) => ({ message: "bad", path: [i] })),
        }),
      },
    };
    const e = terminal(() => serde.schema(many).deserialize(bytes("1")), 400);
    expect(e.message).toMatch(/^0: bad; 1: bad; .*9: bad; and 15 more issues$/);
  });

  it("turns a validator that throws into a 400", () => {
    const throwing: StandardSchemaV1 = {
      "~standard": {
        version: 1,
        vendor: "hand",
        validate: () => {
          throw new Error("kaput");
        },
      },
    };
    expect(terminal(() => serde.schema(throwing).deserialize(bytes("1")), 400).message).toMatch(
      /kaput/,
    );
  });

  it("rejects a non-schema at definition time", () => {
    expect(() => serde.schema({} as StandardSchemaV1)).toThrow(ResoluteError);
  });
});

describe("asynchronous schemas", () => {
  it("are refused by the synchronous serde with a clear error", () => {
    const s = serde.schema(asyncPositive);
    const e = terminal(() => s.deserialize(bytes("3")), 500);
    expect(e.message).toMatch(/asynchronously/);
    expect(e.message).toMatch(/validateAsync/);
  });

  it("zod async refinements are refused the same way", () => {
    const s = serde.zod(z.string().refine(async () => true));
    expect(terminal(() => s.deserialize(bytes('"a"')), 500).message).toMatch(/zod schema/);
  });

  it("work with validateAsync", async () => {
    await expect(validateAsync(asyncPositive, 3)).resolves.toBe(3);
    await expect(validateAsync(asyncPositive, 0)).rejects.toMatchObject({
      code: 400,
      message: "n: Expected a positive integer",
    });
    await expect(validateAsync(User, { name: "a", email: "x" })).rejects.toMatchObject({
      message: "email: Invalid email address",
    });
  });
});

describe("toSerde", () => {
  it("falls back when nothing is given", () => {
    expect(toSerde(undefined, defaultSerde)).toBe(defaultSerde);
  });

  it("returns a serde as is", () => {
    expect(toSerde(serde.binary, defaultSerde)).toBe(serde.binary);
  });

  it("wraps a zod schema, once per schema", () => {
    const a = toSerde(User, defaultSerde);
    expect(a).toBe(toSerde(User, defaultSerde));
    expect(a.jsonSchema).toMatchObject({ type: "object" });
    expect(terminal(() => a.deserialize(bytes('{"name":"a","email":"x"}')), 400).message).toBe(
      "email: Invalid email address",
    );
  });

  it("wraps a hand-written Standard Schema", () => {
    expect(toSerde(positive, defaultSerde).deserialize(bytes("7"))).toBe(7);
  });

  it("rejects anything else", () => {
    expect(() => toSerde({ nope: 1 } as unknown as Serde, defaultSerde)).toThrow(ResoluteError);
  });
});

describe("isSerde and jsonSchemaOf", () => {
  it("recognises serdes by shape", () => {
    expect(isSerde(serde.json)).toBe(true);
    expect(isSerde({ serialize: () => new Uint8Array(), deserialize: () => 1 })).toBe(true);
    expect(isSerde(User)).toBe(false);
    expect(isSerde(null)).toBe(false);
  });

  it("reads a serde's own JSON Schema, a schema's, or nothing", () => {
    expect(jsonSchemaOf({ ...serde.json, jsonSchema: { type: "string" } })).toEqual({
      type: "string",
    });
    expect(jsonSchemaOf(z.string())).toMatchObject({ type: "string" });
    expect(jsonSchemaOf(serde.json)).toBeUndefined();
    expect(jsonSchemaOf(undefined)).toBeUndefined();
    expect(jsonSchemaOf(42)).toBeUndefined();
  });
});
