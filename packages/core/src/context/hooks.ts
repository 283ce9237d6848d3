// Hooks around a handler attempt and around each ctx.run closure, for tracing, metrics and
// error reporting. Shaped like the official SDK's HooksProvider, plus two general additions:
// facts about the attempt (`attempt`), and an observer of the durable operations the handler
// issues (calls, sends, sleeps, awakeables, promises, state). Nothing here costs anything
// when no hook is installed: the engine checks one field and moves on.
import type { Request } from "./request.js";

/** Where a ctx.run sits and how often it has been tried. */
export interface RunInfo {
  /** Its command index in the journal. */
  readonly index: number;
  /** 1 for the first execution, 2 after one failure, and so on (counted across attempts). */
  readonly attempt: number;
}

/** Wraps the execution of an attempt or of a `ctx.run` closure, e.g. to run it inside a tracing span. */
export interface Interceptor {
  /**
   * Wraps one attempt of the handler. `next()` settles when the attempt ends: it resolves
   * when the handler returned (or the attempt suspended), and rejects with the handler's error.
   * The handler runs inside the call to `next()`, so an async-context set around it (e.g. the
   * OpenTelemetry active span) is current in the handler.
   */
  handler?(next: () => Promise<void>): Promise<void>;
  /**
   * Wraps one execution of a ctx.run closure (replayed runs do not execute, so are not
   * wrapped); `next()` rejects with the closure's error.
   */
  run?(name: string, next: () => Promise<void>, info: RunInfo): Promise<void>;
}

/** The kinds of durable operation an {@link Observer} sees. */
export type OperationKind =
  | "call"
  | "send"
  | "attach"
  | "sleep"
  | "awakeable"
  | "signal"
  | "promise"
  | "state";

/** A durable operation the handler issued. */
export interface Operation {
  readonly kind: OperationKind;
  /** The context method, e.g. "get", "set", "sleep", "promise.resolve", "resolveAwakeable". */
  readonly method: string;
  /**
   * What it is about: `Service/handler` or `Service/key/handler` for calls and sends, the
   * invocation id for attach and cancel, the state key, the promise or signal name, the
   * awakeable id, the sleep's name.
   */
  readonly target: string;
  /** Recorded in the journal by an earlier attempt (its result comes from the journal too). */
  readonly replayed: boolean;
  /** Sleeps: the duration; sends: the delay (milliseconds). */
  readonly delayMs: number | undefined;
  /** Calls and sends: the callee's invocation id, once the server has returned it. */
  calleeInvocationId(): string | undefined;
}

/** How an operation ended; `failure` is set when its result was a failure. */
export interface OperationEnd {
  readonly failure: { readonly code: number; readonly message: string } | undefined;
}

/** Notified when the handler issues a durable operation and when that operation ends. */
export interface Observer {
  /**
   * Called when the handler issues an operation. Return a function to hear when its result
   * reached this attempt; it is not called for operations without a result (set, clear,
   * resolveAwakeable, ...) nor when the attempt ends first.
   */
  operation(op: Operation): ((end: OperationEnd) => void) | undefined;
}

/** Facts about one attempt, for the hooks of that attempt. */
export interface Attempt {
  readonly service: string;
  readonly handler: string;
  /** The object or workflow key; undefined for services. */
  readonly key: string | undefined;
  readonly invocationId: string;
  /** Journal entries the server sent with this attempt (the input included). */
  readonly journalLength: number;
  /** Whether the attempt starts by replaying commands an earlier attempt journaled. */
  readonly replaying: boolean;
  /** Failed attempts since the journal last grew (from the server). */
  readonly retryCount: number;
  /**
   * How the attempt ended, once it did: "end" (output written: a value or a terminal
   * failure), "suspended" (waits for something to complete), "error" (the server retries).
   */
  readonly closeReason: "end" | "suspended" | "error" | undefined;
  /** The error the attempt ended with, when closeReason is "error". */
  readonly failure: { readonly code: number; readonly message: string } | undefined;
}

/** What a {@link HooksProvider} returns for one attempt: interceptors and observers. */
export interface Hooks {
  interceptor?: Interceptor;
  observer?: Observer;
  /**
   * Extra fields for each ctx.console line (e.g. trace and span ids); called per line, in the
   * async context of the code that logs.
   */
  logFields?(): Readonly<Record<string, string>> | undefined;
}

/** Called once per attempt; returns the hooks for that attempt. */
export type HooksProvider = (ctx: { request: Request; attempt: Attempt }) => Hooks;

/** Runs `inner` inside every interceptor's `pick`, the first one outermost. */
export function intercept(
  interceptors: readonly Interceptor[],
  pick: (i: Interceptor, next: () => Promise<void>) => Promise<void> | undefined,
  inner: () => Promise<void>,
): Promise<void> {
  let next = inner;
  for (let i = interceptors.length - 1; i >= 0; i--) {
    const current = interceptors[i]!;
    const after = next;
    next = () => pick(current, after) ?? after();
  }
  return next();
}
