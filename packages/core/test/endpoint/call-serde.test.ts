// A call parameter that cannot be serialized fails the invocation terminally, naming it,
// whatever the serde throws: a retry would throw the same again.
import { describe, expect, it } from "vitest";
import { type Context, endpoint, service } from "../../src/index.js";
import { invokeOnce, json } from "./invoke-once.js";

const throwingSerde = {
  serialize(): Uint8Array {
    throw new Error("custom serde bug");
  },
  deserialize: () => null,
};

describe("payloads a custom serde cannot write", () => {
  it("a generic call's parameter: terminal failure naming the parameter", async () => {
    const ep = endpoint().bind(
      service({
        name: "Caller",
        handlers: {
          call: async (ctx: Context) =>
            ctx.genericCall({
              service: "Other",
              method: "m",
              parameter: { a: 1 },
              inputSerde: throwingSerde,
            }),
        },
      }),
    );
    const a = await invokeOnce(ep, "/invoke/Caller/call", json(null));
    expect(a.error).toBeUndefined();
    expect(a.failure?.message).toMatch(
      /Cannot serialize the value: The call's parameter threw while being serialized \(custom serde bug\)/,
    );
  });
});
