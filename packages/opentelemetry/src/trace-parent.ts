// The parent of an attempt span: the W3C trace context the Restate server sends with the
// attempt (`traceparent`/`tracestate` HTTP headers, present when the server's own tracing is
// on), else the one the invocation was made with (e.g. the ingress request's headers). Parsed
// here rather than through the global propagator, which is a no-op until an SDK registers one.
import {
  type Context,
  createTraceState,
  ROOT_CONTEXT,
  type SpanContext,
  trace,
} from "@opentelemetry/api";
import type { Request } from "@resolute/core";

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const INVALID_TRACE = "00000000000000000000000000000000";
const INVALID_SPAN = "0000000000000000";

export function parentContext(request: Request, fallback: Context): Context {
  const remote =
    spanContextOf(
      header(request.attemptHeaders, "traceparent"),
      header(request.attemptHeaders, "tracestate"),
    ) ?? spanContextOf(request.headers.get("traceparent"), request.headers.get("tracestate"));
  return remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : fallback;
}

function header(
  headers: ReadonlyMap<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const v = headers.get(name);
  return Array.isArray(v) ? v[0] : v;
}

/** A remote span context from `traceparent` (version 00 and later), or undefined if invalid. */
export function spanContextOf(
  traceparent: string | undefined,
  tracestate: string | undefined,
): SpanContext | undefined {
  if (traceparent === undefined) return undefined;
  const m = TRACEPARENT.exec(traceparent.trim());
  if (!m || m[1] === "ff" || m[2] === INVALID_TRACE || m[3] === INVALID_SPAN) return undefined;
  const ctx: SpanContext = {
    traceId: m[2]!,
    spanId: m[3]!,
    traceFlags: Number.parseInt(m[4]!, 16),
    isRemote: true,
  };
  if (tracestate) ctx.traceState = createTraceState(tracestate);
  return ctx;
}
