// The facts hooks get about an attempt: read from the vm when asked, so a hook that ignores
// them costs nothing.
import type { Attempt } from "./hooks.js";
import type { Invocation } from "./invocation.js";

export function attemptOf(inv: Invocation, service: string, handler: string): Attempt {
  return new AttemptFacts(inv, service, handler);
}

/**
 * Getters on the prototype, not an object literal with getter closures: a literal's getters
 * are new functions per object, which gives every attempt a hidden class of its own.
 */
class AttemptFacts implements Attempt {
  readonly service: string;
  readonly handler: string;
  readonly key: string | undefined;
  readonly invocationId: string;
  readonly journalLength: number;
  readonly replaying: boolean;
  readonly retryCount: number;
  readonly #inv: Invocation;

  constructor(inv: Invocation, service: string, handler: string) {
    const vm = inv.vm;
    const start = vm.start;
    this.service = service;
    this.handler = handler;
    this.key = vm.key === "" ? undefined : vm.key;
    this.invocationId = vm.invocationId;
    this.journalLength = start.knownEntries ?? 0;
    // The input is the first entry: more than that means recorded commands to replay.
    this.replaying = this.journalLength > 1;
    this.retryCount = start.retryCountSinceLastStoredEntry ?? 0;
    this.#inv = inv;
  }

  get closeReason(): Attempt["closeReason"] {
    return this.#inv.vm.closeReason;
  }

  get failure(): Attempt["failure"] {
    const f = this.#inv.vm.failure;
    return f === undefined ? undefined : { code: f.code, message: f.message };
  }
}
