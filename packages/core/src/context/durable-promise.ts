// RestatePromise: a lazy, durable promise. Nothing is awaited until someone calls then(), so
// only what the handler really waits for ends up in a suspension. Combinators are the native
// ones over the underlying promises: the invocation settles handles one at a time in journal
// order, which is exactly what makes native and durable combinators replay the same way.
import { CancelledError, TerminalError, TimeoutError } from "../errors/terminal-error.js";
import type { AsyncResult, Handle } from "../vm/result.js";
import { type Duration, durationMs } from "./duration.js";
import type { Invocation } from "./invocation.js";
import { observe } from "./observe.js";
import type { RestatePromise as RestatePromiseType } from "./types.js";

type Source<T> = () => Promise<T>;

export class DurablePromiseImpl<T> implements RestatePromiseType<T> {
  readonly [Symbol.toStringTag] = "RestatePromise";
  /** Undefined for constant promises (RestatePromise.resolve/reject). */
  private readonly inv: Invocation | undefined;
  private readonly source: Source<T>;
  private settled: Promise<T> | undefined;
  private abandonFn: ((reason: unknown) => void) | undefined;

  constructor(inv: Invocation | undefined, source: Source<T>, abandon?: (reason: unknown) => void) {
    this.inv = inv;
    this.source = source;
    this.abandonFn = abandon;
  }

  /** Nobody needs this result any more (it lost a race, or timed out): stop its work. */
  abandon(reason: unknown): void {
    const fn = this.abandonFn;
    this.abandonFn = undefined;
    fn?.(reason);
  }

  /** A promise over one handle, mapping its result. */
  static of<T>(inv: Invocation, handle: Handle, map: (r: AsyncResult) => T): DurablePromiseImpl<T> {
    return new DurablePromiseImpl(inv, () => inv.await(handle).then(map));
  }

  /** The native promise behind this one; creating it registers the wait. */
  promise(): Promise<T> {
    this.settled ??= this.source();
    return this.settled;
  }

  // biome-ignore lint/suspicious/noThenProperty: this is a thenable on purpose
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.promise().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.promise().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.promise().finally(onfinally);
  }

  orTimeout(duration: Duration): RestatePromiseType<T> {
    if (!this.inv) return this; // a constant is already settled
    const timer = sleepPromise(this.inv, durationMs(duration));
    return new DurablePromiseImpl(
      this.inv,
      () =>
        Promise.race([
          this.promise(),
          timer.promise().then(() => {
            const error = new TimeoutError();
            this.abandon(error);
            throw error;
          }),
        ]),
      (reason) => this.abandon(reason),
    );
  }

  map<U>(mapper: (value?: T, failure?: TerminalError) => U): RestatePromiseType<U> {
    return new DurablePromiseImpl(
      this.inv,
      () =>
        this.promise().then(
          (v) => mapper(v, undefined),
          (e: unknown) => {
            if (e instanceof TerminalError) return mapper(undefined, e);
            throw e;
          },
        ),
      (reason) => this.abandon(reason),
    );
  }
}

/** A durable timer: journaled as a Sleep command with an absolute wake-up time. */
export function sleepPromise(inv: Invocation, ms: number, name?: string): DurablePromiseImpl<void> {
  const replayed = inv.observers !== undefined && inv.vm.replaying;
  const handle = inv.vm.sleep(Date.now() + ms, name);
  if (inv.observers) observe(inv, "sleep", "sleep", name ?? "", replayed, handle, undefined, ms);
  return DurablePromiseImpl.of(inv, handle, () => undefined);
}

type Awaited2<T> = T extends PromiseLike<infer U> ? U : T;

function invocationOf(promises: readonly unknown[]): Invocation | undefined {
  for (const p of promises) {
    const inv =
      p instanceof DurablePromiseImpl
        ? (p as unknown as { inv: Invocation | undefined }).inv
        : undefined;
    if (inv) return inv;
  }
  return undefined;
}

function combine<T, R>(
  promises: readonly T[],
  native: (ps: Promise<unknown>[]) => Promise<R>,
  abandonLosers = false,
): RestatePromiseType<R> {
  const inv = invocationOf(promises);
  const durable = promises.filter(
    (p): p is T & DurablePromiseImpl<unknown> => p instanceof DurablePromiseImpl,
  );
  const abandonAll = (reason: unknown) => {
    for (const p of durable) p.abandon(reason);
  };
  return new DurablePromiseImpl(
    inv,
    () => {
      const settled = new Set<unknown>();
      const ps = promises.map((p) => {
        const one = p instanceof DurablePromiseImpl ? p.promise() : Promise.resolve(p);
        return one.finally(() => settled.add(p));
      });
      const result = native(ps);
      if (!abandonLosers) return result;
      // The losers of a race/any keep running unless told: abort their ctx.run closures.
      const abandonLosersNow = () => {
        for (const p of durable)
          if (!settled.has(p)) p.abandon(new CancelledError("Lost a RestatePromise race"));
      };
      return result.then(
        (v) => {
          abandonLosersNow();
          return v;
        },
        (e: unknown) => {
          abandonLosersNow();
          throw e;
        },
      );
    },
    abandonAll,
  );
}

/** A durable promise (the type), see `RestatePromise.all/race/any/allSettled` for the combinators. */
export type RestatePromise<T> = RestatePromiseType<T>;

/** Durable combinators. They accept RestatePromises created by the same context. */
export const RestatePromise = {
  /** An already resolved RestatePromise, e.g. to combine with durable ones. */
  resolve<T>(value: T): RestatePromiseType<Awaited<T>> {
    return new DurablePromiseImpl(undefined, () => Promise.resolve(value));
  },
  /** An already failed RestatePromise. */
  reject<T = never>(reason: TerminalError): RestatePromiseType<T> {
    return new DurablePromiseImpl<T>(undefined, () => Promise.reject(reason));
  },
  /** Waits for all; fails with the first failure. Replays identically. */
  all<const T extends readonly unknown[]>(
    values: T,
  ): RestatePromiseType<{ -readonly [P in keyof T]: Awaited2<T[P]> }> {
    return combine(values, (ps) => Promise.all(ps)) as never;
  },
  /** Settles like the first to settle. Replays identically. */
  race<const T extends readonly unknown[]>(values: T): RestatePromiseType<Awaited2<T[number]>> {
    return combine(values, (ps) => Promise.race(ps), true) as never;
  },
  /** Resolves with the first to resolve; fails when all fail. Replays identically. */
  any<const T extends readonly unknown[]>(values: T): RestatePromiseType<Awaited2<T[number]>> {
    return combine(values, (ps) => Promise.any(ps), true) as never;
  },
  /** Waits for all, with each outcome. Replays identically. */
  allSettled<const T extends readonly unknown[]>(
    values: T,
  ): RestatePromiseType<{ -readonly [P in keyof T]: PromiseSettledResult<Awaited2<T[P]>> }> {
    return combine(values, (ps) => Promise.allSettled(ps)) as never;
  },
};

/** Whether a value is a durable promise of a Resolute context. */
export function isRestatePromise(x: unknown): x is RestatePromiseType<unknown> {
  return x instanceof DurablePromiseImpl;
}
