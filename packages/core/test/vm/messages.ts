// Builders for service protocol frames, by the field tables of the protocol reference (§5).
// Payloads are JSON: `value` arguments are serialized with JSON.stringify.
// messages.test.ts pins these builders to the recorded vectors' bytes.
import { encodeFrame } from "../../src/protocol/codec.js";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { json, utf8 } from "./driver.js";

/** A notification/command result: a JSON value, a failure, or (undefined) void. */
export type Result =
  | { value: unknown }
  | { failure: { code: number; message: string } }
  | undefined;

export const INVOCATION_ID = Uint8Array.from(Buffer.from(`${"00".repeat(23)}2a`, "hex"));

function withResult(r: Result, valueField = "value", failureField = "failure") {
  if (r === undefined) return { void: true };
  if ("failure" in r) return { [failureField]: r.failure };
  return { [valueField]: json(r.value) };
}

const named = (name: string | undefined) => (name ? { name } : {});

// ---- control ---------------------------------------------------------------------------------

export interface StartOptions {
  knownEntries: number;
  key?: string;
  /** Eager state; the map is complete unless `partial` says otherwise. */
  state?: Record<string, string>;
  partial?: boolean;
  id?: Uint8Array;
  retryCount?: number;
  duration?: number;
}

export function start(o: StartOptions): Uint8Array {
  return encodeFrame(M.Start, {
    id: o.id ?? INVOCATION_ID,
    debugId: "inv_test",
    knownEntries: o.knownEntries,
    stateMap: Object.entries(o.state ?? {}).map(([k, v]) => ({ key: utf8(k), value: utf8(v) })),
    partialState: o.partial ?? o.state === undefined,
    key: o.key ?? "",
    retryCountSinceLastStoredEntry: o.retryCount ?? 0,
    durationSinceLastStoredEntry: o.duration ?? 0,
  });
}

export const end = () => encodeFrame(M.End, {});
export const ack = (id: number) => encodeFrame(M.ProposeRunCompletionAck, { completionId: id });

export function propose(id: number, r: Exclude<Result, undefined>, flags = 0): Uint8Array {
  const msg = "failure" in r ? { failure: r.failure } : { value: json(r.value) };
  return encodeFrame(M.ProposeRunCompletion, { resultCompletionId: id, ...msg }, flags);
}

export interface Waiting {
  completions?: number[];
  signals?: number[];
  named?: string[];
}

const lists = (w: Waiting) => ({
  waitingCompletions: w.completions ?? [],
  waitingSignals: w.signals ?? [],
  waitingNamedSignals: w.named ?? [],
});
export const suspension = (w: Waiting) => encodeFrame(M.Suspension, lists(w));
export const suspensionV7 = (w: Waiting, combinatorType = 1) =>
  encodeFrame(M.Suspension, { awaitingOn: { ...lists(w), combinatorType } });

// ---- commands --------------------------------------------------------------------------------

export const input = (value: unknown = null) => encodeFrame(M.InputCommand, { value: json(value) });
export const output = (value: unknown) => encodeFrame(M.OutputCommand, { value: json(value) });
export const outputFailure = (code: number, message: string) =>
  encodeFrame(M.OutputCommand, { failure: { code, message } });

export const runCmd = (id: number, name = "") =>
  encodeFrame(M.RunCommand, { resultCompletionId: id, ...named(name) });
export const sleepCmd = (id: number, wakeUpTime: number, name = "") =>
  encodeFrame(M.SleepCommand, { wakeUpTime, resultCompletionId: id, ...named(name) });

export const getEager = (key: string, value?: unknown) =>
  encodeFrame(M.GetEagerStateCommand, {
    key: utf8(key),
    ...(value === undefined ? { void: true } : { value: json(value) }),
  });
export const getEagerKeys = (keys: string[]) =>
  encodeFrame(M.GetEagerStateKeysCommand, { keys: keys.map(utf8) });
export const getLazy = (key: string, id: number) =>
  encodeFrame(M.GetLazyStateCommand, { key: utf8(key), resultCompletionId: id });
export const getLazyKeys = (id: number) =>
  encodeFrame(M.GetLazyStateKeysCommand, { resultCompletionId: id });
