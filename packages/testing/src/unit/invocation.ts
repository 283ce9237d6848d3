// One invocation of a test context: its id, target, journal and outcome. The scheduler runs its
// attempts; the fake server appends notifications to its journal, which wakes it if it waits.
import { encodeFrame, MessageType } from "@resolute/core/protocol";
import type { Store } from "./state-stores.js";

export interface Target {
  readonly service: string;
  readonly handler: string;
  /** The object or workflow key; "" for services. */
  readonly key: string;
}

/** An invocation's id: `n` in the last 4 of 24 bytes, and its printed form `inv_test<n>`. */
export interface InvocationIds {
  readonly n: number;
  readonly id: Uint8Array;
  readonly debugId: string;
}

export function invocationIds(n: number): InvocationIds {
  const id = new Uint8Array(24);
  new DataView(id.buffer).setUint32(20, n);
  return { n, id, debugId: `inv_test${n}` };
}

/** The `n` of an id in the printed form, or undefined for any other text. */
export function numberOfDebugId(debugId: string): number | undefined {
  const m = /^inv_test(\d+)$/.exec(debugId);
  return m ? Number(m[1]) : undefined;
}

export function numberOfId(id: Uint8Array): number | undefined {
  return id.length === 24 ? new DataView(id.buffer, id.byteOffset).getUint32(20) : undefined;
}

export type Failure = { code: number; message: string };

/** The signal id the server cancels an invocation with. */
export const CANCEL_SIGNAL = 1;

/** How an invocation ended; `terminal: false` when the test context gave up retrying it. */
export type Outcome = { value: Uint8Array } | { failure: Failure; terminal: boolean };

/**
 * An invocation's ids and its outcome, set once. Alone it stands for what a test scripts rather
 * than runs (an `onCall` answer, a send to a service the context lacks), which an idempotency key
 * can reach like a run invocation.
 */
export class InvocationOutcome {
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

  /** Calls `fire` with the outcome when the invocation ends (at once if it has). */
  whenDone(fire: (o: Outcome) => void): void {
    if (this.outcome) fire(this.outcome);
    else this.ended.push(fire);
  }
}

export class Invocation extends InvocationOutcome {
  readonly journal: Uint8Array[];
  /** Names of its runs by completion id, for the recorder. */
  readonly runNames = new Map<number, string>();
  private wake: (() => void) | undefined;

  readonly target: Target;
  readonly store: Store;

  constructor(ids: InvocationIds, target: Target, store: Store, input: Uint8Array) {
    super(ids);
    this.target = target;
    this.store = store;
    this.journal = [encodeFrame(MessageType.InputCommand, { value: input })];
  }

  get debugId(): string {
    return this.ids.debugId;
  }

  /** Appends a notification, as the server does when a result or signal arrives. */
  notify(type: number, fields: object): void {
    this.journal.push(encodeFrame(type, fields));
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Calls `wake` once the journal is longer than `length` (at once if it is already). */
  parkUntilLongerThan(length: number, wake: () => void): void {
    if (this.journal.length > length) return wake();
    this.wake = wake;
  }
}
