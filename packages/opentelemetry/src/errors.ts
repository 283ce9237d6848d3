// Records an error on a span the same way everywhere: exception event, ERROR status, code.
import { type Span, SpanStatusCode } from "@opentelemetry/api";
import { ERROR_CODE } from "./attributes.js";

/** The code a Resolute error carries (TerminalError, RetryableError, ...); 500 otherwise. */
export function codeOf(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : 500;
}

export function recordError(span: Span, error: unknown, code = codeOf(error)): void {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error) span.recordException(error);
  span.setAttribute(ERROR_CODE, code);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}