export const setState = (key: string, value: unknown) =>
  encodeFrame(M.SetStateCommand, { key: utf8(key), value: json(value) });
export const clearState = (key: string) => encodeFrame(M.ClearStateCommand, { key: utf8(key) });
export const clearAll = () => encodeFrame(M.ClearAllStateCommand, {});

export interface Target {
  service: string;
  handler: string;
  key?: string;
  idempotencyKey?: string;
  headers?: { key: string; value: string }[];
  name?: string;
}

export const callCmd = (t: Target, parameter: unknown, idA: number, idB: number) =>
  encodeFrame(M.CallCommand, {
    serviceName: t.service,
    handlerName: t.handler,
    parameter: json(parameter),
    headers: t.headers ?? [],
    key: t.key ?? "",
    ...(t.idempotencyKey === undefined ? {} : { idempotencyKey: t.idempotencyKey }),
    invocationIdNotificationIdx: idA,
    resultCompletionId: idB,
    ...named(t.name),
  });
export const sendCmd = (t: Target, parameter: unknown, idA: number, invokeTime = 0) =>
  encodeFrame(M.OneWayCallCommand, {
    serviceName: t.service,
    handlerName: t.handler,
    parameter: json(parameter),
    invokeTime,
    headers: t.headers ?? [],
    key: t.key ?? "",
    ...(t.idempotencyKey === undefined ? {} : { idempotencyKey: t.idempotencyKey }),
    invocationIdNotificationIdx: idA,
    ...named(t.name),
  });

export const completeAwakeable = (id: string, r: Exclude<Result, undefined>) =>
  encodeFrame(M.CompleteAwakeableCommand, { awakeableId: id, ...withResult(r) });
export const sendSignal = (target: string, signal: number | string, r: Result) =>
  encodeFrame(M.SendSignalCommand, {
    targetInvocationId: target,
    ...(typeof signal === "number" ? { idx: signal } : { signalName: signal }),
    ...withResult(r),
  });

export const promiseGet = (key: string, id: number) =>
  encodeFrame(M.GetPromiseCommand, { key, resultCompletionId: id });
export const promisePeek = (key: string, id: number) =>
  encodeFrame(M.PeekPromiseCommand, { key, resultCompletionId: id });
export const promiseComplete = (key: string, r: Exclude<Result, undefined>, id: number) =>
  encodeFrame(M.CompletePromiseCommand, {
    key,
    ...withResult(r, "completionValue", "completionFailure"),
    resultCompletionId: id,
  });

export type InvocationTarget =
  | { invocationId: string }
  | { workflowTarget: { workflowName: string; workflowKey: string } };
export const attachCmd = (t: InvocationTarget, id: number) =>
  encodeFrame(M.AttachInvocationCommand, { ...t, resultCompletionId: id });
export const getOutputCmd = (t: InvocationTarget, id: number) =>
  encodeFrame(M.GetInvocationOutputCommand, { ...t, resultCompletionId: id });

// ---- notifications ---------------------------------------------------------------------------

export const done = (type: number, id: number, r: Result) =>
  encodeFrame(type, { completionId: id, ...withResult(r) });
export const runDone = (id: number, r: Exclude<Result, undefined>) => done(M.RunCompletion, id, r);
export const sleepDone = (id: number) => done(M.SleepCompletion, id, undefined);
export const getLazyDone = (id: number, r: Result) => done(M.GetLazyStateCompletion, id, r);
export const getLazyKeysDone = (id: number, keys: string[]) =>
  encodeFrame(M.GetLazyStateKeysCompletion, { completionId: id, stateKeys: keys.map(utf8) });
export const callDone = (id: number, r: Exclude<Result, undefined>) =>
  done(M.CallCompletion, id, r);
export const callIdDone = (id: number, invocationId: string) =>
  encodeFrame(M.CallInvocationIdCompletion, { completionId: id, invocationId });

export const signal = (idx: number, r: Result = undefined) =>
  encodeFrame(M.SignalNotification, { signalId: idx, ...withResult(r) });
export const namedSignal = (name: string, r: Result = undefined) =>
  encodeFrame(M.SignalNotification, { signalName: name, ...withResult(r) });
