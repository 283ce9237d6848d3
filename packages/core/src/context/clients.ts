// The typed clients of a definition's handlers, and the options a call takes as its last
// argument (`rpc.opts`, `rpc.sendOpts`). Shared by calls between services (the context) and
// calls from outside (the ingress client), so both infer and split arguments the same way.
import type { Serde } from "../serde/serde.js";
import type { Duration } from "./duration.js";
import type { InvocationHandle, InvocationPromise } from "./promise-types.js";

/** Options of one call (`rpc.opts(...)`): idempotency key, headers, and serdes for input and output. */
export interface CallOptions<I = any, O = any> {
  idempotencyKey?: string;
  headers?: Record<string, string>;
  input?: Serde<I>;
  output?: Serde<O>;
  /** Entry name in the journal, for observability. */
  name?: string;
}

/** Options of one send (`rpc.sendOpts(...)`): those of a call, plus a delay. */
export interface SendOptions<I = any> extends Omit<CallOptions<I>, "output"> {
  /** Invoke the handler after this delay (durably, by the server). */
  delay?: Duration;
}

/** Call options wrapped for the last argument of a client method; made by `rpc.opts`. */
export class Opts<I = any, O = any> {
  readonly options: CallOptions<I, O>;
  constructor(options: CallOptions<I, O>) {
    this.options = options;
  }
}

/** Send options wrapped for the last argument of a send client method; made by `rpc.sendOpts`. */
export class SendOpts<I = any> {
  readonly options: SendOptions<I>;
  constructor(options: SendOptions<I>) {
    this.options = options;
  }
}

/** Per-call options: `rpc.opts({ idempotencyKey, headers })` for calls, `rpc.sendOpts({ delay })` for sends. */
export const rpc = {
  /** Options of one call: `rpc.opts({ idempotencyKey, headers, input, output })`. */
  opts: <I = any, O = any>(options: CallOptions<I, O>) => new Opts<I, O>(options),
  /** Options of one send: `rpc.sendOpts({ delay, idempotencyKey, headers })`. */
  sendOpts: <I = any>(options: SendOptions<I>) => new SendOpts<I>(options),
};

/** The arguments a handler takes after its context: `[input]`, `[input?]` or `[]`. */
export type HandlerArgs<F> = F extends (ctx: any, ...args: infer A) => any ? A : never;
/** What a handler's promise resolves to. */
export type HandlerResult<F> = F extends (...args: any[]) => infer R ? Awaited<R> : never;

/** The handlers of a definition type (or of a `{ handlers }` shape). */
export type HandlersOf<D> = D extends { readonly handlers: infer H } ? NonNullable<H> : never;

/** Request/response client of a definition's handlers, inferred from their signatures. */
export type Client<THandlers> = {
  readonly [K in keyof THandlers]: (
    ...args: [...HandlerArgs<THandlers[K]>, opts?: Opts]
  ) => InvocationPromise<HandlerResult<THandlers[K]>>;
};

/** One-way client: each call returns a handle with the callee's invocation id. */
export type SendClient<THandlers> = {
  readonly [K in keyof THandlers]: (
    ...args: [...HandlerArgs<THandlers[K]>, opts?: SendOpts]
  ) => InvocationHandle;
};

/** What a client needs of a definition; `handlers` is optional so a type-only reference works. */
export interface ClientTarget {
  readonly name: string;
  readonly handlers?: Record<string, unknown>;
}

/**
 * Splits a client call's arguments into the handler's input and the trailing options object:
 * an options object is recognised by its class, so an input that merely looks like options is
 * still sent as input.
 */
export function splitArgs<T>(
  args: readonly unknown[],
  optsClass: new (...a: any[]) => T,
): { input: unknown; opts: T | undefined } {
  const last = args[args.length - 1];
  if (args.length > 0 && last instanceof optsClass)
    return { input: args.length > 1 ? args[0] : undefined, opts: last };
  return { input: args[0], opts: undefined };
}
