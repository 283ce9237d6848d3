// ctx.run: executes a closure once, journals its result, and applies the retry policy when it
// throws. A TerminalError is journaled as the run's failure; other errors end the attempt
// (the server retries) until the policy gives up, which journals the failure as terminal.
// A PauseError ends the attempt asking the server to pause the invocation instead of retrying.
import { FailureCodes, wireCodeOf } from "../errors/codes.js";
import { attemptFailureCode, describeThrown, isInstance } from "../errors/describe-thrown.js";
import { PauseError } from "../errors/pause-error.js";
import { CancelledError, RetryableError, TerminalError } from "../errors/terminal-error.js";
import { MessageType } from "../protocol/message-type.js";
import { ErrorBehavior } from "../protocol/messages.js";
import type { Serde } from "../serde/serde.js";
import type { Handle } from "../vm/result.js";
import { DurablePromiseImpl } from "./durable-promise.js";
import { durationMs } from "./duration.js";
import { intercept } from "./hooks.js";
import { failureOf, type Invocation, valueOrThrow } from "./invocation.js";
import type { RestatePromise, RunAction, RunContext, RunOptions } from "./types.js";

export function run<T>(
  inv: Invocation,
  name: string,
  action: RunAction<T>,
  options: RunOptions<T> | undefined,
  serde: Serde<T>,
): RestatePromise<T> {
  // Checked before anything is journaled: a bad option is the caller's error, thrown here.
  const policy = retryPolicy(options);
  const handle = inv.vm.run(name);
  let signal: RunSignal | undefined;
  if (inv.vm.runNeedsExecution(handle)) {
    signal = new RunSignal(inv);
    execute(inv, handle, action, policy, serde, signal);
  }
  return new DurablePromiseImpl(
    inv,
    () => inv.await(handle, valueOrThrow(serde)),
    signal ? (reason) => signal.abort(reason) : undefined,
  );
}

/**
 * The closure's `signal`, made on first read: creating an AbortSignal and wiring it to the
 * attempt's cost about 10% of a step's CPU through the real server, and most closures never
 * read it. It aborts when the run loses a race or times out, or when the attempt ends.
 */
class RunSignal {
  private controller: AbortController | undefined;
  private early: { reason: unknown } | undefined;
  private settled = false;
  private onAttemptEnd: (() => void) | undefined;
  private readonly inv: Invocation;

  constructor(inv: Invocation) {
    this.inv = inv;
  }

  get(): AbortSignal {
    if (this.controller) return this.controller.signal;
    const controller = new AbortController();
    this.controller = controller;
    if (this.early) {
      controller.abort(this.early.reason);
    } else if (this.settled) {
      // Like a signal made up front: the end of the attempt no longer reaches a settled run.
    } else if (this.inv.vm.closed) {
      controller.abort(new CancelledError("The attempt ended"));
    } else {
      const attempt = this.inv.attemptSignal;
      this.onAttemptEnd = () => controller.abort(attempt.reason);
      attempt.addEventListener("abort", this.onAttemptEnd, { once: true });
    }
    return controller.signal;
  }

  abort(reason: unknown): void {
    if (this.controller) this.controller.abort(reason);
    else this.early ??= { reason };
  }

  /** The closure settled: stop listening to the attempt. */
  release(): void {
    this.settled = true;
    if (this.onAttemptEnd) this.inv.attemptSignal.removeEventListener("abort", this.onAttemptEnd);
  }
}

/** What the closure receives: only `signal`, made when first read. */
class RunContextImpl implements RunContext {
  readonly #signal: RunSignal;

  constructor(signal: RunSignal) {
    this.#signal = signal;
  }

  get signal(): AbortSignal {
    return this.#signal.get();
  }
}

/**
 * Runs the closure (with the interceptors, if any) and proposes its result to the journal. A
 * closure that returns a plain value is proposed at once, inside ctx.run: no async frame and no
 * microtask per step. A promise (or a closure that threw) settles as before, after ctx.run returned.
 */
function execute<T>(
  inv: Invocation,
  handle: Handle,
  action: RunAction<T>,
  policy: Policy | undefined,
  serde: Serde<T>,
  signal: RunSignal,
): void {
  const startedAt = Date.now();
  inv.runStarted();
  const name = inv.vm.runCommand(handle)?.name ?? "";
  const result = attemptRun(inv, handle, name, action, new RunContextImpl(signal));
  if (!isThenable(result)) return succeeded(inv, handle, name, serde, signal, result);
  Promise.resolve(result).then(
    (value) => succeeded(inv, handle, name, serde, signal, value),
    (error: unknown) => failed(inv, handle, error, policy, startedAt, signal),
  );
}

function succeeded<T>(
  inv: Invocation,
  handle: Handle,
  name: string,
  serde: Serde<T>,
  signal: RunSignal,
  value: T,
): void {
  try {
    let bytes: Uint8Array;
    try {
      bytes = serde.serialize(value);
    } catch (e) {
      // A result that cannot be serialized will not serialize on retry either.
      inv.vm.proposeRun(handle, {
        failure: {
          code: wireCodeOf("RES_ERR_SERIALIZE"),
          message: `ctx.run "${name}" returned a value that cannot be serialized: ${describeThrown(e).message}`,
        },
      });
      return;
    }
    inv.vm.proposeRun(handle, { value: bytes });
  } catch (e) {
    internalFailure(inv, e);
  } finally {
    finished(inv, signal);
  }
}

