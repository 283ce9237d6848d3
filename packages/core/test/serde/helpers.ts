import { expect } from "vitest";
import { TerminalError } from "../../src/errors/terminal-error.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const bytes = (text: string): Uint8Array => encoder.encode(text);
export const text = (data: Uint8Array): string => decoder.decode(data);

/** Runs `fn`, expecting a TerminalError with `code`; returns it for message checks. */
export function terminal(fn: () => unknown, code: number): TerminalError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TerminalError);
    expect((e as TerminalError).code).toBe(code);
    return e as TerminalError;
  }
  throw new Error("expected a TerminalError, nothing was thrown");
}
