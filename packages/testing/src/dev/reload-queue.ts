// The order of reloads in `resolute dev`: one at a time; changes that arrive meanwhile are
// folded into the next one and abort the one in progress, so a version whose import never
// finishes (a top-level await on a connection that never comes) cannot hold back its fix.

/** Loads a version of the code; `signal` aborts when a newer change (or the end) supersedes it. */
export type Load = (changed: string[], signal: AbortSignal) => Promise<void>;

export class ReloadQueue {
  readonly #load: Load;
  #queue: Promise<void> = Promise.resolve();
  #pending: Set<string> | undefined;
  #running: AbortController | undefined;
  #closed = false;

  constructor(load: Load) {
    this.#load = load;
  }

  /** Queues a load for these changed files (none for the first load); resolves when it ends. */
  schedule(files: string[]): Promise<void> {
    if (this.#closed) return this.#queue;
    this.#running?.abort();
    if (this.#pending) {
      for (const file of files) this.#pending.add(file);
      return this.#queue;
    }
    const pending = new Set(files);
    this.#pending = pending;
    this.#queue = this.#queue.then(async () => {
      this.#pending = undefined;
      if (this.#closed) return;
      const running = new AbortController();
      this.#running = running;
      try {
        await this.#load([...pending], running.signal);
      } catch {
        // A load reports its own failures; the next change gets its turn regardless.
      } finally {
        if (this.#running === running) this.#running = undefined;
      }
    });
    return this.#queue;
  }

  /** Queues nothing more and aborts the load in progress; resolves once it has ended. */
  close(): Promise<void> {
    this.#closed = true;
    this.#running?.abort();
    return this.#queue;
  }
}
