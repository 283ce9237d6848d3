// ctx.run: executes a closure once, journals its result, and applies the retry policy when it
// throws. A TerminalError is journaled as the run's failure; other errors end the attempt
// (the server retries) until the policy gives up, which journals the failure as terminal.
import { FailureCodes, wireCodeOf } from "../errors/codes.js";
import { attemptFailureCode, describeThrown, isInstance } from "../errors/describe-thrown.js";
import { RetryableError, TerminalError } from "../errors/terminal-error.js";
import { MessageType } from "../protocol/message-type.js";
import type { Serde } from "../serde/serde.js";
import type { Handle } from "../vm/result.js";
import { DurablePromiseImpl } from "./durable-promise.js";
import { durationMs } from "./duration.js";
import { intercept } from "./hooks.js";
import { failureOf, type Invocation, valueOrThrow } from "./invocation.js";
import type { RestatePromise, RunAction, RunOptions } from "./types.js";

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
  let controller: AbortController | undefined;
  if (inv.vm.runNeedsExecution(handle)) {
    controller = new AbortController();
    execute(inv, handle, action, policy, serde, controller);
  }
  return new DurablePromiseImpl(
    inv,
    () => inv.await(handle).then(valueOrThrow(serde)),
    controller ? (reason) => controller.abort(reason) : undefined,
  );
}

function execute<T>(
  inv: Invocation,
  handle: Handle,
  action: RunAction<T>,
  policy: Policy | undefined,
  serde: Serde<T>,
  controller: AbortController,
): void {
  const startedAt = Date.now();
  const attempt = inv.attemptSignal;
  const onAttemptEnd = () => controller.abort(attempt.reason);
  attempt.addEventListener("abort", onAttemptEnd, { once: true });
  inv.runStarted();
  const name = inv.vm.runCommand(handle)?.name ?? "";
  const attemptRun = (): Promise<T> => {
    if (inv.interceptors.length === 0) {
      return new Promise<T>((resolve) => resolve(action({ signal: controller.signal })));
    }
    let result: T;
    const info = {
      index: inv.vm.runCommand(handle)?.index ?? 0,
      attempt: inv.vm.runAttempts(handle).attempt,
    };
    return intercept(
      inv.interceptors,
      (i, next) => i.run?.(name, next, info),
      async () => {
        result = await action({ signal: controller.signal });
      },
    ).then(() => result);
  };
  attemptRun()
    .then(
      (value) => {
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
      },
      (error: unknown) => onFailure(inv, handle, error, policy, startedAt),
    )
    .catch((e: unknown) => {
      // Nothing above should throw; if it does, fail the attempt rather than the process.
      inv.vm.fail({
        code: FailureCodes.INTERNAL,
        message: `Resolute failed to record a ctx.run result: ${describeThrown(e).message}`,
      });
    })
    .finally(() => {
      attempt.removeEventListener("abort", onAttemptEnd);
      inv.runFinished();
    });
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
  const run = inv.vm.runCommand(handle);
  inv.vm.fail({
    code,
    message,
    stacktrace,
    ...(run ? { relatedCommandIndex: run.index, relatedCommandType: MessageType.RunCommand } : {}),
    ...(run?.name ? { relatedCommandName: run.name } : {}),
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
