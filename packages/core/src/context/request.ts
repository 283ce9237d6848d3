// What a handler learns about the request that started its invocation. Kept apart from the
// context interfaces so hooks can name it without depending on the whole context.

/** The id the Restate server gives an invocation, e.g. `inv_1abc...`. */
export type InvocationId = string;

/** The request of the current invocation (`ctx.request()`): id, headers, attempt headers, raw body and the attempt's end signal. */
export interface Request {
  readonly id: InvocationId;
  /** The headers the invocation was made with (ingress or caller). */
  readonly headers: ReadonlyMap<string, string>;
  /** The headers of this attempt's HTTP request from the Restate server. */
  readonly attemptHeaders: ReadonlyMap<string, string | string[] | undefined>;
  readonly body: Uint8Array;
  readonly extraArgs: unknown[];
  /** Aborts when this attempt ends (completed, suspended or failed). */
  readonly attemptCompletedSignal: AbortSignal;
}
