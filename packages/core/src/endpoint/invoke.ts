// One invocation attempt over one HTTP request: frames in from the body, frames out to the
// response, the handler run against a context once the journal is complete.

import { attemptOf } from "../context/attempt.js";
import { ContextImpl } from "../context/context-impl.js";
import {
  type HooksProvider,
  type Interceptor,
  intercept,
  type Observer,
} from "../context/hooks.js";
import { failureOf, Invocation, type Scheduler } from "../context/invocation.js";
import type { AttemptFailureLog, LogSink } from "../context/logging.js";
import type { PayloadResolver } from "../context/rpc.js";
import type { Request } from "../context/types.js";
import { FailureCodes } from "../errors/codes.js";
import { attemptFailureCode, describeThrown, isInstance } from "../errors/describe-thrown.js";
import { RetryableError, resoluteTerminalError, TerminalError } from "../errors/terminal-error.js";
import { ErrorBehavior } from "../protocol/messages.js";
import { defaultSerde, serde, toSerde } from "../serde/index.js";
import { serializeTerminally } from "../serde/serde-errors.js";
import { InvocationVm } from "../vm/invocation-vm.js";
import type { BoundHandler } from "./bound.js";
import { userCallSite } from "./call-site.js";
import type { BodySink, RequestHead, ResponseSink } from "./transport.js";

const EMPTY = new Uint8Array(0);
const resolvePayload: PayloadResolver = (spec) => toSerde(spec, defaultSerde);

// setImmediate where the platform has it (Node): a macrotask without setTimeout's clamp.
const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
const scheduler: Scheduler = g.setImmediate
  ? (fn) => {
      g.setImmediate!(fn);
    }
  : (fn) => {
      setTimeout(fn, 0);
    };

/** A running invocation, as the endpoint tracks it for a graceful shutdown. */
export interface Drainable {
  drain(): void;
}

export interface InvokeOptions {
  /** Tracks running invocations so a shutdown can drain them. */
  readonly running: Set<Drainable>;
  readonly protocolVersion: number;
  readonly maxMessageSize: number | undefined;
  /** Endpoint-wide hooks, applied outside the service's and the handler's. */
  readonly hooks: readonly HooksProvider[];
  readonly logger: LogSink;
  /** Where the endpoint's own lines go (pauses). */
  readonly systemLogger: LogSink;
  /** Where failed attempts are reported, once each. */
  readonly failures: AttemptFailureLog;
}

export function invoke(
  handler: BoundHandler,
  head: RequestHead,
  response: ResponseSink,
  opts: InvokeOptions,
): BodySink {
  return new InvocationAttempt(handler, head, response, opts);
}

// One object per attempt rather than a closure per callback: it is what stays alive while the
// attempt waits for the server, and what survives V8's scavenges under load (fewer, smaller
// objects there keep the young generation from growing).
class InvocationAttempt implements BodySink, Drainable {
  private inputEnded = false;
  private finished = false;
  private started = false;
  private peerAborted = false;
  private readonly handler: BoundHandler;
  private readonly head: RequestHead;
  private readonly response: ResponseSink;
  private readonly opts: InvokeOptions;
  private readonly vm: InvocationVm;
  private readonly inv: Invocation;

  constructor(
    handler: BoundHandler,
    head: RequestHead,
    response: ResponseSink,
    opts: InvokeOptions,
  ) {
    this.handler = handler;
    this.head = head;
    this.response = response;
    this.opts = opts;
    opts.running.add(this);
    this.vm = new InvocationVm({
      protocolVersion: opts.protocolVersion,
      maxMessageSize: opts.maxMessageSize,
      output: (frame) => {
        if (!this.finished) response.write(frame);
      },
      callSite: userCallSite,
      onClose: (reason) => this.onClose(reason),
    });
    this.inv = new Invocation(this.vm, scheduler);
  }

  drain(): void {
    this.vm.drain();
    this.inv.wake();
  }

  push(chunk: Uint8Array): void {
    this.vm.push(chunk);
    this.start();
    this.inv.received();
  }

  end(): void {
    this.inputEnded = true;
    this.vm.end();
    this.start();
    this.inv.wake();
    this.finish();
  }

