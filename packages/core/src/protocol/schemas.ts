// Field layouts of every service protocol message, as data. One generic codec (codec.ts) reads
// and writes all of them, so adding a message or a field is a one-line change here.
import { MessageType } from "./message-type.js";

/**
 * How a field is represented in TypeScript:
 * u32/u64/enum → number, u64big → bigint, bool → boolean, str → string, bytes → Uint8Array,
 * value → the bytes of a nested `Value { content }`, void → `true` for an empty nested message,
 * keys → the byte strings of a nested `StateKeys { keys }`, a MessageSchema → a nested object.
 */
export type ScalarKind =
  | "u32"
  | "u64"
  | "u64big"
  | "enum"
  | "bool"
  | "str"
  | "bytes"
  | "value"
  | "void"
  | "keys";

export interface FieldSpec {
  readonly no: number;
  readonly name: string;
  readonly kind: ScalarKind | MessageSchema;
  readonly repeated: boolean;
  /** Written even when zero/empty (proto3 `optional`, oneof members and nested messages). */
  readonly presence: boolean;
}

export interface MessageSchema {
  readonly fields: readonly FieldSpec[];
  readonly byNo: ReadonlyMap<number, FieldSpec>;
}

type FieldDef = [no: number, name: string, kind: ScalarKind | MessageSchema, flags?: "opt" | "rep"];

function schema(...defs: FieldDef[]): MessageSchema {
  const fields = defs
    .map(([no, name, kind, flags]): FieldSpec => {
      const nested =
        typeof kind !== "string" || kind === "value" || kind === "void" || kind === "keys";
      return { no, name, kind, repeated: flags === "rep", presence: flags === "opt" || nested };
    })
    // prost (the server and the official core) writes fields in ascending tag order.
    .sort((a, b) => a.no - b.no);
  return { fields, byNo: new Map(fields.map((f) => [f.no, f])) };
}

const pair = schema([1, "key", "str"], [2, "value", "str"]);
export const FailureSchema = schema(
  [1, "code", "u32"],
  [2, "message", "str"],
  [3, "metadata", pair, "rep"],
);
const stateEntry = schema([1, "key", "bytes"], [2, "value", "bytes"]);

const futureFields: FieldDef[] = [
  [1, "waitingCompletions", "u32", "rep"],
  [2, "waitingSignals", "u32", "rep"],
  [3, "waitingNamedSignals", "str", "rep"],
  [5, "combinatorType", "enum"],
];
// Future is recursive: build it, then add its nested_futures field pointing at itself.
const futureBase = schema(...futureFields);
const futureNested: FieldSpec = {
  no: 4,
  name: "nestedFutures",
  kind: futureBase,
  repeated: true,
  presence: true,
};
(futureBase.fields as FieldSpec[]).splice(3, 0, futureNested);
(futureBase.byNo as Map<number, FieldSpec>).set(4, futureNested);
export const FutureSchema = futureBase;

const workflowTarget = schema(
  [1, "workflowName", "str"],
  [2, "workflowKey", "str"],
  [3, "scope", "str", "opt"],
);
const idempotentRequestTarget = schema(
  [1, "serviceName", "str"],
  [2, "serviceKey", "str", "opt"],
  [3, "handlerName", "str"],
  [4, "idempotencyKey", "str"],
  [5, "scope", "str", "opt"],
);

const name: FieldDef = [12, "name", "str"];
const completionId: FieldDef = [11, "resultCompletionId", "u32"];
const invocationTarget: FieldDef[] = [
  [1, "invocationId", "str", "opt"],
  [3, "idempotentRequestTarget", idempotentRequestTarget],
  [4, "workflowTarget", workflowTarget],
  completionId,
  name,
];

/** Every notification shares one shape. */
const notification = schema(
  [1, "completionId", "u32", "opt"],
  [2, "signalId", "u32", "opt"],
  [3, "signalName", "str", "opt"],
  [4, "void", "void"],
  [5, "value", "value"],
  [6, "failure", FailureSchema],
  [16, "invocationId", "str", "opt"],
  [17, "stateKeys", "keys"],
);

