// Test driver for the sans-IO vm: feeds runtime->sdk frames (in any chunking), runs a scripted
// handler written as a generator (it yields the handles it awaits, the driver answers with the
// handle that completed), and collects what the vm wrote.
import { decodeMessage } from "../../src/protocol/codec.js";
import { MessageType as M, messageTypeName } from "../../src/protocol/message-type.js";
import type { ErrorMessage } from "../../src/protocol/messages.js";
import { InvocationVm, type RunResult } from "../../src/vm/invocation-vm.js";
import { type AsyncResult, CANCEL_HANDLE, type Handle } from "../../src/vm/result.js";
import { toHex } from "../support/vectors.js";

export type Await = readonly Handle[];
export type Script = Generator<Await, void, Handle>;
/** A scripted handler: the syscalls the recorded handler made, yielding where it awaited. */
export type Handler = (vm: InvocationVm) => Script | undefined | void;

/** One thing arriving from the runtime: a frame, or the end of the request body. */
export type InputEvent = Uint8Array | "end";
export const END = "end";

export type Chunking = "frames" | "whole" | "bytes" | { splitAt: number } | { seed: number };

export const CHUNKINGS: readonly [string, Chunking][] = [
  ["one frame per chunk", "frames"],
  ["all available bytes in one chunk", "whole"],
  ["one byte per chunk", "bytes"],
  ["random cuts, seed 1", { seed: 1 }],
  ["random cuts, seed 7", { seed: 7 }],
];

/** Thrown by awaitOn when the cancel signal wins; the driver then ends like the endpoint does. */
export class Cancelled extends Error {}

export function* awaitOn(vm: InvocationVm, h: Handle): Generator<Await, AsyncResult, Handle> {
  const got = yield [h, CANCEL_HANDLE];
  if (got === CANCEL_HANDLE && h !== CANCEL_HANDLE) throw new Cancelled();
  return vm.result(got)!;
}

export interface DriveOptions {
  readonly version?: number;
  /** Delivered before the handler starts. */
  readonly initial: readonly InputEvent[];
  /** Delivered one at a time whenever the handler waits, the rest after it finished. */
  readonly later?: readonly InputEvent[];
  readonly handler?: Handler;
  readonly chunking?: Chunking;
  readonly maxMessageSize?: number;
}

export interface Driven {
  readonly vm: InvocationVm;
  readonly out: Uint8Array[];
  /** Set when the handler waited with no input left to deliver. */
  readonly blockedOn: Await | undefined;
}

export function drive(o: DriveOptions): Driven {
  const out: Uint8Array[] = [];
  const vm = new InvocationVm({
    protocolVersion: o.version ?? 6,
    output: (frame) => out.push(frame),
    ...(o.maxMessageSize === undefined ? {} : { maxMessageSize: o.maxMessageSize }),
  });
  const chunking = o.chunking ?? "frames";
  const later = [...(o.later ?? [])];
  const deliverNext = () => deliver(vm, [later.shift()!], chunking);
  deliver(vm, o.initial, chunking);
  while (!vm.ready && !vm.closed && later.length > 0) deliverNext();
  let blockedOn: Await | undefined;
  if (o.handler && vm.ready) {
    const script = o.handler(vm);
    try {
      let step = script ? script.next() : undefined;
      while (script && step && !step.done) {
        let p = vm.progress(step.value, false);
        while (p.kind === "wait" && later.length > 0) {
          deliverNext();
          p = vm.progress(step.value, false);
        }
        if (p.kind !== "ready") {
          if (p.kind === "wait") blockedOn = step.value;
          script.return();
          break;
        }
        step = script.next(p.handle);
      }
    } catch (e) {
      if (!(e instanceof Cancelled)) throw e;
      vm.output({ failure: { code: 409, message: "Cancelled" } });
    }
  }
  while (later.length > 0) deliverNext();
  return { vm, out, blockedOn };
}

/** A vm fed with the given events, one push per frame, without a handler. */
export function openVm(
  events: readonly InputEvent[],
  o: { version?: number; maxMessageSize?: number } = {},
): { vm: InvocationVm; out: Uint8Array[] } {
  return drive({ initial: events, ...o });
}

