// Calls between services: typed client proxies over genericCall/genericSend, and rpc.opts().
import type { Serde } from "../serde/serde.js";
import type { Duration } from "./duration.js";
import { handlerMark, type PayloadSpec } from "./handler-options.js";
import type { GenericCall, GenericSend, InvocationHandle, InvocationPromise } from "./types.js";

export interface CallOptions<I = any, O = any> {
  idempotencyKey?: string;
  headers?: Record<string, string>;
  input?: Serde<I>;
  output?: Serde<O>;
  /** Entry name in the journal, for observability. */
  name?: string;
}

export interface SendOptions<I = any> extends Omit<CallOptions<I>, "output"> {
  /** Invoke the handler after this delay (durably, by the server). */
  delay?: Duration;
}

export class Opts<I = any, O = any> {
  readonly options: CallOptions<I, O>;
  constructor(options: CallOptions<I, O>) {
    this.options = options;
  }
}

export class SendOpts<I = any> {
  readonly options: SendOptions<I>;
  constructor(options: SendOptions<I>) {
    this.options = options;
  }
}

export const rpc = {
  opts: <I = any, O = any>(options: CallOptions<I, O>) => new Opts<I, O>(options),
  sendOpts: <I = any>(options: SendOptions<I>) => new SendOpts<I>(options),
};

type Rest<F> = F extends (ctx: any, ...args: infer A) => any ? A : never;
type Out<F> = F extends (...args: any[]) => infer R ? Awaited<R> : never;

/** Request/response client of a definition's handlers, inferred from their signatures. */
export type Client<THandlers> = {
  readonly [K in keyof THandlers]: (
    ...args: [...Rest<THandlers[K]>, opts?: Opts]
  ) => InvocationPromise<Out<THandlers[K]>>;
};

/** One-way client: each call returns a handle with the callee's invocation id. */
export type SendClient<THandlers> = {
  readonly [K in keyof THandlers]: (
    ...args: [...Rest<THandlers[K]>, opts?: SendOpts]
  ) => InvocationHandle;
};

/** The handlers of a definition type (or of a `{ handlers }` shape). */
export type HandlersOf<D> = D extends { readonly handlers: infer H } ? NonNullable<H> : never;

/** What a client needs of a definition; `handlers` is optional so a type-only reference works. */
export interface ClientTarget {
  readonly name: string;
  readonly handlers?: Record<string, unknown>;
}

export type PayloadResolver = (spec: PayloadSpec | undefined) => Serde<any> | undefined;

function serdesOf(target: ClientTarget, method: string, resolve: PayloadResolver) {
  const fn = target.handlers?.[method];
  const mark = typeof fn === "function" ? handlerMark(fn as never) : undefined;
  return { input: resolve(mark?.options.input), output: resolve(mark?.options.output) };
}

function splitArgs<T>(
  args: unknown[],
  optsClass: new (...a: any[]) => T,
): { input: unknown; opts: T | undefined } {
  const last = args[args.length - 1];
  if (args.length > 0 && last instanceof optsClass)
    return { input: args.length > 1 ? args[0] : undefined, opts: last };
  return { input: args[0], opts: undefined };
}

export function makeClient(
  target: ClientTarget,
  key: string | undefined,
  call: (c: GenericCall<unknown, unknown>) => InvocationPromise<unknown>,
  resolve: PayloadResolver,
): Client<any> {
  return new Proxy({} as Client<any>, {
    get(_t, method) {
      if (typeof method !== "string" || method === "then") return undefined;
      return (...args: unknown[]) => {
        const { input, opts } = splitArgs(args, Opts);
        const s = serdesOf(target, method, resolve);
        const o = opts?.options;
        const c: GenericCall<unknown, unknown> = { service: target.name, method, parameter: input };
        if (key !== undefined) c.key = key;
        const inSerde = o?.input ?? s.input;
        const outSerde = o?.output ?? s.output;
        if (inSerde) c.inputSerde = inSerde;
        if (outSerde) c.outputSerde = outSerde;
        if (o?.headers) c.headers = o.headers;
        if (o?.idempotencyKey !== undefined) c.idempotencyKey = o.idempotencyKey;
        if (o?.name !== undefined) c.name = o.name;
        return call(c);
      };
    },
  });
}

export function makeSendClient(
  target: ClientTarget,
  key: string | undefined,
  defaults: SendOptions | undefined,
  send: (c: GenericSend<unknown>) => InvocationHandle,
  resolve: PayloadResolver,
): SendClient<any> {
  return new Proxy({} as SendClient<any>, {
    get(_t, method) {
      if (typeof method !== "string" || method === "then") return undefined;
      return (...args: unknown[]) => {
        const { input, opts } = splitArgs(args, SendOpts);
        const o = { ...defaults, ...opts?.options };
        const s = serdesOf(target, method, resolve);
        const c: GenericSend<unknown> = { service: target.name, method, parameter: input };
        if (key !== undefined) c.key = key;
        const inSerde = o.input ?? s.input;
        if (inSerde) c.inputSerde = inSerde;
        if (o.headers) c.headers = o.headers;
        if (o.idempotencyKey !== undefined) c.idempotencyKey = o.idempotencyKey;
        if (o.name !== undefined) c.name = o.name;
        if (o.delay !== undefined) c.delay = o.delay;
        return send(c);
      };
    },
  });
}