const M = MessageType;
export const schemas: ReadonlyMap<number, MessageSchema> = new Map<number, MessageSchema>([
  [
    M.Start,
    schema(
      [1, "id", "bytes"],
      [2, "debugId", "str"],
      [3, "knownEntries", "u32"],
      [4, "stateMap", stateEntry, "rep"],
      [5, "partialState", "bool"],
      [6, "key", "str"],
      [7, "retryCountSinceLastStoredEntry", "u32"],
      [8, "durationSinceLastStoredEntry", "u64"],
      [9, "randomSeed", "u64big"],
      [10, "scope", "str", "opt"],
      [11, "limitKey", "str", "opt"],
      [12, "idempotencyKey", "str", "opt"],
    ),
  ],
  [
    M.Suspension,
    schema(
      [1, "waitingCompletions", "u32", "rep"],
      [2, "waitingSignals", "u32", "rep"],
      [3, "waitingNamedSignals", "str", "rep"],
      [4, "awaitingOn", FutureSchema],
    ),
  ],
  [
    M.Error,
    schema(
      [1, "code", "u32"],
      [2, "message", "str"],
      [3, "stacktrace", "str"],
      [4, "relatedCommandIndex", "u32", "opt"],
      [5, "relatedCommandName", "str", "opt"],
      [6, "relatedCommandType", "u32", "opt"],
      [8, "nextRetryDelay", "u64", "opt"],
      [9, "behavior", "enum"],
    ),
  ],
  [M.End, schema()],
  [M.CommandAck, schema([1, "commandIndex", "u32"])],
  [
    M.ProposeRunCompletion,
    schema(
      [1, "resultCompletionId", "u32"],
      [14, "value", "bytes", "opt"],
      [15, "failure", FailureSchema],
    ),
  ],
  [M.AwaitingOn, schema([1, "awaitingOn", FutureSchema], [2, "executingSideEffects", "bool"])],
  [M.ProposeRunCompletionAck, schema([1, "completionId", "u32"])],
  [M.InputCommand, schema([1, "headers", pair, "rep"], [14, "value", "value"], name)],
  [M.OutputCommand, schema([14, "value", "value"], [15, "failure", FailureSchema], name)],
  [M.GetLazyStateCommand, schema([1, "key", "bytes"], completionId, name)],
  [M.SetStateCommand, schema([1, "key", "bytes"], [3, "value", "value"], name)],
  [M.ClearStateCommand, schema([1, "key", "bytes"], name)],
  [M.ClearAllStateCommand, schema(name)],
  [M.GetLazyStateKeysCommand, schema(completionId, name)],
  [
    M.GetEagerStateCommand,
    schema([1, "key", "bytes"], [13, "void", "void"], [14, "value", "value"], name),
  ],
  [M.GetEagerStateKeysCommand, schema([14, "keys", "keys"], name)],
  [M.GetPromiseCommand, schema([1, "key", "str"], completionId, name)],
  [M.PeekPromiseCommand, schema([1, "key", "str"], completionId, name)],
  [
    M.CompletePromiseCommand,
    schema(
      [1, "key", "str"],
      [2, "completionValue", "value"],
      [3, "completionFailure", FailureSchema],
      completionId,
      name,
    ),
  ],
  [M.SleepCommand, schema([1, "wakeUpTime", "u64"], completionId, name)],
  [
    M.CallCommand,
    schema(
      [1, "serviceName", "str"],
      [2, "handlerName", "str"],
      [3, "parameter", "bytes"],
      [4, "headers", pair, "rep"],
      [5, "key", "str"],
      [6, "idempotencyKey", "str", "opt"],
      [7, "scope", "str", "opt"],
      [8, "limitKey", "str", "opt"],
      [10, "invocationIdNotificationIdx", "u32"],
      completionId,
      name,
    ),
  ],
  [
    M.OneWayCallCommand,
    schema(
      [1, "serviceName", "str"],
      [2, "handlerName", "str"],
      [3, "parameter", "bytes"],
      [4, "invokeTime", "u64"],
      [5, "headers", pair, "rep"],
      [6, "key", "str"],
      [7, "idempotencyKey", "str", "opt"],
      [8, "scope", "str", "opt"],
      [9, "limitKey", "str", "opt"],
      [10, "invocationIdNotificationIdx", "u32"],
      name,
    ),
  ],
  [
    M.SendSignalCommand,
    schema(
      [1, "targetInvocationId", "str"],
      [2, "idx", "u32", "opt"],
      [3, "signalName", "str", "opt"],
      [4, "void", "void"],
      [5, "value", "value"],
      [6, "failure", FailureSchema],
      name,
    ),
  ],
  [M.RunCommand, schema(completionId, name)],
  [M.AttachInvocationCommand, schema(...invocationTarget)],
  [M.GetInvocationOutputCommand, schema(...invocationTarget)],
  [
    M.CompleteAwakeableCommand,
    schema([1, "awakeableId", "str"], [2, "value", "value"], [3, "failure", FailureSchema], name),
  ],
  [M.GetLazyStateCompletion, notification],
  [M.GetLazyStateKeysCompletion, notification],
  [M.GetPromiseCompletion, notification],
  [M.PeekPromiseCompletion, notification],
  [M.CompletePromiseCompletion, notification],
  [M.SleepCompletion, notification],
  [M.CallCompletion, notification],
  [M.CallInvocationIdCompletion, notification],
  [M.RunCompletion, notification],
  [M.AttachInvocationCompletion, notification],
  [M.GetInvocationOutputCompletion, notification],
  [M.SignalNotification, notification],
]);