  abort(): void {
    this.inputEnded = true;
    this.opts.running.delete(this);
    if (!this.finished) {
      this.finished = true;
      this.response.end();
    }
    // Nothing more can be written: stop the handler's work where it waits.
    this.peerAborted = true;
    if (!this.vm.closed) {
      this.vm.fail({
        code: FailureCodes.INTERNAL,
        message: "The request was aborted by the peer.",
      });
    }
  }

  private onClose(reason: string): void {
    if (reason === "error" && !this.peerAborted) {
      if (this.vm.failure?.behavior === ErrorBehavior.PAUSE)
        reportPause(this.handler, this.vm, this.opts.systemLogger);
      else reportFailure(this.handler, this.vm, this.opts.failures);
    }
    // Let the handler's pending work observe the end, then close once the server closed too.
    this.inv.wake();
    this.finish();
  }

  private finish(): void {
    if (this.finished || !this.inputEnded || !this.vm.closed) return;
    this.finished = true;
    this.opts.running.delete(this);
    this.response.end();
  }

  private start(): void {
    if (this.started || !this.vm.ready) return;
    this.started = true;
    const { handler, inv, head, opts, vm } = this;
    // Whatever a hook does, the attempt must end with an outcome once the handler is done.
    if (opts.hooks.length === 0 && handler.hooks.length === 0) {
      // attempt() records the handler's outcome; its rejection (the handler's error) is handled.
      const done = () => endIfOpen(vm, undefined);
      void attempt(handler, inv, head, opts).then(done, done);
      return;
    }
    void runHooked(handler, inv, head, opts).then(
      () => endIfOpen(vm, undefined),
      (e: unknown) => endIfOpen(vm, e),
    );
  }
}

/** Runs the handler inside the endpoint's, the service's and the handler's hooks (some exist). */
async function runHooked(
  h: BoundHandler,
  inv: Invocation,
  head: RequestHead,
  opts: InvokeOptions,
): Promise<void> {
  const providers = opts.hooks.length === 0 ? h.hooks : [...opts.hooks, ...h.hooks];
  const request = requestOf(inv, head);
  const attemptInfo = attemptOf(inv, h.service, h.name);
  const interceptors: Interceptor[] = [];
  const observers: Observer[] = [];
  const logFields: (() => Readonly<Record<string, string>> | undefined)[] = [];
  for (const p of providers) {
    const hooks = p({ request, attempt: attemptInfo });
    if (hooks.interceptor) interceptors.push(hooks.interceptor);
    if (hooks.observer) observers.push(hooks.observer);
    if (hooks.logFields) logFields.push(hooks.logFields.bind(hooks));
  }
  inv.interceptors = interceptors;
  if (observers.length > 0) inv.observers = observers;
  if (logFields.length > 0) inv.logFields = logFields;
  const whole = () => {
    const run = attempt(h, inv, head, opts);
    // The handler may never return (it suspended, or a run ended the attempt while it waits):
    // then the end of the attempt settles the interceptors instead.
    const ended = inv.whenClosed().then(() => {
      if (inv.vm.closeReason === "suspended") return;
      if (inv.vm.closeReason === "error")
        throw new Error(inv.vm.failure?.message ?? "The attempt failed");
      return run;
    });
    return Promise.race([run, ended]);
  };
  await intercept(interceptors, (i, next) => i.handler?.(next), whole);
}

/** Fails an attempt that has no outcome although its handler run is over (a hook failed). */
function endIfOpen(vm: InvocationVm, error: unknown): void {
  if (vm.closed) return;
  vm.fail({
    code: FailureCodes.INTERNAL,
    message:
      error === undefined
        ? "A hook's interceptor returned without running the handler: call next() and await it."
        : `A hook failed: ${describeThrown(error).message}`,
  });
}

