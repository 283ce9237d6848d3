// Options of a single handler, and how a handler function carries them.

import type { Serde } from "../serde/serde.js";
import type { StandardSchemaV1 } from "../serde/standard-schema.js";
import type { Duration } from "./duration.js";
import type { HooksProvider } from "./hooks.js";

/** How a handler runs: exclusive or shared (objects), workflow `run` or shared (workflows). */
export type HandlerKind = "exclusive" | "shared" | "workflow";

/** A serde, a zod schema or any Standard Schema. */
export type PayloadSpec<T = any> = Serde<T> | StandardSchemaV1<unknown, T>;

/** How the server retries a failing invocation, and what it does when it gives up. */
export interface RetryPolicy {
  initialInterval?: Duration;
  maxInterval?: Duration;
  maxAttempts?: number;
  exponentiationFactor?: number;
  onMaxAttempts?: "pause" | "kill";
}

export interface CommonOptions {
  description?: string;
  metadata?: Record<string, string>;
  inactivityTimeout?: Duration;
  abortTimeout?: Duration;
  idempotencyRetention?: Duration;
  journalRetention?: Duration;
  ingressPrivate?: boolean;
  enableLazyState?: boolean;
  retryPolicy?: RetryPolicy;
  /** Hooks around each attempt and each ctx.run of these handlers. */
  hooks?: HooksProvider[];
}

/** Options of one handler: payload specs (serde or schema) and the service options it overrides. */
export interface HandlerOptions<I = any, O = any> extends CommonOptions {
  input?: PayloadSpec<I>;
  output?: PayloadSpec<O>;
  /** Workflow `run` handlers only: how long the workflow's result is kept. */
  workflowRetention?: Duration;
}

export const kHandler = Symbol.for("resolute.handler");

export interface HandlerMark {
  readonly kind: HandlerKind | undefined;
  readonly options: HandlerOptions;
}

export type AnyHandlerFn = (ctx: any, input: any) => any;

/**
 * Attaches options (and an explicit kind) to a handler function, keeping its type, its arity
 * and its name.
 */
export function markHandler<F extends AnyHandlerFn>(
  fn: F,
  kind: HandlerKind | undefined,
  options: HandlerOptions,
): F {
  const wrapped = ((ctx: unknown, input: unknown) => fn(ctx, input)) as F & {
    [kHandler]: HandlerMark;
  };
  // The wrapper declares what the handler declares: tools read a handler's arity to tell
  // whether it takes input (`resolute dev` prints no body for one that does not).
  Object.defineProperty(wrapped, "length", { value: fn.length });
  Object.defineProperty(wrapped, "name", { value: fn.name });
  wrapped[kHandler] = { kind, options };
  return wrapped;
}

/**
 * The kind and options given to a handler through `handlers.*(options, fn)`, or undefined for a
 * plain function. Read through a global symbol, so it also sees marks made by another copy of
 * `@resolute/core` (a tool's versus the user's).
 */
export function handlerMark(fn: AnyHandlerFn): HandlerMark | undefined {
  return (fn as { [kHandler]?: HandlerMark })[kHandler];
}
