// RestateError is the base of every error a handler throws to steer Restate, as in the official
// SDK, without changing what those errors were before: codes, names, checks, instanceof.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  PauseError,
  ResoluteError,
  RestateError,
  RetryableError,
  TerminalError,
  TimeoutError,
} from "../../src/index.js";

describe("RestateError", () => {
  it("is the base of TerminalError, TimeoutError, CancelledError, RetryableError, PauseError", () => {
    const all = [
      new TerminalError("t", { errorCode: 418 }),
      new TimeoutError(),
      new CancelledError(),
      new RetryableError("r"),
      new PauseError("p"),
    ];
    for (const e of all) {
      expect(e).toBeInstanceOf(RestateError);
      expect(e).toBeInstanceOf(Error);
    }
    expect(all.map((e) => [e.name, e.code])).toEqual([
      ["TerminalError", 418],
      ["TimeoutError", 408],
      ["CancelledError", 409],
      ["RetryableError", 500],
      ["PauseError", 500],
    ]);
    expect(new TimeoutError()).toBeInstanceOf(TerminalError);
    expect(new PauseError("p")).not.toBeInstanceOf(TerminalError);
    expect(new PauseError("p")).not.toBeInstanceOf(RetryableError);
  });

  it("is not the base of ResoluteError, whose code is a name from the error table", () => {
    const e = new ResoluteError("RES_ERR_SERDE", "bad bytes");
    expect(e).not.toBeInstanceOf(RestateError);
    expect(e.code).toBe("RES_ERR_SERDE");
  });

  it("carries a code (500 by default), a cause, and the official errorCode name", () => {
    const cause = new Error("root");
    const e = new RestateError("boom", { errorCode: 503, cause });
    expect([e.name, e.message, e.code, e.errorCode, e.cause]).toEqual([
      "RestateError",
      "boom",
      503,
      503,
      cause,
    ]);
    expect(new RestateError("x").code).toBe(500);
    expect(new RestateError("x").cause).toBeUndefined();
  });

  it.each([
    ["RestateError", () => new RestateError("x", { errorCode: 200 })],
    ["TerminalError", () => new TerminalError("x", { errorCode: 700 })],
    ["RetryableError", () => new RetryableError("x", { errorCode: 99 })],
    ["PauseError", () => new PauseError("x", { errorCode: 1.5 })],
  ])("%s refuses a code outside 400–599, naming itself", (name, make) => {
    expect(make).toThrow(ResoluteError);
    expect(make).toThrow(new RegExp(`^${name} errorCode .* is not allowed`));
  });
});

describe("PauseError", () => {
  it("from() wraps what was thrown: its message, a valid code, the cause", () => {
    const cause = Object.assign(new Error("quota exhausted"), { code: 429 });
    const e = PauseError.from(cause);
    expect(e).toBeInstanceOf(PauseError);
    expect([e.message, e.code, e.cause]).toEqual(["quota exhausted", 429, cause]);
    const odd = PauseError.from({ code: "ECONNRESET" });
    expect(odd.code).toBe(500);
    expect(odd.message).toMatch(/non-Error value was thrown/);
  });
});
