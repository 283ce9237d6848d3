// Per-attempt time limits: how long one attempt may wait for the response headers before the
// client gives up on that node. Requests the ingress answers at once (a send is acknowledged when
// the invocation is accepted) get a limit by default, since a hung node would otherwise stall
// every request that round-robin sends to it, forever. Requests that wait for a handler's result
// (a call, attach) get none by default: their headers only come when the handler is done, which
// may legitimately take minutes or days, so only the caller can know a sensible bound.
import { type Duration, durationMs, ResoluteError } from "@resolute/core";

/** Default per-attempt limit of requests the ingress answers at once, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Per-attempt limits in ms; undefined: no limit. */
export interface AttemptTimeouts {
  /** Sends, workflowSubmit, output reads, awakeable completions. */
  answer: number | undefined;
  /** Calls, result, workflowAttach, idempotentResult: they wait for the handler to finish. */
  result: number | undefined;
}

const DEFAULTS: AttemptTimeouts = { answer: DEFAULT_TIMEOUT_MS, result: undefined };

/** The limits of `options`; an option left out keeps its value in `base` (the defaults, or the client's). */
export function attemptTimeouts(
  options: { timeout?: Duration | null | undefined; resultTimeout?: Duration | null | undefined },
  base: AttemptTimeouts = DEFAULTS,
): AttemptTimeouts {
  const { timeout, resultTimeout } = options;
  return {
    answer: timeout === undefined ? base.answer : limit(timeout, "timeout"),
    result: resultTimeout === undefined ? base.result : limit(resultTimeout, "resultTimeout"),
  };
}

function limit(value: Duration | null, name: string): number | undefined {
  if (value === null) return undefined;
  const ms = durationMs(value, `the client option ${name}`);
  if (ms === 0) {
    throw new ResoluteError(
      "RES_ERR_INVALID_ARGUMENT",
      `The client option ${name} must be more than 0 ms (use null for no limit); got ${JSON.stringify(value)}.`,
    );
  }
  return ms;
}
