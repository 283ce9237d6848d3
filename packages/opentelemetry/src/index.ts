/**
 * @module @resolute/opentelemetry
 * OpenTelemetry tracing for Resolute handlers: one span per attempt, joined to the trace the
 * Restate server sends; one per executed ctx.run; calls, sends, sleeps, awakeables, promises
 * and state access as child spans or events.
 *
 * @example
 * import { openTelemetry } from "@resolute/opentelemetry";
 * const ep = endpoint().bind(greeter).withHooks(openTelemetry({ tracer }));
 */
export { openTelemetry } from "./open-telemetry.js";
export type { OpenTelemetryOptions } from "./options.js";
