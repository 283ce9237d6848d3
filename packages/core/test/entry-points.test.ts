// What each entry point of @resolute/core offers: handler code gets definitions, context types,
// serde and errors from "."; the plumbing that adapters, clients and test harnesses share lives
// in "./adapter" only. The built packages are checked the same way in e2e/packaging.test.ts.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as adapter from "../src/adapter.js";
import { SERVER_HEADER } from "../src/endpoint/endpoint-handler.js";
import * as root from "../src/index.js";

const plumbing = [
  "handlerSerdes",
  "toSerde",
  "validateAsync",
  "splitArgs",
  "awakeableId",
  "parseAwakeableId",
];

describe("entry points", () => {
  it("keep adapter plumbing out of the root and in ./adapter", () => {
    for (const name of plumbing) {
      expect(root, name).not.toHaveProperty(name);
      expect(typeof (adapter as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  it("name the package's own version in x-restate-server", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(SERVER_HEADER).toBe(`resolute/${manifest.version}`);
  });
});

describe("splitArgs", () => {
  it("takes a trailing options object by its class, never by its shape", () => {
    const opts = root.rpc.opts({ idempotencyKey: "k" });
    expect(adapter.splitArgs(["in", opts], root.Opts)).toEqual({ input: "in", opts });
    expect(adapter.splitArgs([opts], root.Opts)).toEqual({ input: undefined, opts });
    const lookalike = { options: { idempotencyKey: "k" } };
    expect(adapter.splitArgs([lookalike], root.Opts)).toEqual({
      input: lookalike,
      opts: undefined,
    });
    expect(adapter.splitArgs(["in", opts], root.SendOpts)).toEqual({
      input: "in",
      opts: undefined,
    });
    expect(adapter.splitArgs([], root.Opts)).toEqual({ input: undefined, opts: undefined });
  });
});

describe("awakeable ids", () => {
  it("parse back to the invocation id and signal id they were made of", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.nat({ max: 0xffffffff }),
        (invocationId, signalId) => {
          const id = adapter.awakeableId(invocationId, signalId);
          expect(id).toMatch(/^sign_1[A-Za-z0-9_-]+$/);
          expect(adapter.parseAwakeableId(id)).toEqual({ invocationId, signalId });
        },
      ),
    );
  });

  it("refuse text that is not an awakeable id", () => {
    for (const text of [
      "",
      "sign_1",
      "sign_2AAAAAAAAAAA",
      "sign_1AAAA*AAAAAA",
      "sign_1A",
      "inv_1abc",
    ])
      expect(adapter.parseAwakeableId(text), text).toBeUndefined();
  });
});
