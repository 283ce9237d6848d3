// Turns any thrown value into a failure message, without ever throwing itself: a value whose
// message cannot be read (Object.create(null), a throwing getter, a hostile Proxy) must still
// end the attempt with a recorded failure, never leave it hanging.

import { FailureCodes, isErrorCode } from "./codes.js";
import { ResoluteError } from "./resolute-error.js";

const MAX_RENDERING = 200;

export interface ThrownDescription {
  readonly message: string;
  readonly stacktrace: string;
}

function attempt<T>(read: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** `instanceof` that answers false instead of throwing (a Proxy's getPrototypeOf trap may throw). */
export function isInstance<C extends abstract new (...args: never[]) => unknown>(
  value: unknown,
  ctor: C,
): value is InstanceType<C> {
  const r = attempt(() => value instanceof ctor);
  return r.ok && r.value;
}

/** A property read that answers undefined instead of throwing. */
export function readSafely(value: unknown, key: string): unknown {
  if ((typeof value !== "object" && typeof value !== "function") || value === null)
    return undefined;
  const r = attempt(() => (value as Record<string, unknown>)[key]);
  return r.ok ? r.value : undefined;
}

function shorten(text: string): string {
  return text.length > MAX_RENDERING ? `${text.slice(0, MAX_RENDERING)}…` : text;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  if (Array.isArray(value)) return "array";
  const proto = attempt(() => Object.getPrototypeOf(value));
  if (!proto.ok) return "object";
  if (proto.value === null) return "object with a null prototype";
  const name = readSafely(readSafely(proto.value, "constructor"), "name");
  return typeof name === "string" && name !== "" && name !== "Object" ? `${name} object` : "object";
}

/** A short rendering of any value: JSON where possible, else a tag; never throws. */
export function renderValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(shorten(value));
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "symbol" || typeof value === "function") {
    const r = attempt(() => String(value));
    return r.ok ? shorten(r.value) : typeof value;
  }
  if (typeof value !== "object" || value === null) return String(value);
  const json = attempt(() => JSON.stringify(value));
  if (json.ok && typeof json.value === "string") return shorten(json.value);
  const tag = attempt(() => Object.prototype.toString.call(value));
  return tag.ok ? tag.value : "(unreadable)";
}

function errorMessage(error: unknown): string {
  const message = attempt(() => (error as Error).message);
  const name = readSafely(error, "name");
  const label = typeof name === "string" && name !== "" ? name : "Error";
  if (!message.ok) {
    return `${label} whose message cannot be read (reading it threw ${describeThrown(message.error, 1).message})`;
  }
  if (typeof message.value !== "string") {
    return `${label} whose message is not a string: ${renderValue(message.value)}`;
  }
  return message.value === "" ? `${label} (with an empty message)` : message.value;
}

/**
 * The message and stack to record for a thrown value. An Error gives its own message; any
 * other value is described by its type and a short rendering, with what to throw instead.
 */
export function describeThrown(value: unknown, depth = 0): ThrownDescription {
  if (depth > 1) return { message: "(a value that cannot be described)", stacktrace: "" };
  if (isInstance(value, Error)) {
    const stack = attempt(() => (value as Error).stack);
    return {
      message: errorMessage(value),
      stacktrace: stack.ok && typeof stack.value === "string" ? stack.value : "",
    };
  }
  const what = value == null ? String(value) : `${typeName(value)} ${renderValue(value)}`;
  return {
    message: `A non-Error value was thrown: ${what}. Throw an Error (or a TerminalError to fail without retries) so the failure says what went wrong.`,
    stacktrace: "",
  };
}

/** The code a failed attempt records: Resolute's own, a valid `code` the error carries, or 500. */
export function attemptFailureCode(error: unknown): number {
  if (isInstance(error, ResoluteError)) return error.wireCode;
  const code = readSafely(error, "code");
  return isErrorCode(code) ? code : FailureCodes.INTERNAL;
}
