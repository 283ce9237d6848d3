// The context interfaces handlers are written against, shaped like the official SDK's.
import type { TerminalError } from "../errors/terminal-error.js";
import type { Serde } from "../serde/serde.js";
import type { Client, ClientTarget, HandlersOf, SendClient, SendOptions } from "./clients.js";
import type { Duration } from "./duration.js";
import type { InvocationHandle, InvocationPromise, RestatePromise } from "./promise-types.js";
import type { InvocationId, Request } from "./request.js";

// Named here too, so the context's whole vocabulary can be imported from one module.
export type { InvocationHandle, InvocationId, InvocationPromise, Request, RestatePromise };

/** A named signal of another invocation, to resolve or reject it (`ctx.invocation(id).signal(name)`). */
export interface SignalReference<T> {
  /** Delivers the signal with a value. */
  resolve(payload?: T): void;
  /** Delivers the signal as a failure. */
  reject(reason: string | TerminalError): void;
}

/** Another invocation, by id: attach to its result, cancel it, or signal it. */
export interface InvocationReference {
  /** The named signal of that invocation, to resolve or reject. */
  signal<T>(name: string, serde?: Serde<T>): SignalReference<T>;
  /** Cancels that invocation. */
  cancel(): void;
  /** Waits for that invocation's result. */
  attach<T>(serde?: Serde<T>): RestatePromise<T>;
}

/** Options of `ctx.run`: the serde of its result, and how its closure is retried before its failure becomes terminal. */
export interface RunOptions<T> {
  serde?: Serde<T>;
  /** Attempts in total, the first included; once used up the failure becomes terminal. */
  maxRetryAttempts?: number;
  /** Once this much time passed since the first failure, the failure becomes terminal. */
  maxRetryDuration?: Duration;
  initialRetryInterval?: Duration;
  retryIntervalFactor?: number;
  maxRetryInterval?: Duration;
}

/** What a `ctx.run` closure receives. */
export interface RunContext {
  /** Aborts when the invocation is cancelled or the attempt ends. */
  readonly signal: AbortSignal;
}

/** The closure of `ctx.run`; it receives the run's `AbortSignal`. */
export type RunAction<T> = (run: RunContext) => Promise<T> | T;

/** Deterministic randomness (`ctx.rand`): seeded from the invocation, the same on every replay. */
export interface Rand {
  /** A deterministic number in [0, 1), seeded from the invocation. */
  random(): number;
  /** A deterministic UUID v4. */
  uuidv4(): string;
}

/** Journaled wall-clock time (`ctx.date`): read once, the same on every replay. */
export interface ContextDate {
  /** Date.now(), journaled so replays see the same instant. */
  now(): Promise<number>;
  /** `new Date(now).toJSON()`, journaled like `now()`. */
  toJSON(): Promise<string>;
}

/** Logs with the invocation's coordinates; silent while replaying. */
export type ContextConsole = Pick<Console, "log" | "info" | "warn" | "error" | "debug" | "trace">;

/** A call by service and handler name with explicit serdes (`ctx.genericCall`). */
export interface GenericCall<REQ, RES> {
  service: string;
  method: string;
  parameter: REQ;
  key?: string;
  headers?: Record<string, string>;
  idempotencyKey?: string;
  inputSerde?: Serde<REQ>;
  outputSerde?: Serde<RES>;
  name?: string;
}

/** A one-way send by service and handler name (`ctx.genericSend`), optionally delayed. */
export interface GenericSend<REQ> extends Omit<GenericCall<REQ, unknown>, "outputSerde"> {
  delay?: Duration;
}

