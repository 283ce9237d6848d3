// Durable operations as spans or span events. An operation with a result (a call, a sleep, a
// state read, ...) becomes a child span from the moment the handler issued it until its
// result reached the attempt, so its duration is what the operation took. One-way operations
// (state writes, resolving an awakeable, cancelling) have no duration: they become events on
// the current span. Replayed operations were traced by the attempt that issued them: skipped.
import {
  context,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { Observer, Operation, OperationEnd } from "@resolute/core";
import {
  CALLEE_INVOCATION_ID,
  DELAY_MS,
  ERROR_CODE,
  OPERATION,
  OUTCOME,
  RPC_METHOD,
  RPC_SERVICE,
  RPC_SYSTEM,
  TARGET,
} from "./attributes.js";

export class OperationSpans implements Observer {
  private readonly tracer: Tracer;
  private attemptSpan: Span | undefined;
  /** Spans still waiting for their result; ended as pending when the attempt ends. */
  private readonly open = new Map<Span, Operation>();

  constructor(tracer: Tracer) {
    this.tracer = tracer;
  }

  /** The attempt's span started: operations from now on belong to it. */
  start(attemptSpan: Span): void {
    this.attemptSpan = attemptSpan;
  }

  operation(op: Operation): ((end: OperationEnd) => void) | undefined {
    if (op.replayed || this.attemptSpan === undefined) return undefined;
    const active = context.active();
    if (!WAITS[op.method]) {
      const on = trace.getSpan(active) ?? this.attemptSpan;
      on.addEvent(op.method, { [OPERATION]: op.method, [TARGET]: op.target });
      return undefined;
    }
    const remote = op.kind === "call" || op.kind === "send" || op.kind === "attach";
    const span = this.tracer.startSpan(
      op.target === "" ? op.method : `${op.method} ${op.target}`,
      { kind: remote ? SpanKind.CLIENT : SpanKind.INTERNAL, attributes: attributesOf(op) },
      trace.getSpan(active) ? active : trace.setSpan(active, this.attemptSpan),
    );
    this.open.set(span, op);
    return (end) => {
      if (!this.open.delete(span)) return;
      this.finish(span, op);
      if (end.failure) {
        span.setAttribute(ERROR_CODE, end.failure.code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: end.failure.message });
        span.setAttribute(OUTCOME, "failure");
      } else {
        span.setAttribute(OUTCOME, "success");
      }
      span.end();
    };
  }

  /** The attempt ended: operations still waiting end here, marked pending. */
  endPending(): void {
    for (const [span, op] of this.open) {
      this.finish(span, op);
      span.setAttribute(OUTCOME, "pending");
      span.end();
    }
    this.open.clear();
  }

  private finish(span: Span, op: Operation): void {
    if (op.kind !== "call" && op.kind !== "send") return;
    const id = op.calleeInvocationId();
    if (id !== undefined) span.setAttribute(CALLEE_INVOCATION_ID, id);
  }
}

/** Methods whose result the attempt receives (the others are one-way). */
const WAITS: Record<string, boolean> = {
  call: true,
  send: true,
  attach: true,
  sleep: true,
  awakeable: true,
  signal: true,
  get: true,
  stateKeys: true,
  "promise.get": true,
  "promise.peek": true,
  "promise.complete": true,
};

function attributesOf(op: Operation): Record<string, string | number> {
  const a: Record<string, string | number> = { [OPERATION]: op.method, [TARGET]: op.target };
  if (op.kind === "call" || op.kind === "send") {
    const parts = op.target.split("/");
    a[RPC_SYSTEM] = "restate";
    a[RPC_SERVICE] = parts[0]!;
    a[RPC_METHOD] = parts[parts.length - 1]!;
  }
  if (op.delayMs !== undefined) a[DELAY_MS] = op.delayMs;
  return a;
}
