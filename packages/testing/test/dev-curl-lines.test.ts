// The curl lines `resolute dev` prints: URLs per service kind, bodies from JSON Schemas.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { curlLines, PLACEHOLDER_NOTE, shellQuote } from "../src/dev/curl-lines.js";
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
    { name: "Counter", ty: "VirtualObject", handlers: [{ name: "add" }, { name: "current" }] },
    { name: "Signup", ty: "Workflow", handlers: [{ name: "run", input_description: "none" }] },
  ];
  const url = "http://127.0.0.1:8080";
  const json = "-H 'content-type: application/json'";

  it("one line per public handler, keyed URLs; the code says which handlers take input", () => {
    const inputs = { Counter: { add: true, current: false }, Greeter: { greet: true } };
    const lines = curlLines(url, services, inputs);
    expect(lines.map((l) => l.command)).toEqual([
      `curl -s ${url}/Counter/demo/add ${json} -d 'null'  ${PLACEHOLDER_NOTE}`,
      `curl -s -X POST ${url}/Counter/demo/current`,
      `curl -s ${url}/Greeter/greet ${json} -d '"Ann"'`,
      `curl -s -X POST ${url}/Signup/demo/run`,
    ]);
    expect(lines.map((l) => l.body)).toEqual(["placeholder", "none", "sample", "none"]);
  });

  it("the code's answer wins over the admin API's description", () => {
    const [run] = curlLines(url, [services[2]!], { Signup: { run: true } });
    expect(run!.command).toBe(
      `curl -s ${url}/Signup/demo/run ${json} -d 'null'  ${PLACEHOLDER_NOTE}`,
    );
    const [greet] = curlLines(url, [services[0]!], { Greeter: { greet: false } });
    expect(greet!.command).toBe(`curl -s -X POST ${url}/Greeter/greet`);
  });

  it("without word from the code, only an input described as none gets no body", () => {
    const lines = curlLines(url, services);
    expect(lines.map((l) => l.body)).toEqual(["placeholder", "placeholder", "sample", "none"]);
  });

  it("the placeholder note is a shell comment: the line runs as pasted", () => {
    expect(PLACEHOLDER_NOTE.startsWith("# ")).toBe(true);
    expect(PLACEHOLDER_NOTE).not.toMatch(/['"\n]/);
  });

  it("quotes bodies for the shell", () => {
    expect(shellQuote(`{"name":"O'Brien"}`)).toBe(`'{"name":"O'\\''Brien"}'`);
  });
});
