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

export function durationMs(d: Duration): number {
  const ms =
    typeof d === "number"
      ? d
      : (d.days ?? 0) * 86_400_000 +
        (d.hours ?? 0) * 3_600_000 +
        (d.minutes ?? 0) * 60_000 +
        (d.seconds ?? 0) * 1000 +
        (d.milliseconds ?? 0);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(
      `Invalid duration ${JSON.stringify(d)}: use a finite, non-negative number of milliseconds.`,
    );
  }
  return Math.round(ms);
}
