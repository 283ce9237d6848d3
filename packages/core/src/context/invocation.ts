// Drives one invocation attempt: feeds the vm, runs the handler, and settles durable promises
// one at a time in journal order. Between two settlements a macrotask passes, so the handler's
// microtasks (its reaction to the previous result) finish first: that makes the order of
// commands, and the winner of any race, the same on every replay. Input arrives in a macrotask
// of its own, so a result that arrives while the handler has nothing left to react to is
// handed over at once, without waiting one more event-loop turn.
import { FailureCodes } from "../errors/codes.js";
import { describeThrown, readSafely } from "../errors/describe-thrown.js";
import {
  CancelledError,
  recordedTerminalError,
  type TerminalError,
} from "../errors/terminal-error.js";
import type { Failure } from "../protocol/messages.js";
import type { Serde } from "../serde/serde.js";
import type { InvocationVm } from "../vm/invocation-vm.js";
import { type AsyncResult, CANCEL_HANDLE, type Handle } from "../vm/result.js";
import type { Interceptor, Observer } from "./hooks.js";

export type Scheduler = (task: () => void) => void;

interface Waiter {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Maps the result before resolving, so a caller's mapping costs no promise of its own. */
  map: ((result: AsyncResult) => unknown) | undefined;
}

const defaultScheduler: Scheduler = (task) => {
  setTimeout(task, 0);
};

export class Invocation {
  readonly vm: InvocationVm;
  private readonly schedule: Scheduler;
  // The handles the handler waits on, and who waits on each (same index). Arrays, not a Map:
  // most attempts wait on one handle at a time, and a Map emptied by delete allocates a new
  // table every time (a ctx.run step did so twice).
  private readonly waitHandles: Handle[] = [];
  private readonly waitLists: Waiter[][] = [];
  private scheduled = false;
  private runsExecuting = 0;
  private cancelSeen = false;
  private attemptController: AbortController | undefined;
  /** Invocation ids (or their pending handles) of request/response calls, to cancel them along. */
  readonly childCalls: Handle[] = [];
  /** Interceptors of this attempt (from hooks), applied around each ctx.run closure. */
  interceptors: readonly Interceptor[] = [];
  /** Observers of this attempt's operations (from hooks); undefined when there are none. */
  observers: readonly Observer[] | undefined;
  /** Extra ctx.console fields from hooks; undefined when there are none. */
  logFields: readonly (() => Readonly<Record<string, string>> | undefined)[] | undefined;
  /** Handles whose arrival an observer waits for. */
  private watched: { handle: Handle; done: (r: AsyncResult) => void }[] | undefined;
  private closedWaiters: (() => void)[] | undefined;

  constructor(vm: InvocationVm, schedule: Scheduler = defaultScheduler) {
    this.vm = vm;
    this.schedule = schedule;
  }

  /** Aborts when the attempt ends; created only if someone asks for it. */
  get attemptSignal(): AbortSignal {
    this.attemptController ??= new AbortController();
    return this.attemptController.signal;
  }

  /** Called by the transport after input arrived or ended, and when the vm closes. */
  wake(): void {
    if (this.watched !== undefined) this.checkWatched();
    if (this.vm.closed) {
      this.attemptController?.abort(new CancelledError("The attempt ended"));
      for (const w of this.closedWaiters?.splice(0) ?? []) w();
      // Nothing waited on settles any more: drop the waiters (and the promise reactions behind
      // them), so a finished attempt promoted to old space keeps no young objects alive.
      this.waitHandles.length = 0;
      this.waitLists.length = 0;
      this.childCalls.length = 0;
      this.watched = undefined;
      return;
    }
    if (this.waitHandles.length > 0) this.requestProgress();
  }

  /**
   * Called by the transport after a chunk of input arrived, in a macrotask of its own. Every
   * result handed over while others wait schedules a turn, and so does every wait that a turn
   * could settle; so when none is scheduled, the handler has finished reacting and the vm can
   * choose at once.
   */
  received(): void {
    if (this.scheduled || this.watched !== undefined || this.vm.closed) return this.wake();
    this.progress();
  }

