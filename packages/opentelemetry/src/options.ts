import type { Tracer } from "@opentelemetry/api";

/** Options of `openTelemetry()`: the tracer, whether operations become span events, and log fields. */
export interface OpenTelemetryOptions {
  /** Where spans go; default: the global tracer provider's tracer for this package. */
  tracer?: Tracer;
  /**
   * Spans for calls, sends, attaches, sleeps, awakeables, signals, workflow promises and
   * state reads, and span events for state writes and other one-way operations (default on).
   */
  operations?: boolean;
  /** `trace_id` and `span_id` on every ctx.console line (default on). */
  logFields?: boolean;
}
