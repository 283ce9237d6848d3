// Results in journal order. The handler consumes them through `next`, which walks the queue
// only as far as the first awaited handle: the same walk live and on replay, so races resolve
// the same way every time.
import { type AsyncResult, type Handle, VOID } from "./result.js";

/** seq of a result that counts as already consumed (eager state, or handed over for good). */
const CONSUMED = -1;

export class NotificationQueue {
  // Completion ids are positive and given out in order, so they index two arrays (a Map grew by
  // one entry and one object per completion, and reallocated its table as it grew); signals,
  // which are rarer, go to a Map made on first use.
  private readonly results: (AsyncResult | undefined)[] = [];
  private readonly seqs: number[] = [];
  private signals: Map<Handle, { result: AsyncResult; seq: number }> | undefined;
  private readonly order: Handle[] = [];
  private cursor = 0;

  /** A notification arrived (or was replayed). Duplicates on a retried stream: the first wins. */
  arrive(handle: Handle, result: AsyncResult): void {
    if (this.has(handle)) return;
    this.put(handle, result, this.order.length);
    this.order.push(handle);
  }

  /** A result known at once (eager state): complete and already consumed. */
  eager(handle: Handle, result: AsyncResult): void {
    this.put(handle, result, CONSUMED);
  }

  /** Notifications arrived that no `next` walked past yet. */
  get unread(): boolean {
    return this.cursor < this.order.length;
  }

  has(handle: Handle): boolean {
    return this.result(handle) !== undefined;
  }

  result(handle: Handle): AsyncResult | undefined {
    return isCompletionId(handle) ? this.results[handle] : this.signals?.get(handle)?.result;
  }

  /** The attempt ended: no result is handed over any more (see InvocationEngine.close). */
  release(): void {
    this.results.length = 0;
    this.seqs.length = 0;
    this.order.length = 0;
    this.signals = undefined;
    this.cursor = 0;
  }

  /** The handler got this result and cannot ask for it again: drop it, keep that it arrived. */
  forget(handle: Handle): void {
    if (this.has(handle)) this.put(handle, VOID, CONSUMED);
  }

  /** The first awaited handle that is complete, consuming notifications in order to find it. */
  next(awaited: readonly Handle[]): Handle | undefined {
    for (const h of awaited) {
      const seq = this.seqOf(h);
      if (seq !== undefined && seq < this.cursor) return h;
    }
    while (this.cursor < this.order.length) {
      const h = this.order[this.cursor++]!;
      if (awaited.includes(h)) return h;
    }
    return undefined;
  }

  /** Where the result is in arrival order (CONSUMED: before all), if it arrived. */
  private seqOf(handle: Handle): number | undefined {
    if (!isCompletionId(handle)) return this.signals?.get(handle)?.seq;
    return this.results[handle] === undefined ? undefined : this.seqs[handle];
  }

  private put(handle: Handle, result: AsyncResult, seq: number): void {
    if (isCompletionId(handle)) {
      this.results[handle] = result;
      this.seqs[handle] = seq;
    } else {
      this.signals ??= new Map();
      this.signals.set(handle, { result, seq });
    }
  }
}

function isCompletionId(handle: Handle): handle is number {
  return typeof handle === "number" && handle > 0;
}
