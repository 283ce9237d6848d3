// PauseError inside ctx.run pauses the invocation (ErrorMessage behavior 1), whatever the run's
// retry policy; thrown from the handler itself it is an ordinary retryable failure.
import { describe, expect, it } from "vitest";
import { type Context, endpoint, PauseError, service } from "../../src/index.js";
import { decodeMessage, encodeFrame } from "../../src/protocol/codec.js";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { ErrorBehavior } from "../../src/protocol/messages.js";
import { invokeOnce, json } from "../endpoint/invoke-once.js";
import { toHex } from "../support/vectors.js";

describe("ErrorMessage.behavior (field 9)", () => {
  it("encodes pause as field 9, varint 1, after the other fields", () => {
    const msg = {
      code: 500,
      message: "p",
      relatedCommandIndex: 1,
      behavior: ErrorBehavior.PAUSE,
    };
    const frame = encodeFrame(M.Error, msg);
    // type 0x0002, flags 0, length 10; code 500 (08 f4 03), message "p" (12 01 70),
    // relatedCommandIndex 1 (20 01), behavior 1 (48 01).
    expect(toHex(frame)).toBe("00020000000000" + "0a" + "08f403" + "120170" + "2001" + "4801");
    expect(decodeMessage(M.Error, frame.subarray(8))).toEqual(msg);
  });

  it("leaves the default (retry) off the wire, as proto3 does", () => {
    const frame = encodeFrame(M.Error, { code: 500, behavior: ErrorBehavior.RETRY });
    expect(toHex(frame)).toBe("000200000000000308f403");
  });
});

const pausing = (policy: boolean) =>
  endpoint().bind(
    service({
      name: "P",
      handlers: {
        step: async (ctx: Context) =>
          ctx.run(
            "charge card",
            () => {
              throw new PauseError("card revoked", { errorCode: 503 });
            },
            policy ? { maxRetryAttempts: 1 } : undefined,
          ),
        direct: async () => {
          throw new PauseError("not in a run");
        },
      },
    }),
  );

describe("PauseError", () => {
  for (const policy of [false, true]) {
    it(`in ctx.run ${policy ? "with maxRetryAttempts 1" : "without a policy"}: pauses, nothing journaled`, async () => {
      const a = await invokeOnce(pausing(policy), "/invoke/P/step", json(null));
      const err = a.frames.find((f) => f.type === M.Error)?.msg;
      expect(err).toMatchObject({
        code: 503,
        message: "card revoked",
        relatedCommandIndex: 1,
        relatedCommandName: "charge card",
        relatedCommandType: M.RunCommand,
        behavior: ErrorBehavior.PAUSE,
      });
      expect(err?.nextRetryDelay).toBeUndefined();
      expect(a.frames.some((f) => f.type === M.ProposeRunCompletion)).toBe(false);
      expect(a.failure).toBeUndefined();
    });
  }

  it("is logged once as a pause, not as an attempt the server will retry", async () => {
    const lines: string[] = [];
    const logger = {
      log: (_l: string, _c: unknown, args: readonly unknown[]) => lines.push(String(args[0])),
    };
    await invokeOnce(pausing(false), "/invoke/P/step", json(null), { logger });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /PauseError in ctx.run "charge card": the server pauses the invocation until it is resumed\. \[503\] card revoked/,
    );
    expect(lines[0]).not.toMatch(/will retry/);
  });

  it("thrown by the handler itself: an ordinary retryable failure, as in the official SDK", async () => {
    const a = await invokeOnce(pausing(false), "/invoke/P/direct", json(null));
    const err = a.frames.find((f) => f.type === M.Error)?.msg;
    expect(err?.message).toBe("not in a run");
    expect(err?.behavior).toBeUndefined();
  });
});
