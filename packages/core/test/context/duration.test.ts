import { describe, expect, it } from "vitest";
import { durationMs } from "../../src/context/duration.js";

describe("durations", () => {
  it.each([
    [0, 0],
    [1500, 1500],
    [{ milliseconds: 5 }, 5],
    [{ seconds: 5 }, 5000],
    [{ minutes: 2, seconds: 1 }, 121_000],
    [{ hours: 1 }, 3_600_000],
    [{ days: 3 }, 259_200_000],
    [{ days: 1, hours: 1, minutes: 1, seconds: 1, milliseconds: 1 }, 90_061_001],
    [{ seconds: 0.0004 }, 0],
  ])("%j is %d ms", (d, ms) => {
    expect(durationMs(d)).toBe(ms);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], [{ seconds: -2 }]])(
    "%j is refused with a clear message",
    (d) => {
      expect(() => durationMs(d)).toThrow(
        /Invalid duration .*finite, non-negative number of milliseconds/,
      );
    },
  );
});
