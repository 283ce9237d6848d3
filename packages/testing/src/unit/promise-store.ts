// Workflow durable promises of a test context, per (workflow name, key, promise name): completed
// once, read by any handler of that workflow instance, waited for by `get` until then. Two
// workflows with the same key have promises of their own, as on the server.

export type Outcome = { value?: Uint8Array; failure?: { code?: number; message?: string } };

/** The workflow instance a promise belongs to. */
export interface PromiseOwner {
  readonly workflow: string;
  readonly key: string;
}

function idOf(owner: PromiseOwner, name: string): string {
  return `${owner.workflow}\u0000${owner.key}\u0000${name}`;
}

export class PromiseStore {
  private readonly done = new Map<string, Outcome>();
  private readonly waiting = new Map<string, ((o: Outcome) => void)[]>();

  get(owner: PromiseOwner, name: string): Outcome | undefined {
    return this.done.get(idOf(owner, name));
  }

  /** Completes the promise; false if it was already completed. */
  complete(owner: PromiseOwner, name: string, outcome: Outcome): boolean {
    const id = idOf(owner, name);
    if (this.done.has(id)) return false;
    this.done.set(id, outcome);
    for (const fire of this.waiting.get(id) ?? []) fire(outcome);
    this.waiting.delete(id);
    return true;
  }

  /** Calls `fire` when the promise is completed (at once if it is). */
  whenDone(owner: PromiseOwner, name: string, fire: (o: Outcome) => void): void {
    const id = idOf(owner, name);
    const outcome = this.done.get(id);
    if (outcome) return fire(outcome);
    const list = this.waiting.get(id) ?? [];
    list.push(fire);
    this.waiting.set(id, list);
  }
}
