// Bad arguments to the error classes and durations: a clear error naming what to change.
import { describe, expect, it } from "vitest";
import { durationMs } from "../../src/context/duration.js";
import { AttemptFailureLog, type LogContext } from "../../src/context/logging.js";
import { describeThrown } from "../../src/errors/describe-thrown.js";
import { ResoluteError } from "../../src/errors/resolute-error.js";
import { RetryableError, TerminalError } from "../../src/errors/terminal-error.js";

function refused(f: () => unknown): ResoluteError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ResoluteError);
    expect((e as ResoluteError).code).toBe("RES_ERR_INVALID_ARGUMENT");
    return e as ResoluteError;
  }
  throw new Error("expected a RES_ERR_INVALID_ARGUMENT error");
}

describe("error codes are validated where they are set", () => {
  it.each([700, 200, 0, -1, 404.5, Number.NaN, "404" as unknown as number])(
    "TerminalError errorCode %j is refused, naming the allowed range",
    (code) => {
      const e = refused(() => new TerminalError("x", { errorCode: code }));
      expect(e.message).toMatch(/use an integer from 400 to 599/);
    },
  );

  it("RetryableError validates errorCode the same way", () => {
    expect(refused(() => new RetryableError("x", { errorCode: 99 })).message).toMatch(
      /RetryableError errorCode 99 is not allowed/,
    );
  });

  it.each([400, 404, 409, 500, 599])("errorCode %d is kept", (code) => {
    expect(new TerminalError("x", { errorCode: code }).code).toBe(code);
  });
});

describe("RetryableError retryAfter takes a Duration", () => {
  it.each([
    [1500, 1500],
    [{ seconds: 2 }, 2000],
    [{ minutes: 1, milliseconds: 1 }, 60_001],
  ])("%j is %d ms", (d, ms) => {
    expect(new RetryableError("x", { retryAfter: d }).retryAfter).toBe(ms);
  });

  it.each([["5s"], [-1], [{ secs: 1 }], [{ seconds: "1" }], [null], [Number.POSITIVE_INFINITY]])(
    "retryAfter %j is refused with a clear error",
    (d) => {
      const e = refused(() => new RetryableError("x", { retryAfter: d as never }));
      expect(e.message).toMatch(/Invalid duration .* for RetryableError retryAfter/);
    },
  );

  it("RetryableError.from describes any cause", () => {
    expect(RetryableError.from(Object.create(null)).message).toMatch(/non-Error value/);
  });
});

describe("durations of the wrong shape", () => {
  it.each([
    ["5s", /a string is not a duration/],
    [{ mins: 5 }, /"mins" is not a unit/],
    [{ seconds: "5" }, /"seconds" is not a number/],
    [[5], /an array is not a duration/],
    [true, /a boolean is not a duration/],
    [null, /null is not a duration/],
  ])("%j is refused, not read as 0", (d, why) => {
    const e = refused(() => durationMs(d as never, "ctx.sleep"));
    expect(e.message).toMatch(why);
    expect(e.message).toMatch(/for ctx\.sleep/);
  });
});

describe("describeThrown never throws", () => {
  it("describes a value whose every trap throws", () => {
    const p = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error("t");
        },
        get() {
          throw new Error("t");
        },
        ownKeys() {
          throw new Error("t");
        },
        getOwnPropertyDescriptor() {
          throw new Error("t");
        },
      },
    );
    expect(describeThrown(p).message).toMatch(/non-Error value was thrown: object/);
  });

  it("shortens long renderings", () => {
    expect(describeThrown("x".repeat(10_000)).message.length).toBeLessThan(400);
  });
});

describe("failed attempts are logged rate-limited", () => {
  const context: LogContext = { service: "S", handler: "h", key: undefined, invocationId: "inv" };

  it("logs up to the burst per window, then counts what it left out in the next line", () => {
    let now = 0;
    const lines: string[] = [];
    const fields: unknown[] = [];
    const log = new AttemptFailureLog(
      {
        log: (_l, c, args) => {
          lines.push(String(args[0]));
          fields.push(c.fields);
        },
      },
      2,
      1000,
      () => now,
    );
    for (let i = 1; i <= 5; i++) log.failed({ context, attempt: i, code: 500, message: `e${i}` });
    expect(lines).toHaveLength(2);
    expect(fields[1]).toEqual({ attempt: "2", errorCode: "500" });
    now = 1000;
    log.failed({ context, attempt: 6, code: 500, message: "e6" });
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(
      /Attempt 6 .*e6 \(3 more failed attempts were not logged before this\)/,
    );
  });
});
