// Hooks around a handler attempt and around each ctx.run closure, for tracing, metrics and
// error reporting. Shaped like the official SDK's HooksProvider.
import type { Request } from "./request.js";

export interface Interceptor {
  /**
   * Wraps one attempt of the handler. `next()` settles when the attempt ends: it resolves
   * when the handler returned (or the attempt suspended), and rejects with the handler's error.
   */
  handler?(next: () => Promise<void>): Promise<void>;
  /** Wraps one execution of a ctx.run closure; `next()` rejects with the closure's error. */
  run?(name: string, next: () => Promise<void>): Promise<void>;
}

export interface Hooks {
  interceptor?: Interceptor;
}

/** Called once per attempt; returns the hooks for that attempt. */
export type HooksProvider = (ctx: { request: Request }) => Hooks;

/** Runs `inner` inside every interceptor's `pick`, the first one outermost. */
export function intercept(
  interceptors: readonly Interceptor[],
  pick: (i: Interceptor, next: () => Promise<void>) => Promise<void> | undefined,
  inner: () => Promise<void>,
): Promise<void> {
  let next = inner;
  for (let i = interceptors.length - 1; i >= 0; i--) {
    const current = interceptors[i]!;
    const after = next;
    next = () => pick(current, after) ?? after();
  }
  return next();
}