  /** Waits for a handle's result; the vm decides when, in journal order. */
  await(handle: Handle): Promise<AsyncResult>;
  /** Resolves with `map` of the result (rejects if `map` throws), mapped when it settles. */
  await<T>(handle: Handle, map: (result: AsyncResult) => T): Promise<T>;
  await(handle: Handle, map?: (result: AsyncResult) => unknown): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      if (this.vm.closed) return; // the attempt is over: this await never settles
      const waiter: Waiter = { resolve, reject, map };
      const i = this.waitHandles.indexOf(handle);
      if (i >= 0) this.waitLists[i]!.push(waiter);
      else {
        this.waitHandles.push(handle);
        this.waitLists.push([waiter]);
      }
      this.requestProgress();
    });
  }

  /** Resolves when the attempt ended (output written, suspended or failed). */
  whenClosed(): Promise<void> {
    if (this.vm.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.closedWaiters ??= [];
      this.closedWaiters.push(resolve);
    });
  }

  /**
   * Calls `done` once the handle's result reached this attempt, whether or not the handler
   * waits for it: observers measure the operation, not the handler. Never called if the
   * attempt ends first.
   */
  watch(handle: Handle, done: (r: AsyncResult) => void): void {
    const r = this.vm.result(handle);
    if (r !== undefined) return done(r);
    this.watched ??= [];
    this.watched.push({ handle, done });
  }

  private checkWatched(): void {
    const list = this.watched!;
    for (let i = 0; i < list.length; ) {
      const w = list[i]!;
      const r = this.vm.result(w.handle);
      if (r === undefined) {
        i++;
        continue;
      }
      list.splice(i, 1);
      w.done(r);
    }
  }

  runStarted(): void {
    this.runsExecuting++;
  }

  runFinished(): void {
    this.runsExecuting--;
    this.requestProgress();
  }

  private requestProgress(): void {
    if (!this.waitsOn()) this.scheduleProgress();
  }

  private scheduleProgress(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.progress();
    });
  }

  /**
   * Whether a progress turn now would only answer "wait" (see InvocationVm.wouldWait); then it
   * is skipped, since whatever could change the answer asks again: input (`received`), a new
   * wait, the end of a run, the end of the input. A ctx.run step thus costs no event-loop turn
   * of its own: its result is handed over in the macrotask that reads the server's reply.
   */
  private waitsOn(): boolean {
    if (!this.cancelSeen && this.vm.isCompleted(CANCEL_HANDLE)) return false;
    return this.vm.wouldWait(this.waitHandles, this.runsExecuting > 0);
  }

  private progress(): void {
    if (this.waitHandles.length === 0) return;
    const awaited = this.waitHandles.slice();
    if (!this.cancelSeen) awaited.push(CANCEL_HANDLE);
    const p = this.vm.progress(awaited, this.runsExecuting > 0);
    if (p.kind === "closed") {
      this.wake();
      return;
    }
    if (p.kind === "wait") return;
    const i = this.waitHandles.indexOf(p.handle);
    if (i < 0) {
      this.onCancel(); // CANCEL_HANDLE, which no one waits on
    } else {
      const list = this.waitLists[i]!;
      removeAt(this.waitHandles, i);
      removeAt(this.waitLists, i);
      const result = this.vm.result(p.handle)!;
      this.vm.handedOver(p.handle);
      for (const w of list) settle(w, result);
    }
    // The next settlement waits for a macrotask, after the handler's reaction to this one
    // (also when it could tell now that there is none yet: more input may come first).
    if (this.waitHandles.length > 0) this.scheduleProgress();
  }

  /**
   * The cancel signal cancels the calls this invocation waits on, then fails whatever the
   * handler waits on now. Calls whose invocation id is not known yet are waited for first.
   */
  private onCancel(): void {
    this.cancelSeen = true;
    const unknown = this.childCalls.filter((h) => !this.vm.isCompleted(h));
    if (unknown.length === 0) return this.cancelNow();
    void Promise.all(unknown.map((h) => this.await(h))).then(() => this.cancelNow());
  }

  private cancelNow(): void {
    for (const child of this.childCalls) {
      const id = this.vm.result(child);
      if (id?.kind === "invocationId") this.vm.sendSignal(id.invocationId, 1, undefined);
    }
    this.attemptController?.abort(new CancelledError());
    const all = this.waitLists.flat();
    this.waitHandles.length = 0;
    this.waitLists.length = 0;
    const error = new CancelledError();
    for (const w of all) w.reject(error);
  }
}

/** Removes one element in place (splice would also make an array of the removed one). */
function removeAt(list: unknown[], i: number): void {
  for (let j = i + 1; j < list.length; j++) list[j - 1] = list[j];
  list.pop();
}

/** The Failure written to the journal for a TerminalError; odd subclasses cannot make it throw. */
export function failureOf(error: TerminalError): Failure {
  const message = readSafely(error, "message");
  const failure: Failure = {
    code: error.code,
    message: typeof message === "string" ? message : describeThrown(error).message,
  };
  const metadata = readSafely(error, "metadata");
  if (metadata && typeof metadata === "object") {
    failure.metadata = Object.entries(metadata).map(([key, value]) => ({
      key,
      value: String(value),
    }));
  }
  return failure;
}

/** Maps a handle's result to the handler's value: deserialized, or a thrown TerminalError. */
function settle(w: Waiter, result: AsyncResult): void {
  if (w.map === undefined) return w.resolve(result);
  let value: unknown;
  try {
    value = w.map(result);
  } catch (e) {
    return w.reject(e);
  }
  w.resolve(value);
}

export function valueOrThrow<T>(serde: Serde<T>): (r: AsyncResult) => T {
  return (r) => {
    if (r.kind === "value") return serde.deserialize(r.value);
    if (r.kind === "failure") throw terminalErrorOf(r.failure);
    return undefined as T;
  };
}

export function terminalErrorOf(failure: Failure): TerminalError {
  const metadata = failure.metadata?.length
    ? Object.fromEntries(failure.metadata.map((m) => [m.key, m.value]))
    : undefined;
  const code = failure.code ?? FailureCodes.INTERNAL;
  if (code === FailureCodes.CANCELLED && failure.message === "Cancelled")
    return new CancelledError();
  return recordedTerminalError(failure.message ?? "", code, metadata);
}
