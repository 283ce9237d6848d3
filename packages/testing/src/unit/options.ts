// What createTestContext takes, and the types it infers from definitions.
import type { Definition, HandlersOf, LogSink } from "@resolute/core";
import type { HandlerArgs, HandlerResult } from "@resolute/core/adapter";

/** Options of `createTestContext`: the key, initial state, services to call in process, call answers, timers, attempts and seed. */
export interface TestContextOptions {
  /** Key of the objects and workflows invoked by `invoke` (default "test"). */
  key?: string;
  /** Initial state of that key, as plain values, for every object and workflow. */
  state?: Record<string, unknown>;
  /** Services, objects and workflows that calls from the handler are routed to, in process. */
  services?: Definition[];
  /**
   * Answers calls to services that are not in `services` (a TerminalError fails the call with
   * its code). Without it, such calls fail with a 404 that names the service. A second call
   * with the same idempotency key (and target) gets the first answer without asking again.
   */
  onCall?: (call: {
    service: string;
    handler: string;
    key: string | undefined;
    input: unknown;
    idempotencyKey?: string;
  }) => unknown;
  /**
   * Keep sleeps pending until `fireTimers()` (default: they complete at once). Delayed sends
   * wait for `fireTimers()` either way.
   */
  holdTimers?: boolean;
  /** Attempts per invocation before a retryable failure is thrown (default 10). */
  maxAttempts?: number;
  /** Seed of ctx.rand (default 1). */
  seed?: bigint;
  /** Where ctx.console writes (default: the console). */
  logger?: LogSink;
}

/** What handler `K` of definition `D` resolves to. */
export type Out<D, K extends string> = K extends keyof HandlersOf<D>
  ? HandlerResult<HandlersOf<D>[K]>
  : never;
/** The handler's arguments after the context: `[input]`, `[input?]` or `[]`. */
export type Args<D, K extends string> = K extends keyof HandlersOf<D>
  ? HandlerArgs<HandlersOf<D>[K]>
  : never;
