// Per-command facts used by replay matching and error messages, as data instead of switches.
import { MessageType as M, messageTypeName } from "../protocol/message-type.js";
import type { CommandMessage } from "../protocol/messages.js";

/** Fields that legitimately differ between the original run and a replay. */
const volatileFields: ReadonlyMap<number, readonly string[]> = new Map([
  [M.SleepCommand, ["wakeUpTime"]],
  [M.OneWayCallCommand, ["invokeTime"]],
]);

const decoder = new TextDecoder();

function text(v: unknown): string {
  return v instanceof Uint8Array ? decoder.decode(v) : String(v);
}

/** The context call that issues each command, so messages speak the user's language. */
const issuedBy: ReadonlyMap<number, string> = new Map([
  [M.OutputCommand, "the handler's return"],
  [M.GetLazyStateCommand, "ctx.get"],
  [M.GetEagerStateCommand, "ctx.get"],
  [M.SetStateCommand, "ctx.set"],
  [M.ClearStateCommand, "ctx.clear"],
  [M.ClearAllStateCommand, "ctx.clearAll"],
  [M.GetLazyStateKeysCommand, "ctx.stateKeys"],
  [M.GetEagerStateKeysCommand, "ctx.stateKeys"],
  [M.GetPromiseCommand, "ctx.promise().get"],
  [M.PeekPromiseCommand, "ctx.promise().peek"],
  [M.CompletePromiseCommand, "ctx.promise().resolve/reject"],
  [M.SleepCommand, "ctx.sleep"],
  [M.CallCommand, "a client call"],
  [M.OneWayCallCommand, "a send client call"],
  [M.SendSignalCommand, "ctx.cancel"],
  [M.RunCommand, "ctx.run"],
  [M.AttachInvocationCommand, "ctx.attach"],
  [M.GetInvocationOutputCommand, "getting an invocation's output"],
  [M.CompleteAwakeableCommand, "ctx.resolveAwakeable/rejectAwakeable"],
]);

/** A short human description: kind, what identifies it (name, key, target), the context call. */
export function describeCommand(type: number, cmd: CommandMessage): string {
  const kind = messageTypeName(type).replace(/Command$/, "");
  const parts: string[] = [kind];
  if (cmd.serviceName !== undefined) {
    const key = cmd.key ? `/${text(cmd.key)}` : "";
    parts.push(`${text(cmd.serviceName)}${key}/${text(cmd.handlerName)}`);
  }
  if (cmd.key !== undefined && cmd.serviceName === undefined) parts.push(`key "${text(cmd.key)}"`);
  if (cmd.awakeableId !== undefined) parts.push(`awakeable ${text(cmd.awakeableId)}`);
  if (cmd.targetInvocationId !== undefined) parts.push(`to ${text(cmd.targetInvocationId)}`);
  if (cmd.invocationId !== undefined) parts.push(`invocation ${text(cmd.invocationId)}`);
  if (cmd.name) parts.push(`named "${cmd.name}"`);
  const api = issuedBy.get(type);
  return api ? `${parts.join(" ")} (${api})` : parts.join(" ");
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return (
      ka.length === kb.length &&
      ka.every((k) =>
        sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return false;
}

function isEmpty(v: unknown): boolean {
  return (
    v === undefined ||
    v === "" ||
    v === 0 ||
    v === false ||
    (v instanceof Uint8Array && v.length === 0)
  );
}

/** Compares a recorded command with the one the handler issues now; returns differing field names. */
export function commandDifferences(
  type: number,
  recorded: CommandMessage,
  actual: CommandMessage,
): string[] {
  const skip = volatileFields.get(type) ?? [];
  const diffs: string[] = [];
  for (const k of new Set([...Object.keys(recorded), ...Object.keys(actual)])) {
    if (skip.includes(k)) continue;
    const a = recorded[k];
    const b = actual[k];
    // Absent and default are the same thing on the wire.
    if (isEmpty(a) && isEmpty(b)) continue;
    if (!sameValue(a, b)) diffs.push(k);
  }
  return diffs;
}

/** State gets may be recorded as eager or lazy: both match a get of the same key. */
export function isStateGet(type: number): boolean {
  return type === M.GetEagerStateCommand || type === M.GetLazyStateCommand;
}

export function isStateKeys(type: number): boolean {
  return type === M.GetEagerStateKeysCommand || type === M.GetLazyStateKeysCommand;
}

export const DETERMINISM_HINT =
  "The handler must issue the same commands in the same order on every attempt; move non-deterministic logic (Date.now(), Math.random(), external reads) into ctx.run.";

/**
 * How a new command differs from the recorded one: undefined when it matches, [] when it is a
 * different kind of command, else the names of the differing fields.
 */
export function replayDifferences(
  recordedType: number,
  recorded: CommandMessage,
  type: number,
  cmd: CommandMessage,
): string[] | undefined {
  let diffs: string[];
  if (isStateGet(recordedType) && isStateGet(type)) {
    diffs = commandDifferences(type, { key: recorded.key }, { key: cmd.key });
  } else if (isStateKeys(recordedType) && isStateKeys(type)) {
    diffs = [];
  } else if (recordedType !== type) {
    return [];
  } else {
    diffs = commandDifferences(type, recorded, cmd);
  }
  return diffs.length > 0 ? diffs : undefined;
}
