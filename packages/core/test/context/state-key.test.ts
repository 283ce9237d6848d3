// State keys must have a UTF-8 form: a lone surrogate is refused instead of stored as U+FFFD.
import { describe, expect, it } from "vitest";
import { endpoint, type ObjectContext, object } from "../../src/index.js";
import { invokeOnce, json } from "../endpoint/invoke-once.js";

const store = object({
  name: "Store",
  handlers: {
    set: async (ctx: ObjectContext, key: string) => {
      ctx.set(key, 1);
      return "stored";
    },
    get: async (ctx: ObjectContext, key: string) => ctx.get(key),
  },
});

describe("state keys", () => {
  it.each(["set", "get"])(
    "ctx.%s with a lone surrogate in the key is refused, naming it",
    async (op) => {
      const a = await invokeOnce(endpoint().bind(store), `/invoke/Store/${op}`, json("a\ud800"), {
        key: "k",
      });
      expect(a.error?.message).toMatch(
        new RegExp(
          `Invalid state key "a\\\\ud800" for ctx\\.${op}: it contains a lone UTF-16 surrogate`,
        ),
      );
    },
  );

  it("a well-formed key with astral characters is fine", async () => {
    const a = await invokeOnce(endpoint().bind(store), "/invoke/Store/set", json("a😀"), {
      key: "k",
    });
    expect(a.error).toBeUndefined();
  });
});
