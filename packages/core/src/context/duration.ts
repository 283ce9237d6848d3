import { ResoluteError } from "../errors/resolute-error.js";

/** A duration in milliseconds, or as parts that add up. */
export type Duration =
  | number
  | {
      days?: number;
      hours?: number;
      minutes?: number;
      seconds?: number;
      milliseconds?: number;
    };

const UNIT_MS: Readonly<Record<string, number>> = {
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

function invalid(what: string, d: unknown, problem: string): ResoluteError {
  let shown: string;
  try {
    shown = typeof d === "string" ? JSON.stringify(d) : (JSON.stringify(d) ?? String(d));
  } catch {
    shown = typeof d;
  }
  return new ResoluteError(
    "RES_ERR_INVALID_ARGUMENT",
    `Invalid duration ${shown} for ${what}: ${problem}. Use a finite, non-negative number of milliseconds, or an object such as { seconds: 5 } with only days, hours, minutes, seconds and milliseconds.`,
  );
}

/**
 * Milliseconds of a duration, checked: a wrong shape (a string, an unknown unit, a non-number
 * part) is refused rather than read as 0, which would silently turn "5s" into no wait at all.
 */
export function durationMs(d: Duration, what = "a duration"): number {
  let ms: number;
  if (typeof d === "number") {
    ms = d;
  } else if (typeof d === "object" && d !== null && !Array.isArray(d)) {
    ms = 0;
    for (const [unit, amount] of Object.entries(d)) {
      const factor = UNIT_MS[unit];
      if (factor === undefined) throw invalid(what, d, `"${unit}" is not a unit`);
      if (amount === undefined) continue;
      if (typeof amount !== "number") throw invalid(what, d, `"${unit}" is not a number`);
      ms += amount * factor;
    }
  } else {
    const kind = d === null ? "null" : Array.isArray(d) ? "an array" : `a ${typeof d}`;
    throw invalid(what, d, `${kind} is not a duration`);
  }
  if (!Number.isFinite(ms) || ms < 0) throw invalid(what, d, "it is negative or not finite");
  return Math.round(ms);
}