function deliver(vm: InvocationVm, events: readonly InputEvent[], chunking: Chunking): void {
  let frames: Uint8Array[] = [];
  const flush = () => {
    for (const chunk of chunksOf(frames, chunking)) vm.push(chunk);
    frames = [];
  };
  for (const e of events) {
    if (e === END) {
      flush();
      vm.end();
    } else frames.push(e);
  }
  flush();
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

function chunksOf(frames: readonly Uint8Array[], chunking: Chunking): Uint8Array[] {
  if (chunking === "frames") return [...frames];
  const all = concat(frames);
  if (chunking === "whole") return [all];
  if (chunking === "bytes") return Array.from(all, (_, i) => all.subarray(i, i + 1));
  if ("splitAt" in chunking) {
    const at = Math.min(chunking.splitAt, all.length);
    return [all.subarray(0, at), all.subarray(at)];
  }
  const random = mulberry32(chunking.seed);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (let i = 1; i <= all.length; i++) {
    if (i === all.length || random() < 0.15) {
      chunks.push(all.subarray(from, i));
      from = i;
    }
  }
  return chunks;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- looking at frames ------------------------------------------------------------------

export interface DecodedFrame {
  readonly type: number;
  readonly flags: number;
  readonly msg: Record<string, unknown>;
}

export function decodeFrame(frame: Uint8Array): DecodedFrame {
  const type = (frame[0]! << 8) | frame[1]!;
  const flags = (frame[2]! << 8) | frame[3]!;
  return { type, flags, msg: decodeMessage(type, frame.subarray(8)) as Record<string, unknown> };
}

export function hexes(frames: readonly Uint8Array[]): string[] {
  return frames.map(toHex);
}

/** The ErrorMessage the vm wrote last; fails the test if the last frame is something else. */
export function lastError(out: readonly Uint8Array[]): ErrorMessage {
  const last = out.at(-1);
  if (!last) throw new Error("the vm wrote nothing");
  const f = decodeFrame(last);
  if (f.type !== M.Error) throw new Error(`last frame is ${messageTypeName(f.type)}, not Error`);
  return f.msg as unknown as ErrorMessage;
}

/** Fields that legitimately differ from the recording; compared structurally without them. */
export interface Volatile {
  /** Also ignore ErrorMessage.message (the official SDK's wording differs). */
  readonly errorMessage?: boolean;
}

const volatileFields = new Map<number, string[]>([
  [M.SleepCommand, ["wakeUpTime"]],
  [M.OneWayCallCommand, ["invokeTime"]],
  [M.Error, ["stacktrace"]],
]);

/** How a frame is compared: hex, or for volatile kinds its decoded fields minus volatile ones. */
export function frameView(hex: string, v: Volatile = {}): string {
  const bytes = Uint8Array.from(Buffer.from(hex, "hex"));
  const f = decodeFrame(bytes);
  const drop = volatileFields.get(f.type);
  if (!drop) return hex;
  const msg = { ...f.msg };
  for (const k of drop) delete msg[k];
  if (f.type === M.Error && v.errorMessage) delete msg.message;
  const fields = JSON.stringify(msg, (_, x) =>
    x instanceof Uint8Array ? toHex(x) : typeof x === "bigint" ? x.toString() : x,
  );
  return `${messageTypeName(f.type)} flags=${f.flags} ${fields}`;
}

/** Names what is compared structurally instead of byte for byte, for test titles. */
export function volatileNote(expectedHex: readonly string[], v: Volatile = {}): string {
  const types = new Set(expectedHex.map((h) => Number.parseInt(h.slice(0, 4), 16)));
  const parts: string[] = [];
  if (types.has(M.SleepCommand)) parts.push("Sleep wakeUpTime");
  if (types.has(M.OneWayCallCommand)) parts.push("OneWayCall invokeTime");
  if (types.has(M.Error))
    parts.push(
      v.errorMessage ? "ErrorMessage stacktrace and message text" : "ErrorMessage stacktrace",
    );
  return parts.length === 0 ? "" : ` (${parts.join(", ")} ignored: compared structurally)`;
}

// ---- payload helpers -----------------------------------------------------------------------

const te = new TextEncoder();
const td = new TextDecoder();

export const utf8 = (s: string): Uint8Array => te.encode(s);
export const json = (v: unknown): Uint8Array => te.encode(JSON.stringify(v));
export const parse = (b: Uint8Array | undefined): unknown => JSON.parse(td.decode(b ?? json(null)));
export const text = (b: Uint8Array): string => td.decode(b);

/** A completed handle's result as what a handler would return. */
export function asOutput(r: AsyncResult): RunResult {
  if (r.kind === "value") return { value: r.value };
  if (r.kind === "failure") return { failure: r.failure };
  throw new Error(`cannot output a ${r.kind} result`);
}

export function jsonValue(r: AsyncResult): unknown {
  if (r.kind !== "value") throw new Error(`expected a value, got ${r.kind}`);
  return parse(r.value);
}