/** Runs the handler once and writes its outcome; rejects with the handler's error. */
async function attempt(
  h: BoundHandler,
  inv: Invocation,
  head: RequestHead,
  opts: InvokeOptions,
): Promise<void> {
  const vm = inv.vm;
  try {
    let input: unknown;
    try {
      input = h.input.deserialize(vm.input.value ?? EMPTY);
    } catch (e) {
      throw isInstance(e, TerminalError)
        ? e
        : resoluteTerminalError(
            "RES_ERR_SERDE",
            `Invalid input for ${h.service}/${h.name}: ${describeThrown(e).message}`,
            e,
          );
    }
    const ctx = new ContextImpl({
      inv,
      serde: defaultSerde,
      binary: serde.binary,
      resolve: resolvePayload,
      request: () => requestOf(inv, head),
      service: h.service,
      handler: h.name,
      logger: opts.logger,
      access: h.kind === undefined ? "service" : h.kind,
      inWorkflow: h.serviceKind === "workflow",
      stateSerdes: h.stateSerdes,
    });
    const result = await h.fn(ctx, input);
    if (vm.closed) return;
    vm.output({ value: serializeTerminally(h.output, result, "The handler's result") });
  } catch (e) {
    if (vm.closed) throw e;
    try {
      recordFailure(vm, e);
    } catch (inner) {
      // Recording must end the attempt whatever was thrown: never leave it running in silence.
      vm.fail({
        code: FailureCodes.INTERNAL,
        message: `The handler failed, and its failure could not be recorded: ${describeThrown(inner).message}`,
      });
    }
    throw e;
  }
}

/** A TerminalError ends the invocation; anything else fails the attempt, which the server retries. */
function recordFailure(vm: InvocationVm, e: unknown): void {
  if (isInstance(e, TerminalError)) {
    vm.output({ failure: failureOf(e) });
    return;
  }
  const { message, stacktrace } = describeThrown(e);
  const retryAfter = isInstance(e, RetryableError) ? e.retryAfter : undefined;
  vm.fail({
    code: attemptFailureCode(e),
    message,
    stacktrace,
    ...(retryAfter === undefined ? {} : { nextRetryDelay: retryAfter }),
  });
}

/** A paused invocation waits for an operator: always logged, as it does not retry. */
function reportPause(h: BoundHandler, vm: InvocationVm, logger: LogSink): void {
  const failure = vm.failure;
  logger.log(
    "warn",
    {
      service: h.service,
      handler: h.name,
      key: vm.key === "" ? undefined : vm.key,
      invocationId: vm.invocationId,
    },
    [
      `${h.service}/${h.name} (invocation ${vm.invocationId}) threw a PauseError in ctx.run "${failure?.relatedCommandName ?? ""}": the server pauses the invocation until it is resumed. [${failure?.code}] ${failure?.message ?? ""}`,
    ],
  );
}

function reportFailure(h: BoundHandler, vm: InvocationVm, log: AttemptFailureLog): void {
  const failure = vm.failure;
  if (!failure) return;
  log.failed({
    context: {
      service: h.service,
      handler: h.name,
      key: vm.key === "" ? undefined : vm.key,
      invocationId: vm.invocationId,
    },
    attempt: (vm.start.retryCountSinceLastStoredEntry ?? 0) + 1,
    code: failure.code ?? FailureCodes.INTERNAL,
    message: failure.message ?? "",
    stacktrace: failure.stacktrace,
  });
}

function requestOf(inv: Invocation, head: RequestHead): Request {
  return new AttemptRequest(inv, head);
}

/**
 * Everything but the id is made when first read: hooks get a Request for every attempt and
 * most read little of it. Getters on the prototype, not an object literal's getter closures,
 * which would give every request a hidden class of its own.
 */
class AttemptRequest implements Request {
  readonly id: string;
  readonly body: Uint8Array;
  readonly extraArgs: unknown[] = [];
  readonly #inv: Invocation;
  readonly #head: RequestHead;
  #headers: Map<string, string> | undefined;
  #attemptHeaders: Map<string, string | string[] | undefined> | undefined;

  constructor(inv: Invocation, head: RequestHead) {
    this.id = inv.vm.invocationId;
    this.body = inv.vm.input.value ?? EMPTY;
    this.#inv = inv;
    this.#head = head;
  }

  get headers(): Map<string, string> {
    if (this.#headers === undefined) {
      this.#headers = new Map();
      for (const hd of this.#inv.vm.input.headers ?? []) this.#headers.set(hd.key, hd.value);
    }
    return this.#headers;
  }

  get attemptHeaders(): Map<string, string | string[] | undefined> {
    this.#attemptHeaders ??= new Map(Object.entries(this.#head.headers));
    return this.#attemptHeaders;
  }

  // A signal nobody listens to would still cost an AbortController and an aborting
  // CancelledError per attempt.
  get attemptCompletedSignal(): AbortSignal {
    return this.#inv.attemptSignal;
  }
}
