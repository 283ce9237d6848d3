// The facts hooks get about an attempt: read from the vm when asked, so a hook that ignores
// them costs nothing.
import type { Attempt } from "./hooks.js";
import type { Invocation } from "./invocation.js";

export function attemptOf(inv: Invocation, service: string, handler: string): Attempt {
  const vm = inv.vm;
  const start = vm.start;
  const journalLength = start.knownEntries ?? 0;
  return {
    service,
    handler,
    key: vm.key === "" ? undefined : vm.key,
    invocationId: vm.invocationId,
    journalLength,
    // The input is the first entry: more than that means recorded commands to replay.
    replaying: journalLength > 1,
    retryCount: start.retryCountSinceLastStoredEntry ?? 0,
    get closeReason() {
      return vm.closeReason;
    },
    get failure() {
      const f = vm.failure;
      return f === undefined ? undefined : { code: f.code, message: f.message };
    },
  };
}
