/**
 * @module @resolute/core
 * Definitions, context types, the endpoint builder, serde and errors for Resolute.
 *
 * @example
 * import { endpoint, service, type Context } from "@resolute/core";
 * const greeter = service({
 *   name: "Greeter",
 *   handlers: { greet: async (ctx: Context, name: string) => `Hello ${name}` },
 * });
 * const ep = endpoint().bind(greeter);
 *
 * Plumbing for adapters, clients and test harnesses is in `@resolute/core/adapter`; the wire
 * protocol is in `@resolute/core/protocol`.
 */

export { CombineablePromise } from "./compat/combineable-promise.js";
export {
  createObjectHandler,
  createObjectSharedHandler,
  createServiceHandler,
  createWorkflowHandler,
  createWorkflowSharedHandler,
} from "./compat/handler-factories.js";
export { InvocationIdParser } from "./compat/invocation-id-parser.js";
export type {
  ClientCallOptions,
  ClientSendOptions,
  DefaultServiceOptions,
  InferArg,
  KeyValueStore,
  ObjectHandler,
  ObjectHandlerOpts,
  ObjectOptions,
  ObjectOpts,
  ObjectSharedHandler,
  RemoveVoidArgument,
  RestateContext,
  RestateObjectContext,
  RestateObjectSharedContext,
  RestateWorkflowContext,
  RestateWorkflowSharedContext,
  Service,
  ServiceDefinitionFrom,
  ServiceHandler,
  ServiceHandlerOpts,
  ServiceOpts,
  VirtualObject,
  VirtualObjectDefinition,
  VirtualObjectDefinitionFrom,
  Workflow,
  WorkflowDefinitionFrom,
  WorkflowHandler,
  WorkflowHandlerOpts,
  WorkflowOptions,
  WorkflowOpts,
  WorkflowSharedHandler,
} from "./compat/official-types.js";
export {
  type CallOptions,
  type Client,
  type ClientTarget,
  type HandlersOf,
  Opts,
  rpc,
  type SendClient,
  type SendOptions,
  SendOpts,
} from "./context/clients.js";
export { isRestatePromise, RestatePromise } from "./context/durable-promise.js";
export { type Duration, durationMs } from "./context/duration.js";
export type {
  HandlerKind,
  HandlerOptions,
  PayloadSpec,
  RetryPolicy,
} from "./context/handler-options.js";
export type {
  Attempt,
  Hooks,
  HooksProvider,
  Interceptor,
  Observer,
  Operation,
  OperationEnd,
  OperationKind,
  RunInfo,
} from "./context/hooks.js";
export { consoleSink, type LogContext, type LogLevel, type LogSink } from "./context/logging.js";
export type {
  Context,
  ContextConsole,
  ContextDate,
  DurablePromise,
  GenericCall,
  GenericSend,
  InvocationHandle,
  InvocationId,
  InvocationPromise,
  InvocationReference,
  ObjectContext,
  ObjectSharedContext,
  Rand,
  Request,
  RunAction,
  RunContext,
  RunOptions,
  SignalReference,
  TypedState,
  UntypedState,
  WorkflowContext,
  WorkflowSharedContext,
} from "./context/types.js";
export {
  type Definition,
  type DefinitionKind,
  type ObjectDefinition,
  object,
  type ServiceDefinition,
  type ServiceOptions,
  service,
  type WorkflowDefinition,
  workflow,
} from "./definition/definitions.js";
export { handlers, type InferSpec, type InferState } from "./definition/handlers.js";
export { EndpointBuilder, type EndpointOptions, endpoint } from "./endpoint/endpoint-builder.js";
export type {
  LoggerContext,
  LoggerTransport,
  LogMetadata,
  LogSource,
} from "./endpoint/logger-transport.js";
export { type ErrorCode, ErrorCodes } from "./errors/codes.js";
export { PauseError } from "./errors/pause-error.js";
export { ResoluteError } from "./errors/resolute-error.js";
export { RestateError, type RestateErrorOptions } from "./errors/restate-error.js";
export {
  CancelledError,
  RetryableError,
  type RetryableErrorOptions,
  TerminalError,
  type TerminalErrorOptions,
  TimeoutError,
} from "./errors/terminal-error.js";
export {
  defaultSerde,
  isSerde,
  jsonSchemaOf,
  type SchemaSerdeOptions,
  type Serde,
  type StandardJsonSchemaV1,
  type StandardSchemaV1,
  serde,
} from "./serde/index.js";
