// The curl lines `resolute dev` prints: URLs per service kind, bodies from JSON Schemas.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { curlLines, shellQuote } from "../src/dev/curl-lines.js";
import { sampleValue } from "../src/dev/sample-value.js";

describe("sampleValue", () => {
  it("prefers what the schema says: examples, default, const, enum", () => {
    expect(sampleValue({ type: "string", examples: ["Ann"] })).toBe("Ann");
    expect(sampleValue({ type: "number", default: 7 })).toBe(7);
    expect(sampleValue({ const: "fixed" })).toBe("fixed");
    expect(sampleValue({ enum: ["apple", "pear"] })).toBe("apple");
  });

  it("respects bounds and formats, and names strings after their property", () => {
    const schema = z.toJSONSchema(
      z.object({
        email: z.email(),
        age: z.int().min(18),
        ratio: z.number().max(0.5),
        nick: z.string().min(6),
        tags: z.array(z.string()).min(2),
        note: z.string().optional(),
      }),
    );
    expect(sampleValue(schema)).toEqual({
      email: "ann@example.com",
      age: 18,
      ratio: 0.5,
      nick: "nickxx",
      tags: ["tags", "tags"],
    });
  });

  it("follows local $refs, picks a non-null union member, and gives null for the unknown", () => {
    const node = { type: "object", properties: { id: { type: "integer" } }, required: ["id"] };
    expect(sampleValue({ $ref: "#/$defs/Node", $defs: { Node: node } })).toEqual({ id: 1 });
    expect(sampleValue({ anyOf: [{ type: "null" }, { type: "boolean" }] })).toBe(true);
    expect(sampleValue({})).toBeNull();
    expect(sampleValue(undefined)).toBeNull();
  });
});

describe("curlLines", () => {
  const services = [
    {
      name: "Greeter",
      ty: "Service",
      handlers: [
        { name: "greet", input_json_schema: { type: "string", examples: ["Ann"] } },
        { name: "hidden", public: false },
      ],
    },
    { name: "Counter", ty: "VirtualObject", handlers: [{ name: "add" }] },
    { name: "Signup", ty: "Workflow", handlers: [{ name: "run", input_description: "none" }] },
  ];

  it("one line per public handler, keyed URLs for objects and workflows", () => {
    const lines = curlLines("http://127.0.0.1:8080", services);
    expect(lines.map((l) => l.command)).toEqual([
      "curl -s http://127.0.0.1:8080/Counter/demo/add -H 'content-type: application/json' -d 'null'",
      `curl -s http://127.0.0.1:8080/Greeter/greet -H 'content-type: application/json' -d '"Ann"'`,
      "curl -s -X POST http://127.0.0.1:8080/Signup/demo/run",
    ]);
    expect(lines.map((l) => l.fromSchema)).toEqual([false, true, false]);
  });

  it("quotes bodies for the shell", () => {
    expect(shellQuote(`{"name":"O'Brien"}`)).toBe(`'{"name":"O'\\''Brien"}'`);
  });
});
