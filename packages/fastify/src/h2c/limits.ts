// What one peer may ask of a connection: how many streams at once, and how fast it may throw
// streams away (rapid reset, CVE-2023-44487).

/**
 * The SETTINGS_MAX_CONCURRENT_STREAMS we advertise; streams past it are refused with
 * REFUSED_STREAM. Set far above what the Restate server asks of one connection: resuming
 * 10,000 sleeping invocations at once, 1.7.12 opened 49 connections with at most 128 streams
 * on one (bench/h2c-hardening.js resume). Each open stream costs its invocation's memory, so
 * it is still a bound.
 */
export const MAX_CONCURRENT_STREAMS = 20_000;

/** The sliding window over which premature resets are counted. */
const RESET_WINDOW_MS = 10_000;

/**
 * Counts streams the peer resets before our response ended ("premature" resets). Opening and
 * at once resetting streams makes us start and abort work for each, while the streams never
 * count against MAX_CONCURRENT_STREAMS: that is the rapid-reset attack. A legitimate peer
 * resets a running stream only when it gives up on its invocation (a kill, the abort timeout,
 * a partition changing leader), and even a mass abort resets at most the streams it had open
 * at once, which MAX_CONCURRENT_STREAMS bounds. So the budget is that bound plus 1,000 per
 * 10 s: a peer that resets more than it could ever have had open, within 10 s, is flooding.
 * Such an attacker costs us at most ~2,000 stream starts per second per connection.
 *
 * The window slides as two fixed 10 s buckets, the previous one weighted by how much of it is
 * still inside the window; the clock is read only when a premature reset arrives.
 */
export class ResetBudget {
  private readonly limit: number;
  private readonly now: () => number;
  private bucketStart = 0;
  private current = 0;
  private previous = 0;

  constructor(limit = MAX_CONCURRENT_STREAMS + 1_000, now: () => number = Date.now) {
    this.limit = limit;
    this.now = now;
  }

  /** Records one premature reset; false when the budget is exceeded. */
  spend(): boolean {
    const t = this.now();
    const w = RESET_WINDOW_MS;
    const elapsed = t - this.bucketStart;
    if (elapsed >= w) {
      // The current bucket becomes the previous one, or both are stale after two windows.
      const stale = elapsed >= 2 * w;
      this.previous = stale ? 0 : this.current;
      this.current = 0;
      this.bucketStart = stale ? t : this.bucketStart + w;
    }
    this.current++;
    const stillInWindow = 1 - (t - this.bucketStart) / w;
    const estimate = this.current + this.previous * stillInWindow;
    return estimate <= this.limit;
  }
}
