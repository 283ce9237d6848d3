// The ways a payload conversion fails, as terminal errors: retrying cannot fix bad bytes or an
// unserializable value, so neither should burn through the retry policy.
import { describeThrown, isInstance } from "../errors/describe-thrown.js";
import { resoluteTerminalError, TerminalError } from "../errors/terminal-error.js";

/** Bytes that cannot be read: the sender's fault, so 400. */
export function deserializeError(problem: string, fix: string, cause?: unknown): TerminalError {
  return resoluteTerminalError(
    "RES_ERR_SERDE",
    `Cannot deserialize the payload: ${problem}. ${fix}`,
    cause,
  );
}

/** A value that cannot be written: the handler's fault, so 500. */
export function serializeError(problem: string, fix: string, cause?: unknown): TerminalError {
  return resoluteTerminalError(
    "RES_ERR_SERIALIZE",
    `Cannot serialize the value: ${problem}. ${fix}`,
    cause,
  );
}

/**
 * Serializes with any serde (a custom one too) so that a failure is always terminal: whatever
 * it throws (a getter, a Proxy trap, a bug in the serde) would throw again on every retry.
 */
export function serializeTerminally<T>(
  serde: { serialize(value: T): Uint8Array },
  value: T,
  what: string,
): Uint8Array {
  try {
    return serde.serialize(value);
  } catch (e) {
    if (isInstance(e, TerminalError)) throw e;
    throw serializeError(
      `${what} threw while being serialized (${describeThrown(e).message})`,
      "Return plain data: no getters that throw, no Proxies, no values the serde cannot write",
      e,
    );
  }
}

export function messageOf(e: unknown): string {
  return describeThrown(e).message;
}
