// The two ways a payload conversion fails, as terminal errors: retrying cannot fix bad bytes or an
// unserializable value, so neither should burn through the retry policy.
import { TerminalError } from "../errors/terminal-error.js";

/** Bytes that cannot be read: the sender's fault, so 400. */
export function deserializeError(problem: string, fix: string, cause?: unknown): TerminalError {
  return new TerminalError(`Cannot deserialize the payload: ${problem}. ${fix}`, {
    errorCode: 400,
    cause,
  });
}

/** A value that cannot be written: the handler's fault, so 500. */
export function serializeError(problem: string, fix: string, cause?: unknown): TerminalError {
  return new TerminalError(`Cannot serialize the value: ${problem}. ${fix}`, {
    errorCode: 500,
    cause,
  });
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
