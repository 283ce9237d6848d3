// Invocations by idempotency key, as the server keeps them: a call or send with a key it has
// seen for the same target (service, object or workflow key, handler) does not start a new
// invocation; it gets the first one's id and, for a call, its result or failure.
import type { InvocationIds, Outcome, Target } from "./invocation.js";

/** What a call or send with a known key reaches: the first invocation, running or ended. */
export interface Reachable {
  readonly ids: InvocationIds;
  readonly outcome: Outcome | undefined;
  whenDone(fire: (o: Outcome) => void): void;
}

/**
 * The answer of an `onCall` function to a call with a key, kept like an invocation so a second
 * call with the key gets it without asking again; or a send that never runs (its service is not
 * in the context), whose outcome never comes.
 */
export class ScriptedInvocation implements Reachable {
  outcome: Outcome | undefined;
  private readonly ended: ((o: Outcome) => void)[] = [];
  readonly ids: InvocationIds;

  constructor(ids: InvocationIds) {
    this.ids = ids;
  }

  finish(outcome: Outcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    for (const fire of this.ended.splice(0)) fire(outcome);
  }

  whenDone(fire: (o: Outcome) => void): void {
    if (this.outcome) fire(this.outcome);
    else this.ended.push(fire);
  }
}

export class IdempotencyTable {
  private readonly byKey = new Map<string, Reachable>();

  get(target: Target, idempotencyKey: string): Reachable | undefined {
    return this.byKey.get(keyOf(target, idempotencyKey));
  }

  set(target: Target, idempotencyKey: string, reached: Reachable): void {
    this.byKey.set(keyOf(target, idempotencyKey), reached);
  }
}

function keyOf(t: Target, idempotencyKey: string): string {
  return [t.service, t.key, t.handler, idempotencyKey].join("\u0000");
}
