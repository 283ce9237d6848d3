// The shapes of what durable operations return: promises that may suspend the invocation, and
// handles of invocations started by calls and sends.
import type { TerminalError } from "../errors/terminal-error.js";
import type { Duration } from "./duration.js";
import type { InvocationId } from "./request.js";

/** A durable promise: awaiting it may suspend the invocation; its outcome is journaled. */
export interface RestatePromise<T> extends Promise<T> {
  /** Fails with a TimeoutError if this promise does not settle within the duration. */
  orTimeout(duration: Duration): RestatePromise<T>;
  /** Maps the outcome; `failure` is set when the promise failed with a TerminalError. */
  map<U>(mapper: (value?: T, failure?: TerminalError) => U): RestatePromise<U>;
}

/** The result of a request/response call, with the callee's invocation id. */
export interface InvocationPromise<T> extends RestatePromise<T> {
  readonly invocationId: Promise<InvocationId>;
}

/** The result of a one-way send. */
export interface InvocationHandle {
  readonly invocationId: Promise<InvocationId>;
}
