import type { Failure, NotificationMessage } from "../protocol/messages.js";

/** What a completed handle holds: the result part of a notification, or an eager result. */
export type AsyncResult =
  | { readonly kind: "void" }
  | { readonly kind: "value"; readonly value: Uint8Array }
  | { readonly kind: "failure"; readonly failure: Failure }
  | { readonly kind: "invocationId"; readonly invocationId: string }
  | { readonly kind: "stateKeys"; readonly keys: Uint8Array[] };

export const VOID: AsyncResult = { kind: "void" };

export function resultOf(n: NotificationMessage): AsyncResult {
  if (n.value !== undefined) return { kind: "value", value: n.value };
  if (n.failure !== undefined) return { kind: "failure", failure: n.failure };
  if (n.invocationId !== undefined) return { kind: "invocationId", invocationId: n.invocationId };
  if (n.stateKeys !== undefined) return { kind: "stateKeys", keys: n.stateKeys };
  return VOID;
}

/**
 * A handle names something the handler can wait for: a completion id (positive number), an
 * unnamed signal (negative: -1 is cancellation, -17 the first awakeable) or a named signal.
 */
export type Handle = number | string;

export const CANCEL_HANDLE: Handle = -1;

export function signalHandle(signalId: number): Handle {
  return -signalId;
}

export function namedSignalHandle(name: string): Handle {
  return `signal:${name}`;
}
