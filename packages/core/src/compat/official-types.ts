// Type names of the official SDK's public surface that map onto Resolute's own types, so that
// annotations in ported code keep compiling. Each is an alias (or a small derived type), never a
// second definition: what Resolute's types accept, these accept.
import type { CallOptions, SendOptions } from "../context/clients.js";
import type { HandlerOptions } from "../context/handler-options.js";
import type {
  Context,
  ObjectContext,
  ObjectSharedContext,
  TypedState,
  UntypedState,
  WorkflowContext,
  WorkflowSharedContext,
} from "../context/types.js";
import type {
  Definition,
  ObjectDefinition,
  ServiceDefinition,
  ServiceOptions,
  WorkflowDefinition,
} from "../definition/definitions.js";

/** Options of a client call (official name); see {@link CallOptions}. */
export type ClientCallOptions<I = any, O = any> = CallOptions<I, O>;
/** Options of a one-way send (official name); see {@link SendOptions}. */
export type ClientSendOptions<I = any> = SendOptions<I>;

/** Options of one service handler (official name); see {@link HandlerOptions}. */
export type ServiceHandlerOpts<I = any, O = any> = HandlerOptions<I, O>;
/** Options of one virtual-object handler (official name); see {@link HandlerOptions}. */
export type ObjectHandlerOpts<I = any, O = any> = HandlerOptions<I, O>;
/** Options of one workflow handler (official name); see {@link HandlerOptions}. */
export type WorkflowHandlerOpts<I = any, O = any> = HandlerOptions<I, O>;

/** Options of a virtual object (official name); the same options as a service's. */
export type ObjectOptions = ServiceOptions;
/** Options of a workflow (official name); the same options as a service's. */
export type WorkflowOptions = ServiceOptions;
/** Options applied to every service of an endpoint (official name). */
export type DefaultServiceOptions = ServiceOptions;

/** A virtual object's definition (official name); see {@link ObjectDefinition}. */
export type VirtualObjectDefinition<
  TName extends string = string,
  THandlers = any,
> = ObjectDefinition<TName, THandlers>;

/** The handlers of a definition (or the handler map itself when given one). */
type HandlersOfDefinition<D> = D extends Definition<string, infer H> ? H : D;
/** The handler map of a service definition, e.g. `Service<typeof greeter>`. */
export type Service<D> = HandlersOfDefinition<D>;
/** The handler map of a virtual object's definition. */
export type VirtualObject<D> = HandlersOfDefinition<D>;
/** The handler map of a workflow's definition. */
export type Workflow<D> = HandlersOfDefinition<D>;

/** A service definition, or the definition a bare handler map would have. */
export type ServiceDefinitionFrom<M> = M extends Definition ? M : ServiceDefinition<string, M>;
/** A virtual object's definition, or the definition a bare handler map would have. */
export type VirtualObjectDefinitionFrom<M> = M extends Definition ? M : ObjectDefinition<string, M>;
/** A workflow's definition, or the definition a bare handler map would have. */
export type WorkflowDefinitionFrom<M> = M extends Definition ? M : WorkflowDefinition<string, M>;

/** `F` when it is a handler taking context `C` (and at most one input), else the general shape. */
type HandlerFor<F, C> = F extends (ctx: C, input: any) => Promise<any>
  ? F
  : F extends (ctx: C) => Promise<any>
    ? F
    : (ctx: C, input?: any) => Promise<any>;
/** A service handler's shape (official name). */
export type ServiceHandler<F, C = Context> = HandlerFor<F, C>;
/** An exclusive virtual-object handler's shape (official name). */
export type ObjectHandler<F, C = ObjectContext> = HandlerFor<F, C>;
/** A shared virtual-object handler's shape (official name). */
export type ObjectSharedHandler<F, C = ObjectSharedContext> = HandlerFor<F, C>;
/** A workflow `run` handler's shape (official name). */
export type WorkflowHandler<F, C = WorkflowContext> = HandlerFor<F, C>;
/** A workflow shared handler's shape (official name). */
export type WorkflowSharedHandler<F, C = WorkflowSharedContext> = HandlerFor<F, C>;

/** A service's handler map, each checked to be a handler (official name). */
export type ServiceOpts<U> = { [K in keyof U]: ServiceHandler<U[K], Context> };
/** A virtual object's handler map, exclusive or shared handlers (official name). */
export type ObjectOpts<U> = {
  [K in keyof U]: U[K] extends ObjectHandler<U[K], ObjectContext<any>>
    ? U[K]
    : ObjectHandler<U[K], ObjectSharedContext<any>>;
};
/** A workflow's handler map: `run` takes a WorkflowContext, the others a shared one. */
export type WorkflowOpts<U> = {
  [K in keyof U]: K extends "run"
    ? WorkflowHandler<U[K], WorkflowContext<any>>
    : WorkflowSharedHandler<U[K], WorkflowSharedContext<any>>;
};

/** A handler type whose input is `void`, without its input parameter (official helper). */
export type RemoveVoidArgument<F> = F extends (ctx: infer C, input: infer A) => infer R
  ? A extends void
    ? (ctx: C) => R
    : F
  : F;
/** The first element of an argument tuple, `unknown` for none (official helper). */
export type InferArg<P> = P extends [infer A, ...any[]] ? A : unknown;

/** The state operations of an object or workflow context (official name). */
export type KeyValueStore<TState extends TypedState = UntypedState> = Pick<
  ObjectContext<TState>,
  "get" | "set" | "clear" | "clearAll" | "stateKeys"
>;

// Former names of the context types, deprecated in the official SDK too.
/** @deprecated Use {@link Context}. */
export type RestateContext = Context;
/** @deprecated Use {@link ObjectContext}. */
export type RestateObjectContext = ObjectContext;
/** @deprecated Use {@link ObjectSharedContext}. */
export type RestateObjectSharedContext = ObjectSharedContext;
/** @deprecated Use {@link WorkflowContext}. */
export type RestateWorkflowContext = WorkflowContext;
/** @deprecated Use {@link WorkflowSharedContext}. */
export type RestateWorkflowSharedContext = WorkflowSharedContext;
