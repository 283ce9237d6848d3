// Invocations by idempotency key, as the server keeps them: a call or send with a key it has
// seen for the same target (service, object or workflow key, handler) does not start a new
// invocation; it gets the first one's id and, for a call, its result or failure.
import type { InvocationOutcome, Target } from "./invocation.js";

export class IdempotencyTable {
  private readonly byKey = new Map<string, InvocationOutcome>();

  get(target: Target, idempotencyKey: string): InvocationOutcome | undefined {
    return this.byKey.get(keyOf(target, idempotencyKey));
  }

  set(target: Target, idempotencyKey: string, reached: InvocationOutcome): void {
    this.byKey.set(keyOf(target, idempotencyKey), reached);
  }
}

function keyOf(t: Target, idempotencyKey: string): string {
  return [t.service, t.key, t.handler, idempotencyKey].join("\u0000");
}
