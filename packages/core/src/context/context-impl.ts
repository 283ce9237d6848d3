// The context object handed to handlers. It is a thin facade: each method delegates to the vm
// through the invocation, so one object per invocation is all the context allocates.
import { FailureCodes } from "../errors/codes.js";
import { TerminalError } from "../errors/terminal-error.js";
import type { Failure } from "../protocol/messages.js";
import type { Serde } from "../serde/serde.js";
import { serializeTerminally } from "../serde/serde-errors.js";
import type { CallTarget } from "../vm/invocation-vm.js";
import { type AsyncResult, type Handle, namedSignalHandle } from "../vm/result.js";
import { canRead, canWrite, misuse } from "./access-rules.js";
import type { Client, ClientTarget, HandlersOf, SendClient, SendOptions } from "./clients.js";
import type { ContextSetup } from "./context-setup.js";
import { DurablePromiseImpl, sleepPromise } from "./durable-promise.js";
import { type Duration, durationMs } from "./duration.js";
import { failureOf, type Invocation, terminalErrorOf, valueOrThrow } from "./invocation.js";
import { observe, targetName } from "./observe.js";
import { SeededRand, seedOf } from "./rand.js";
import { replayAwareConsole } from "./replay-aware-console.js";
import { makeClient, makeSendClient } from "./rpc.js";
import { run } from "./run.js";
import { checkStateKey } from "./state-key.js";
import type {
  ContextConsole,
  ContextDate,
  DurablePromise,
  GenericCall,
  GenericSend,
  InvocationHandle,
  InvocationPromise,
  InvocationReference,
  Rand,
  Request,
  RestatePromise,
  RunAction,
  RunOptions,
  SignalReference,
  WorkflowContext,
} from "./types.js";

const textDecoder = new TextDecoder();

export class ContextImpl implements WorkflowContext<any> {
  private readonly s: ContextSetup;
  private randInstance: Rand | undefined;
  private consoleInstance: ContextConsole | undefined;

  constructor(setup: ContextSetup) {
    this.s = setup;
  }

  get key(): string {
    return this.s.inv.vm.key;
  }

  get rand(): Rand {
    const vm = this.s.inv.vm;
    this.randInstance ??= new SeededRand(seedOf(vm.start.randomSeed, vm.invocationId));
    return this.randInstance;
  }

  get date(): ContextDate {
    return {
      now: () => this.run("Date.now", () => Date.now()),
      toJSON: () => this.run("Date.toJSON", () => new Date().toJSON()),
    };
  }

  get console(): ContextConsole {
    this.consoleInstance ??= replayAwareConsole(this.s);
    return this.consoleInstance;
  }

  request(): Request {
    return this.s.request();
  }

  run<T>(
    nameOrAction: string | RunAction<T>,
    action?: RunAction<T>,
    options?: RunOptions<T>,
  ): RestatePromise<T> {
    if (typeof nameOrAction === "function")
      return run(this.s.inv, "", nameOrAction, undefined, this.s.serde);
    if (typeof action !== "function")
      throw new TypeError(`ctx.run("${nameOrAction}") needs a function to execute.`);
    return run(this.s.inv, nameOrAction, action, options, options?.serde ?? this.s.serde);
  }

  sleep(duration: Duration, name?: string): RestatePromise<void> {
    return sleepPromise(this.s.inv, durationMs(duration, "ctx.sleep"), name);
  }

  awakeable<T>(serde?: Serde<T>): { id: string; promise: RestatePromise<T> } {
    const { id, handle } = this.s.inv.vm.awakeable();
    // Not a journal command: while replaying, an earlier attempt created (and traced) it.
    const inv = this.s.inv;
    if (inv.observers) observe(inv, "awakeable", "awakeable", id, inv.vm.replaying, handle);
    return {
      id,
      promise: DurablePromiseImpl.of(this.s.inv, handle, valueOrThrow(serde ?? this.s.serde)),
    };
  }

  resolveAwakeable<T>(id: string, payload?: T, serde?: Serde<T>): void {
    const replayed = this.s.inv.observers !== undefined && this.s.inv.vm.replaying;
    this.s.inv.vm.completeAwakeable(id, {
      value: serializeTerminally(serde ?? this.s.serde, payload as T, "The awakeable's value"),
    });
    if (this.s.inv.observers) observe(this.s.inv, "awakeable", "resolveAwakeable", id, replayed);
  }

