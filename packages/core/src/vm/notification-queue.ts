// Results in journal order. The handler consumes them through `next`, which walks the queue
// only as far as the first awaited handle: the same walk live and on replay, so races resolve
// the same way every time.
import { type AsyncResult, type Handle, VOID } from "./result.js";

/** What stays of a result handed over for good: the fact that it arrived, not its bytes. */
const HANDED_OVER = { result: VOID, seq: -1 };

export class NotificationQueue {
  private readonly arrived = new Map<Handle, { result: AsyncResult; seq: number }>();
  private readonly order: Handle[] = [];
  private cursor = 0;

  /** A notification arrived (or was replayed). Duplicates on a retried stream: the first wins. */
  arrive(handle: Handle, result: AsyncResult): void {
    if (this.arrived.has(handle)) return;
    this.arrived.set(handle, { result, seq: this.order.length });
    this.order.push(handle);
  }

  /** A result known at once (eager state): complete and already consumed. */
  eager(handle: Handle, result: AsyncResult): void {
    this.arrived.set(handle, { result, seq: -1 });
  }

  /** Notifications arrived that no `next` walked past yet. */
  get unread(): boolean {
    return this.cursor < this.order.length;
  }

  has(handle: Handle): boolean {
    return this.arrived.has(handle);
  }

  result(handle: Handle): AsyncResult | undefined {
    return this.arrived.get(handle)?.result;
  }

  /** The handler got this result and cannot ask for it again: drop it, keep that it arrived. */
  forget(handle: Handle): void {
    if (this.arrived.has(handle)) this.arrived.set(handle, HANDED_OVER);
  }

  /** The first awaited handle that is complete, consuming notifications in order to find it. */
  next(awaited: readonly Handle[]): Handle | undefined {
    for (const h of awaited) {
      const e = this.arrived.get(h);
      if (e !== undefined && e.seq < this.cursor) return h;
    }
    while (this.cursor < this.order.length) {
      const h = this.order[this.cursor++]!;
      if (awaited.includes(h)) return h;
    }
    return undefined;
  }
}