/** The context of a service handler: journaled steps, timers, calls, awakeables, randomness and time. */
export interface Context {
  readonly rand: Rand;
  readonly date: ContextDate;
  readonly console: ContextConsole;
  /** The current invocation's request: id, headers, raw input. */
  request(): Request;
  /** Runs a side effect once and journals its result; on replay the recorded result is returned. */
  run<T>(action: RunAction<T>): RestatePromise<T>;
  /** Runs a named side effect once and journals its result; `options` bound the closure's retries. */
  run<T>(name: string, action: RunAction<T>, options?: RunOptions<T>): RestatePromise<T>;
  /** A durable timer: resolves after `duration`, even across restarts. */
  sleep(duration: Duration, name?: string): RestatePromise<void>;
  /** A promise that someone else completes by its `id` (through the ingress, the client or a handler). */
  awakeable<T>(serde?: Serde<T>): { id: string; promise: RestatePromise<T> };
  /** Completes an awakeable with a value. */
  resolveAwakeable<T>(id: string, payload?: T, serde?: Serde<T>): void;
  /** Completes an awakeable with a failure (a `TerminalError` for its waiter). */
  rejectAwakeable(id: string, reason: string | TerminalError): void;
  /** Calls a handler by service and handler name, with raw bytes unless serdes are given. */
  genericCall<REQ = Uint8Array, RES = Uint8Array>(
    call: GenericCall<REQ, RES>,
  ): InvocationPromise<RES>;
  /** Sends to a handler by name without waiting, optionally delayed. */
  genericSend<REQ = Uint8Array>(call: GenericSend<REQ>): InvocationHandle;
  /** Waits for the result of another invocation, by id. */
  attach<T>(invocationId: InvocationId, serde?: Serde<T>): RestatePromise<T>;
  /** Cancels another invocation, by id. */
  cancel(invocationId: InvocationId): void;
  /** Waits for the named signal sent to this invocation (`ctx.invocation(id).signal(name)`). */
  signal<T>(name: string, serde?: Serde<T>): RestatePromise<T>;
  /** Another invocation, by id: signal it, cancel it, or wait for its result. */
  invocation(invocationId: InvocationId): InvocationReference;
  /** A typed request/response client of a service; pass the definition, or its type and name. */
  serviceClient<D extends ClientTarget>(def: D | { name: string }): Client<HandlersOf<D>>;
  /** A typed request/response client of one virtual object, by key. */
  objectClient<D extends ClientTarget>(
    def: D | { name: string },
    key: string,
  ): Client<HandlersOf<D>>;
  /** A typed request/response client of one workflow instance, by key. */
  workflowClient<D extends ClientTarget>(
    def: D | { name: string },
    key: string,
  ): Client<HandlersOf<D>>;
  /** One-way clients: each call returns `{ invocationId }` at once. */
  serviceSendClient<D extends ClientTarget>(
    def: D | { name: string },
    opts?: SendOptions,
  ): SendClient<HandlersOf<D>>;
  /** A one-way client of one virtual object, by key. */
  objectSendClient<D extends ClientTarget>(
    def: D | { name: string },
    key: string,
    opts?: SendOptions,
  ): SendClient<HandlersOf<D>>;
  /** A one-way client of one workflow instance, by key. */
  workflowSendClient<D extends ClientTarget>(
    def: D | { name: string },
    key: string,
    opts?: SendOptions,
  ): SendClient<HandlersOf<D>>;
}

/** A state shape: key → value type. */
export type TypedState = Record<string, any>;
/** The default: keys are any string and values are typed per call (`ctx.get<number>("k")`). */
export type UntypedState = { _: never };

type Key<TState, TKey> = TState extends UntypedState ? string : TKey;
type Value<TState, TValue, TKey extends keyof TState> = TState extends UntypedState
  ? TValue
  : TState[TKey];

/** The context of a virtual object's shared handler: `ctx.key` and read-only state. */
export interface ObjectSharedContext<TState extends TypedState = UntypedState> extends Context {
  readonly key: string;
  /** Reads a state value; `null` when the key has none. */
  get<TValue, TKey extends keyof TState = string>(
    name: Key<TState, TKey>,
    serde?: Serde<Value<TState, TValue, TKey>>,
  ): Promise<Value<TState, TValue, TKey> | null>;
  /** The names of the keys that have state. */
  stateKeys(): Promise<string[]>;
}

/** The context of a virtual object's exclusive handler: `ctx.key` and read-write state. */
export interface ObjectContext<TState extends TypedState = UntypedState>
  extends ObjectSharedContext<TState> {
  /** Writes a state value (journaled; applied with the invocation). */
  set<TValue, TKey extends keyof TState = string>(
    name: Key<TState, TKey>,
    value: Value<TState, TValue, TKey>,
    serde?: Serde<Value<TState, TValue, TKey>>,
  ): void;
  /** Removes one state value. */
  clear<TKey extends keyof TState>(name: Key<TState, TKey>): void;
  /** Removes all of this key's state. */
  clearAll(): void;
}

/** A workflow's named durable promise (`ctx.promise(name)`): get, peek, resolve or reject it. */
export interface DurablePromise<T> extends Promise<T> {
  /** The value if already resolved, else undefined; does not wait. */
  peek(): Promise<T | undefined>;
  /** Resolves the promise; whoever waits on it (now or later) gets the value. */
  resolve(value?: T): Promise<void>;
  /** Rejects the promise; its waiters get a `TerminalError`. */
  reject(errorMsg: string): Promise<void>;
  /** Waits for the promise's value (or failure). */
  get(): RestatePromise<T>;
}

/** The context of a workflow's shared handlers: read-only state and the workflow's durable promises. */
export interface WorkflowSharedContext<TState extends TypedState = UntypedState>
  extends ObjectSharedContext<TState> {
  /** The workflow's durable promise of this name. */
  promise<T>(name: string, serde?: Serde<T>): DurablePromise<T>;
}

/** The context of a workflow's `run` handler: read-write state and the workflow's durable promises. */
export interface WorkflowContext<TState extends TypedState = UntypedState>
  extends WorkflowSharedContext<TState>,
    ObjectContext<TState> {}