  rejectAwakeable(id: string, reason: string | TerminalError): void {
    const replayed = this.s.inv.observers !== undefined && this.s.inv.vm.replaying;
    this.s.inv.vm.completeAwakeable(id, { failure: failureOfReason(reason) });
    if (this.s.inv.observers) observe(this.s.inv, "awakeable", "rejectAwakeable", id, replayed);
  }

  signal<T>(name: string, serde?: Serde<T>): RestatePromise<T> {
    const handle = namedSignalHandle(name);
    const inv = this.s.inv;
    if (inv.observers) observe(inv, "signal", "signal", name, inv.vm.replaying, handle);
    return DurablePromiseImpl.of(this.s.inv, handle, valueOrThrow(serde ?? this.s.serde));
  }

  invocation(invocationId: string): InvocationReference {
    const vm = this.s.inv.vm;
    const sd = this.s.serde;
    return {
      signal: <T>(name: string, serde?: Serde<T>): SignalReference<T> => ({
        resolve: (payload?: T) =>
          vm.sendSignal(invocationId, name, {
            value: serializeTerminally(serde ?? sd, payload, "The signal's value"),
          }),
        reject: (reason) => vm.sendSignal(invocationId, name, { failure: failureOfReason(reason) }),
      }),
      cancel: () => this.cancel(invocationId),
      attach: <T>(serde?: Serde<T>) => this.attach(invocationId, serde),
    };
  }

  genericCall<REQ = Uint8Array, RES = Uint8Array>(
    c: GenericCall<REQ, RES>,
  ): InvocationPromise<RES> {
    const inv = this.s.inv;
    const inSerde = (c.inputSerde ?? this.s.binary) as Serde<REQ>;
    const outSerde = (c.outputSerde ?? this.s.binary) as Serde<RES>;
    const replayed = inv.observers !== undefined && inv.vm.replaying;
    const handles = inv.vm.call(
      targetOf(c),
      serializeTerminally(inSerde, c.parameter, "The call's parameter"),
    );
    if (inv.observers) {
      const target = targetName(c.service, c.method, c.key);
      observe(inv, "call", "call", target, replayed, handles.result, handles.invocationId);
    }
    inv.childCalls.push(handles.invocationId);
    return new CallPromise(inv, handles.result, valueOrThrow(outSerde), handles.invocationId);
  }

  genericSend<REQ = Uint8Array>(c: GenericSend<REQ>): InvocationHandle {
    const inv = this.s.inv;
    const inSerde = (c.inputSerde ?? this.s.binary) as Serde<REQ>;
    const replayed = inv.observers !== undefined && inv.vm.replaying;
    const handle = inv.vm.send(
      targetOf(c),
      serializeTerminally(inSerde, c.parameter, "The send's parameter"),
      c.delay === undefined ? 0 : Date.now() + durationMs(c.delay, "the send delay"),
    );
    if (inv.observers) {
      const target = targetName(c.service, c.method, c.key);
      const delay = c.delay === undefined ? undefined : durationMs(c.delay);
      observe(inv, "send", "send", target, replayed, handle, handle, delay);
    }
    return new SendHandle(inv, handle);
  }

  attach<T>(invocationId: string, serde?: Serde<T>): RestatePromise<T> {
    const replayed = this.s.inv.observers !== undefined && this.s.inv.vm.replaying;
    const handle = this.s.inv.vm.attach({ invocationId });
    if (this.s.inv.observers)
      observe(this.s.inv, "attach", "attach", invocationId, replayed, handle, handle);
    return DurablePromiseImpl.of(this.s.inv, handle, valueOrThrow(serde ?? this.s.serde));
  }

  cancel(invocationId: string): void {
    const replayed = this.s.inv.observers !== undefined && this.s.inv.vm.replaying;
    this.s.inv.vm.sendSignal(invocationId, 1, undefined);
    if (this.s.inv.observers) observe(this.s.inv, "signal", "cancel", invocationId, replayed);
  }

