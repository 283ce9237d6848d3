// Per-attempt time limits: how long one attempt may wait for the response headers before the
// client gives up on that node. Requests the ingress answers at once (a send is acknowledged when
// the invocation is accepted) get a limit by default, since a hung node would otherwise stall
// every request that round-robin sends to it, forever. Requests that wait for a handler's result
// (a call, attach) get none by default: their headers only come when the handler is done, which
// may legitimately take minutes or days, so only the caller can know a sensible bound.
import { type Duration, durationMs } from "@resolute/core";

/** Default per-attempt limit of requests the ingress answers at once, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Per-attempt limits in ms; undefined: no limit. */
export interface AttemptTimeouts {
  /** Sends, workflowSubmit, output reads, awakeable completions. */
  answer: number | undefined;
  /** Calls, result, workflowAttach, idempotentResult: they wait for the handler to finish. */
  result: number | undefined;
}

export function attemptTimeouts(
  timeout: Duration | null | undefined,
  resultTimeout: Duration | null | undefined,
): AttemptTimeouts {
  return {
    answer: timeout === undefined ? DEFAULT_TIMEOUT_MS : limit(timeout, "timeout"),
    result: resultTimeout === undefined ? undefined : limit(resultTimeout, "resultTimeout"),
  };
}

function limit(value: Duration | null, name: string): number | undefined {
  if (value === null) return undefined;
  const ms = durationMs(value, `connect() option ${name}`);
  if (ms === 0) {
    throw new TypeError(
      `connect(): ${name} must be more than 0 ms (use null for no limit); got ${JSON.stringify(value)}.`,
    );
  }
  return ms;
}
