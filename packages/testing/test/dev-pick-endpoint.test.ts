// Which export `resolute dev` serves, and what it says when there is none.
import { endpoint, service } from "@resolute/core";
import { describe, expect, it } from "vitest";
import { pickEndpoint } from "../src/dev/pick-endpoint.js";

const greeter = service({ name: "Greeter", handlers: { greet: async () => "hi" } });
const a = endpoint().bind(greeter);
const b = endpoint().bind(greeter);

describe("pickEndpoint", () => {
  it("prefers the default export, then the export named endpoint", () => {
    expect(pickEndpoint({ default: a, endpoint: b }, "m.ts")).toBe(a);
    expect(pickEndpoint({ endpoint: b, other: a }, "m.ts")).toBe(b);
  });

  it("names the endpoints exported under other names, and the line that serves one", () => {
    expect(() => pickEndpoint({ greeter, ep: a, port: 9080 }, "src/m.ts")).toThrow(
      "src/m.ts exports no endpoint as its default export or as `endpoint` (it exports `ep`: add `export default ep;`).",
    );
  });

  it("says how to export one when there is none", () => {
    expect(() => pickEndpoint({ greeter }, "src/m.ts")).toThrow(
      "src/m.ts exports no endpoint as its default export or as `endpoint` (for example `export default endpoint().bind(greeter)`).",
    );
  });
});