  serviceClient<D extends ClientTarget>(def: D | { name: string }): Client<HandlersOf<D>> {
    return makeClient(def, undefined, (c) => this.genericCall(c), this.s.resolve);
  }

  objectClient<D extends ClientTarget>(
    def: D | { name: string },
    key: string,
  ): Client<HandlersOf<D>> {
    return makeClient(def, key, (c) => this.genericCall(c), this.s.resolve);
  }

  workflowClient<D extends ClientTarget>(
    def: D | { name: string },
    key: string,
  ): Client<HandlersOf<D>> {
    return makeClient(def, key, (c) => this.genericCall(c), this.s.resolve);
  }

  serviceSendClient<D extends ClientTarget>(
    def: D | { name: string },
    opts?: SendOptions,
  ): SendClient<HandlersOf<D>> {
    return makeSendClient(def, undefined, opts, (c) => this.genericSend(c), this.s.resolve);
  }

  objectSendClient<D extends ClientTarget>(
    def: D,
    key: string,
    opts?: SendOptions,
  ): SendClient<HandlersOf<D>> {
    return makeSendClient(def, key, opts, (c) => this.genericSend(c), this.s.resolve);
  }

  workflowSendClient<D extends ClientTarget>(
    def: D,
    key: string,
    opts?: SendOptions,
  ): SendClient<HandlersOf<D>> {
    return makeSendClient(def, key, opts, (c) => this.genericSend(c), this.s.resolve);
  }

  // ---- state -------------------------------------------------------------------------------

  get<T>(name: string, serde?: Serde<T>): Promise<T | null> {
    canRead(this.s, "get");
    checkStateKey(name, "get");
    const replayed = this.s.inv.observers !== undefined && this.s.inv.vm.replaying;
    const handle = this.s.inv.vm.getState(name);
    if (this.s.inv.observers) observe(this.s.inv, "state", "get", name, replayed, handle);
    const sd = serde ?? this.s.stateSerdes.get(name) ?? this.s.serde;
    return DurablePromiseImpl.of(this.s.inv, handle, (r) =>
      r.kind === "value" ? sd.deserialize(r.value) : null,
    );
  }

  stateKeys(): Promise<string[]> {
    canRead(this.s, "stateKeys");
    const replayed = this.s.inv.observers !== undefined && this.s.inv.vm.replaying;
    const handle = this.s.inv.vm.getStateKeys();
    if (this.s.inv.observers) observe(this.s.inv, "state", "stateKeys", "", replayed, handle);
    return DurablePromiseImpl.of(this.s.inv, handle, (r) =>
      r.kind === "stateKeys" ? r.keys.map((k) => textDecoder.decode(k)) : [],
    );
  }

  set<T>(name: string, value: T, serde?: Serde<T>): void {
    canWrite(this.s, "set");
    checkStateKey(name, "set");
    const sd = serde ?? this.s.stateSerdes.get(name) ?? this.s.serde;
    let bytes: Uint8Array;
    try {
      // Whatever a custom serde throws would throw again on retry: terminal either way.
      bytes = serializeTerminally(sd, value, `The value for state "${name}"`);
    } catch (e) {
      if (!(e instanceof TerminalError)) throw e;
      throw new TerminalError(`Invalid value for state "${name}": ${e.message}`, {
        errorCode: e.code,
      });
    }
    const replayed = this.s.inv.observers !== undefined && this.s.inv.vm.replaying;
    this.s.inv.vm.setState(name, bytes);
    if (this.s.inv.observers) observe(this.s.inv, "state", "set", name, replayed);
  }

  clear(name: string): void {
    canWrite(this.s, "clear");
    checkStateKey(name, "clear");
    const replayed = this.s.inv.observers !== undefined && this.s.inv.vm.replaying;
    this.s.inv.vm.clearState(name);
    if (this.s.inv.observers) observe(this.s.inv, "state", "clear", name, replayed);
  }

  clearAll(): void {
    canWrite(this.s, "clearAll");
    const replayed = this.s.inv.observers !== undefined && this.s.inv.vm.replaying;
    this.s.inv.vm.clearAllState();
    if (this.s.inv.observers) observe(this.s.inv, "state", "clearAll", "", replayed);
  }

  // ---- workflow promises ---------------------------------------------------------------------