function failed(
  inv: Invocation,
  handle: Handle,
  error: unknown,
  policy: Policy | undefined,
  startedAt: number,
  signal: RunSignal,
): void {
  try {
    onFailure(inv, handle, error, policy, startedAt);
  } catch (e) {
    internalFailure(inv, e);
  } finally {
    finished(inv, signal);
  }
}

/** Nothing in recording a result should throw; if it does, fail the attempt, not the process. */
function internalFailure(inv: Invocation, e: unknown): void {
  inv.vm.fail({
    code: FailureCodes.INTERNAL,
    message: `Resolute failed to record a ctx.run result: ${describeThrown(e).message}`,
  });
}

function finished(inv: Invocation, signal: RunSignal): void {
  signal.release();
  inv.runFinished();
}

/** What `await` would adopt; a `then` getter that throws counts (the promise then rejects). */
function isThenable(x: unknown): x is PromiseLike<unknown> {
  if (x === null || (typeof x !== "object" && typeof x !== "function")) return false;
  try {
    return typeof (x as { then?: unknown }).then === "function";
  } catch {
    return true;
  }
}

/** One execution of the closure, through the attempt's interceptors when it has any. */
function attemptRun<T>(
  inv: Invocation,
  handle: Handle,
  name: string,
  action: RunAction<T>,
  runContext: RunContext,
): T | PromiseLike<T> {
  if (inv.interceptors.length === 0) {
    // Awaited as it is (no promise made around it). A closure that throws at once fails like
    // one that rejects: after ctx.run returned.
    try {
      return action(runContext);
    } catch (e) {
      return Promise.reject(e);
    }
  }
  let result: T;
  const info = {
    index: inv.vm.runCommand(handle)?.index ?? 0,
    attempt: inv.vm.runAttempts(handle).attempt,
  };
  try {
    return intercept(
      inv.interceptors,
      (i, next) => i.run?.(name, next, info),
      async () => {
        result = await action(runContext);
      },
    ).then(() => result);
  } catch (e) {
    // An interceptor that is not async and throws: the run fails like one that rejects.
    return Promise.reject(e);
  }
}

function onFailure(
  inv: Invocation,
  handle: Handle,
  error: unknown,
  policy: Policy | undefined,
  startedAt: number,
): void {
  if (isInstance(error, TerminalError)) {
    inv.vm.proposeRun(handle, { failure: failureOf(error) });
    return;
  }
  const { message, stacktrace } = describeThrown(error);
  const code = attemptFailureCode(error);
  const run = inv.vm.runCommand(handle);
  const related = {
    ...(run ? { relatedCommandIndex: run.index, relatedCommandType: MessageType.RunCommand } : {}),
    ...(run?.name ? { relatedCommandName: run.name } : {}),
  };
  if (isInstance(error, PauseError)) {
    // Pausing ignores the run's retry policy, as in the official SDK: nothing is journaled, and
    // the run executes again when an operator resumes the invocation.
    inv.vm.fail({ code, message, stacktrace, ...related, behavior: ErrorBehavior.PAUSE });
    inv.wake();
    return;
  }
  const { attempt, elapsedBefore } = inv.vm.runAttempts(handle);
  if (policy) {
    const elapsed = elapsedBefore + (Date.now() - startedAt);
    const exhausted =
      (policy.maxAttempts !== undefined && attempt >= policy.maxAttempts) ||
      (policy.maxDuration !== undefined && elapsed >= policy.maxDuration);
    if (exhausted) {
      inv.vm.proposeRun(handle, { failure: { code, message } });
      return;
    }
  }
  const retryAfter = isInstance(error, RetryableError) ? error.retryAfter : undefined;
  const delay =
    retryAfter !== undefined
      ? retryAfter
      : policy
        ? Math.min(policy.maxInterval, policy.initial * policy.factor ** (attempt - 1))
        : undefined;
  inv.vm.fail({
    code,
    message,
    stacktrace,
    ...related,
    ...(delay !== undefined ? { nextRetryDelay: Math.round(delay) } : {}),
  });
  inv.wake();
}

interface Policy {
  maxAttempts: number | undefined;
  maxDuration: number | undefined;
  initial: number;
  factor: number;
  maxInterval: number;
}

/** No option set: retry forever on the server's schedule, like the official SDK. */
function retryPolicy<T>(o: RunOptions<T> | undefined): Policy | undefined {
  if (
    !o ||
    (o.maxRetryAttempts === undefined &&
      o.maxRetryDuration === undefined &&
      o.initialRetryInterval === undefined &&
      o.retryIntervalFactor === undefined &&
      o.maxRetryInterval === undefined)
  ) {
    return undefined;
  }
  return {
    maxAttempts: o.maxRetryAttempts,
    maxDuration:
      o.maxRetryDuration === undefined
        ? undefined
        : durationMs(o.maxRetryDuration, "ctx.run maxRetryDuration"),
    initial:
      o.initialRetryInterval === undefined
        ? 50
        : durationMs(o.initialRetryInterval, "ctx.run initialRetryInterval"),
    factor: o.retryIntervalFactor ?? 2,
    maxInterval:
      o.maxRetryInterval === undefined
        ? 10_000
        : durationMs(o.maxRetryInterval, "ctx.run maxRetryInterval"),
  };
}
