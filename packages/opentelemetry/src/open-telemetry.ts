// The hooks provider: per attempt, a SERVER span `<Service>/<handler>` whose parent is the
// trace context the Restate server sent, active while the handler runs; per executed ctx.run,
// a child span active inside the closure; durable operations as spans or events (see
// operations.ts); and trace/span ids on ctx.console lines.
import {
  type Attributes,
  context,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import {
  type Attempt,
  type Hooks,
  type HooksProvider,
  type Request,
  type RunInfo,
  TerminalError,
} from "@resolute/core";
import {
  INVOCATION_ID,
  INVOCATION_TARGET,
  JOURNAL_INDEX,
  JOURNAL_LENGTH,
  OUTCOME,
  REPLAYING,
  RETRY_COUNT,
  RPC_METHOD,
  RPC_SERVICE,
  RPC_SYSTEM,
  RUN_ATTEMPT,
  RUN_NAME,
} from "./attributes.js";
import { codeOf, recordError } from "./errors.js";
import { OperationSpans } from "./operations.js";
import type { OpenTelemetryOptions } from "./options.js";
import { parentContext } from "./trace-parent.js";

const TRACER_NAME = "@resolute/opentelemetry";

/**
 * Traces Resolute handlers with OpenTelemetry. Pass the result to `endpoint().withHooks(...)`
 * or to a service's or handler's `hooks` option.
 *
 * @example
 * const ep = endpoint().bind(greeter).withHooks(openTelemetry({ tracer }));
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): HooksProvider {
  const operations = options.operations ?? true;
  const logFields = options.logFields ?? true;
  let tracer = options.tracer;
  return ({ request, attempt }) => {
    // Resolved lazily so a provider registered after this call is still used.
    tracer ??= trace.getTracer(TRACER_NAME);
    return attemptHooks(tracer, request, attempt, operations, logFields);
  };
}

function attemptHooks(
  tracer: Tracer,
  request: Request,
  attempt: Attempt,
  withOperations: boolean,
  withLogFields: boolean,
): Hooks {
  const ops = withOperations ? new OperationSpans(tracer) : undefined;
  const hooks: Hooks = {
    interceptor: {
      // The span starts here, not when the provider is called: if an outer hook fails before
      // running this attempt, no span is left open.
      handler: async (next) => {
        const parent = parentContext(request, context.active());
        const span = tracer.startSpan(
          `${attempt.service}/${attempt.handler}`,
          { kind: SpanKind.SERVER, attributes: attemptAttributes(attempt) },
          parent,
        );
        ops?.start(span);
        try {
          await context.with(trace.setSpan(parent, span), next);
          endAttempt(span, attempt, undefined);
        } catch (e) {
          endAttempt(span, attempt, e);
          throw e;
        } finally {
          ops?.endPending();
          span.end();
        }
      },
      run: (name, next, info) => runSpan(tracer, name, next, info),
    },
  };
  if (ops) hooks.observer = ops;
  if (withLogFields) hooks.logFields = currentIds;
  return hooks;
}

function attemptAttributes(a: Attempt): Attributes {
  return {
    [RPC_SYSTEM]: "restate",
    [RPC_SERVICE]: a.service,
    [RPC_METHOD]: a.handler,
    [INVOCATION_ID]: a.invocationId,
    [INVOCATION_TARGET]:
      a.key === undefined ? `${a.service}/${a.handler}` : `${a.service}/${a.key}/${a.handler}`,
    [JOURNAL_LENGTH]: a.journalLength,
    [REPLAYING]: a.replaying,
    [RETRY_COUNT]: a.retryCount,
  };
}

/** Sets the attempt span's outcome from how the attempt closed and what the handler threw. */
function endAttempt(span: Span, attempt: Attempt, error: unknown): void {
  const reason = attempt.closeReason;
  if (reason === "suspended") {
    // Waiting is not failing: the server resumes the invocation in a new attempt. The status
    // stays unset (OpenTelemetry keeps a status message only for errors); outcome and event
    // say it suspended.
    span.setAttribute(OUTCOME, "suspended");
    span.addEvent("suspended");
  } else if (reason === "error") {
    const failure = attempt.failure;
    span.setAttribute(OUTCOME, "retry");
    recordError(span, error ?? new Error(failure?.message), failure?.code ?? codeOf(error));
  } else if (error !== undefined) {
    span.setAttribute(OUTCOME, "failure");
    recordError(span, error);
  } else {
    // Instrumentation leaves success unset; OK is the application's to set.
    span.setAttribute(OUTCOME, "success");
  }
}

async function runSpan(
  tracer: Tracer,
  name: string,
  next: () => Promise<void>,
  info: RunInfo,
): Promise<void> {
  const parent = context.active();
  const span = tracer.startSpan(
    name === "" ? "run" : `run ${name}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: { [RUN_NAME]: name, [RUN_ATTEMPT]: info.attempt, [JOURNAL_INDEX]: info.index },
    },
    parent,
  );
  try {
    await context.with(trace.setSpan(parent, span), next);
    span.setAttribute(OUTCOME, "success");
  } catch (e) {
    // A TerminalError is the step's journaled failure; anything else is retried.
    span.setAttribute(OUTCOME, e instanceof TerminalError ? "failure" : "retry");
    recordError(span, e);
    throw e;
  } finally {
    span.end();
  }
}

function currentIds(): Record<string, string> | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const c = span.spanContext();
  return { trace_id: c.traceId, span_id: c.spanId };
}
