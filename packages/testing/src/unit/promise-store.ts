// Workflow durable promises of a test context, per workflow key: completed once, read by any
// handler of that workflow instance, waited for by `get` until then.

export type Outcome = { value?: Uint8Array; failure?: { code?: number; message?: string } };

export class PromiseStore {
  private readonly done = new Map<string, Outcome>();
  private readonly waiting = new Map<string, ((o: Outcome) => void)[]>();

  get(key: string, name: string): Outcome | undefined {
    return this.done.get(`${key}\u0000${name}`);
  }

  /** Completes the promise; false if it was already completed. */
  complete(key: string, name: string, outcome: Outcome): boolean {
    const id = `${key}\u0000${name}`;
    if (this.done.has(id)) return false;
    this.done.set(id, outcome);
    for (const fire of this.waiting.get(id) ?? []) fire(outcome);
    this.waiting.delete(id);
    return true;
  }

  /** Calls `fire` when the promise is completed (at once if it is). */
  whenDone(key: string, name: string, fire: (o: Outcome) => void): void {
    const id = `${key}\u0000${name}`;
    const outcome = this.done.get(id);
    if (outcome) return fire(outcome);
    const list = this.waiting.get(id) ?? [];
    list.push(fire);
    this.waiting.set(id, list);
  }
}
