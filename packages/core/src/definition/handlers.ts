// `handlers.*`: attach options or a kind to a handler function.

import {
  type HandlerKind,
  type HandlerOptions,
  markHandler,
  type PayloadSpec,
} from "../context/handler-options.js";
import type {
  Context,
  ObjectContext,
  ObjectSharedContext,
  WorkflowContext,
  WorkflowSharedContext,
} from "../context/types.js";
import type { StandardSchemaV1 } from "../serde/standard-schema.js";

/** The part of a serde that {@link InferSpec} reads the value type from. */
type Deserializer<T> = { deserialize(data: Uint8Array): T };

/** The value type a serde or schema describes (`Fallback` when it describes none). */
export type InferSpec<S, Fallback = unknown> =
  S extends StandardSchemaV1<unknown, infer O> ? O : S extends Deserializer<infer T> ? T : Fallback;

type Fn<C, I, O> = (ctx: C, input: I) => Promise<O>;

function withKind(kind: HandlerKind | undefined) {
  function define<C, F extends Fn<C, any, any>>(fn: F): F;
  function define<
    C,
    TIn extends PayloadSpec | undefined,
    TOut extends PayloadSpec | undefined,
    I = any,
    O = any,
  >(
    options: HandlerOptions & { input?: TIn; output?: TOut },
    fn: Fn<C, InferSpec<TIn, I>, InferSpec<TOut, O>>,
  ): Fn<C, InferSpec<TIn, I>, InferSpec<TOut, O>>;
  function define(a: any, b?: any): any {
    return typeof a === "function" ? markHandler(a, kind, {}) : markHandler(b, kind, a ?? {});
  }
  return define;
}

interface Define<C> {
  <F extends (ctx: C, ...args: any[]) => Promise<any>>(fn: F): F;
  <F extends (ctx: C, ...args: any[]) => Promise<any>>(
    options: HandlerOptions & { input?: undefined; output?: undefined },
    fn: F,
  ): F;
  <
    TIn extends PayloadSpec | undefined = undefined,
    TOut extends PayloadSpec | undefined = undefined,
    I = any,
    O = any,
  >(
    options: HandlerOptions & { input?: TIn; output?: TOut },
    fn: Fn<C, InferSpec<TIn, I>, InferSpec<TOut, O>>,
  ): Fn<C, InferSpec<TIn, I>, InferSpec<TOut, O>>;
}

/**
 * The state shape declared by per-key schemas, for the context's type parameter:
 * `const state = { count: z.number() }; … (ctx: ObjectContext<InferState<typeof state>>) => …`.
 */
export type InferState<S extends Record<string, PayloadSpec>> = { [K in keyof S]: InferSpec<S[K]> };

/** Handler helpers, as in the official SDK: `handlers.handler(opts, fn)`, `handlers.object.shared(fn)`… */
export const handlers = {
  handler: withKind(undefined) as Define<Context>,
  object: {
    exclusive: withKind("exclusive") as Define<ObjectContext<any>>,
    shared: withKind("shared") as Define<ObjectSharedContext<any>>,
  },
  workflow: {
    workflow: withKind("workflow") as Define<WorkflowContext<any>>,
    shared: withKind("shared") as Define<WorkflowSharedContext<any>>,
  },
};