  promise<T>(name: string, serde?: Serde<T>): DurablePromise<T> {
    if (!this.s.inWorkflow)
      throw misuse(this.s, "promise", "durable promises belong to workflows; use workflow().");
    const inv = this.s.inv;
    const sd = serde ?? this.s.serde;
    let got: RestatePromise<T> | undefined;
    const get = () => {
      got ??= DurablePromiseImpl.of(inv, promiseOp(inv, "promise.get", name), valueOrThrow(sd));
      return got;
    };
    const complete = (
      result: { value: Uint8Array } | { failure: { code: number; message: string } },
    ) =>
      DurablePromiseImpl.of(inv, promiseOp(inv, "promise.complete", name, result), (r) => {
        if (r.kind === "failure") throw terminalErrorOf(r.failure);
      });
    return {
      [Symbol.toStringTag]: "DurablePromise",
      get,
      peek: () =>
        DurablePromiseImpl.of(inv, promiseOp(inv, "promise.peek", name), valueOrThrow(sd)),
      resolve: (value?: T) =>
        complete({ value: serializeTerminally(sd, value as T, "The promise's value") }),
      reject: (message: string) => complete({ failure: { code: FailureCodes.INTERNAL, message } }),
      // biome-ignore lint/suspicious/noThenProperty: awaiting the durable promise gets its value
      then: (ok, err) => get().then(ok, err),
      catch: (err) => get().catch(err),
      finally: (f) => get().finally(f),
    } as DurablePromise<T>;
  }
}

/** Issues a workflow-promise command, telling observers. */
function promiseOp(
  inv: Invocation,
  method: "promise.get" | "promise.peek" | "promise.complete",
  name: string,
  result?: { value: Uint8Array } | { failure: { code: number; message: string } },
): Handle {
  const replayed = inv.observers !== undefined && inv.vm.replaying;
  const handle =
    method === "promise.get"
      ? inv.vm.promiseGet(name)
      : method === "promise.peek"
        ? inv.vm.promisePeek(name)
        : inv.vm.promiseComplete(name, result!);
  if (inv.observers) observe(inv, "promise", method, name, replayed, handle);
  return handle;
}

/** The vm's call target from a generic call or send. */
function targetOf(c: GenericSend<unknown>): CallTarget {
  return {
    service: c.service,
    handler: c.method,
    key: c.key,
    idempotencyKey: c.idempotencyKey,
    headers: c.headers
      ? Object.entries(c.headers).map(([key, value]) => ({ key, value }))
      : undefined,
    name: c.name,
  };
}

function failureOfReason(reason: string | TerminalError): Failure {
  return typeof reason === "string"
    ? { code: FailureCodes.INTERNAL, message: reason }
    : failureOf(reason);
}

/**
 * A call's result, and its invocation id read from the journal only when asked. A class, not
 * a getter defined on each promise: that cost a closure, an accessor and a new hidden class per
 * call, alive as long as the call.
 */
class CallPromise<T> extends DurablePromiseImpl<T> {
  private readonly callInv: Invocation;
  private readonly idHandle: Handle;
  private id: Promise<string> | undefined;

  constructor(inv: Invocation, result: Handle, map: (r: AsyncResult) => T, idHandle: Handle) {
    super(inv, () => inv.await(result).then(map));
    this.callInv = inv;
    this.idHandle = idHandle;
  }

  get invocationId(): Promise<string> {
    this.id ??= invocationIdOf(this.callInv, this.idHandle);
    return this.id;
  }
}

/** A one-way call's handle: like CallPromise, a class rather than an object with a getter. */
class SendHandle implements InvocationHandle {
  private readonly inv: Invocation;
  private readonly idHandle: Handle;
  private id: Promise<string> | undefined;

  constructor(inv: Invocation, idHandle: Handle) {
    this.inv = inv;
    this.idHandle = idHandle;
  }

  get invocationId(): Promise<string> {
    this.id ??= invocationIdOf(this.inv, this.idHandle);
    return this.id;
  }
}

function invocationIdOf(inv: Invocation, handle: number | string): Promise<string> {
  return inv.await(handle).then((r) => {
    if (r.kind === "invocationId") return r.invocationId;
    throw new TerminalError("The server did not return an invocation id for this call.");
  });
}
