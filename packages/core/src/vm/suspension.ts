// The SuspensionMessage for what the handler awaits: flat id lists up to V6, a Future in V7.
import type { Handle } from "./result.js";

const FIRST_COMPLETED = 1;

export function suspensionMessage(awaited: readonly Handle[], protocolVersion: number): object {
  const completions: number[] = [];
  const signals: number[] = [];
  const named: string[] = [];
  for (const h of awaited) {
    if (typeof h === "string") named.push(h.slice("signal:".length));
    else if (h > 0) completions.push(h);
    else if (h < 0) signals.push(-h);
  }
  const lists = {
    waitingCompletions: completions,
    waitingSignals: signals,
    waitingNamedSignals: named,
  };
  // The server resumes on any of them; V7 says so with a FIRST_COMPLETED future.
  return protocolVersion >= 7
    ? { awaitingOn: { ...lists, combinatorType: FIRST_COMPLETED } }
    : lists;
}
