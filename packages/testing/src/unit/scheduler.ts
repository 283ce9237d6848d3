// Runs the invocations of a test context, each on its own: attempt after attempt, the way the
// Restate server drives a request/response endpoint, until it ends. An invocation that waits on
// something only another invocation or the test can complete parks until its journal grows.
// The scheduler also knows when nothing can move without the test: `idle()`.
import { MessageType as M } from "@resolute/core/protocol";
import {
  Invocation,
  type InvocationIds,
  invocationIds,
  numberOfDebugId,
  type Target,
} from "./invocation.js";
import { runAttempt, type Written } from "./journal-attempt.js";
import type { Registry } from "./registry.js";
import type { StateStores } from "./state-stores.js";

/** The server's side of each command and suspension an attempt writes. */
export interface ServerPart {
  answer(inv: Invocation, w: Written): void;
  suspended(inv: Invocation, w: Written): void;
}

/** The server's answer to a second call of a workflow's run on one key (observed on 1.7.12). */
export const ALREADY_INVOKED = { code: 409, message: "the workflow method was already invoked" };

/** A map key for one (object or workflow name, key). */
function keyOf(name: string, key: string): string {
  return `${name}\u0000${key}`;
}

export interface SchedulerOptions {
  maxAttempts: number;
  seed: bigint;
}

export class Scheduler {
  private nextN = 1;
  private readonly invocations = new Map<number, Invocation>();
  /** Invocations running an attempt, plus pending work of the context (scripted answers). */
  private busy = 0;
  private idleWaiters: (() => void)[] = [];
  private server: ServerPart | undefined;
  /** Per object or workflow key, its exclusive invocations: the first runs, the rest queue. */
  private readonly exclusive = new Map<string, Invocation[]>();
  /** Per workflow key, its one run. */
  private readonly workflowRuns = new Map<string, Invocation>();
  /** Invocations made by `create` that have not begun: delayed sends waiting for their time. */
  private readonly scheduled = new Set<Invocation>();

  private readonly registry: Registry;
  private readonly stores: StateStores;
  private readonly opts: SchedulerOptions;

  constructor(registry: Registry, stores: StateStores, opts: SchedulerOptions) {
    this.registry = registry;
    this.stores = stores;
    this.opts = opts;
  }

  serveWith(server: ServerPart): void {
    this.server = server;
  }

  /** Takes the next invocation id (for invocations and recorded sends alike). */
  allocate(): InvocationIds {
    return invocationIds(this.nextN++);
  }

  /** The invocation with this printed id, running or ended. */
  find(debugId: string): Invocation | undefined {
    const n = numberOfDebugId(debugId);
    const inv = n === undefined ? undefined : this.invocations.get(n);
    return inv?.debugId === debugId ? inv : undefined;
  }

  byNumber(n: number): Invocation | undefined {
    return this.invocations.get(n);
  }

  /** Every invocation started so far, oldest first. */
  all(): Invocation[] {
    return [...this.invocations.values()];
  }

  /**
   * Starts an invocation of a registered definition; it runs on its own from now on. As on the
   * server, an exclusive handler of an object or workflow key waits for the one before it.
   */
  start(target: Target, input: Uint8Array, ids: InvocationIds = this.allocate()): Invocation {
    const inv = this.create(target, input, ids);
    this.begin(inv);
    return inv;
  }

  /**
   * An invocation that exists (it has an id; attach and signals reach it) but does not run until
   * `begin`: a delayed send waiting for its time.
   */
  create(target: Target, input: Uint8Array, ids: InvocationIds = this.allocate()): Invocation {
    const def = this.registry.definition(target.service);
    if (!def) throw new Error(`No service "${target.service}" in this test context.`);
    const store = def.kind === "service" ? new Map() : this.stores.of(def.name, target.key);
    const inv = new Invocation(ids, target, store, input);
    this.invocations.set(ids.n, inv);
    if (this.registry.isWorkflowRun(target.service, target.handler))
      this.workflowRuns.set(keyOf(target.service, target.key), inv);
    this.scheduled.add(inv);
    return inv;
  }

  /**
   * Ends an invocation that has not begun as cancelled, without running it, as the server does
   * with a scheduled one (attach answers 409 "canceled"); false if it has begun.
   */
  cancelScheduled(inv: Invocation): boolean {
    if (!this.scheduled.delete(inv)) return false;
    inv.finish({ failure: { code: 409, message: "canceled" }, terminal: true });
    return true;
  }

  /** Runs an invocation made by `create`, after the exclusive ones of its key before it. */
  begin(inv: Invocation): void {
    if (!this.scheduled.delete(inv)) return; // begun already, or cancelled before its time
    const { service, handler, key } = inv.target;
    if (
      this.registry.definition(service)?.kind !== "service" &&
      this.registry.isExclusive(service, handler)
    ) {
      const lock = keyOf(service, key);
      const queue = this.exclusive.get(lock) ?? [];
      this.exclusive.set(lock, queue);
      queue.push(inv);
      inv.whenDone(() => {
        queue.shift();
        if (queue.length === 0) this.exclusive.delete(lock);
        else this.run(queue[0]!);
      });
      if (queue.length > 1) return;
    }
    this.run(inv);
  }

  /**
   * The run of this workflow key if `target` is a workflow's run handler and the key has one,
   * running or ended: the server runs a workflow once per key, and answers a second call with
   * {@link ALREADY_INVOKED} and a second send with the first run's id.
   */
  previousRun(target: Target): Invocation | undefined {
    if (!this.registry.isWorkflowRun(target.service, target.handler)) return undefined;
    return this.workflowRun(target.service, target.key);
  }

  /** The run of a workflow key, if it has been started (or scheduled). */
  workflowRun(workflow: string, key: string): Invocation | undefined {
    return this.workflowRuns.get(keyOf(workflow, key));
  }

  private run(inv: Invocation): void {
    this.busy++;
    void this.drive(inv);
  }

  /** Counts `work` as activity of the context until it settles. */
  track<T>(work: () => T | Promise<T>): Promise<T> {
    this.busy++;
    return Promise.resolve()
      .then(work)
      .finally(() => this.release());
  }

  /** Resolves once no invocation runs and no work is pending: all wait on the test, or ended. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      if (this.busy === 0) this.confirmIdle();
    });
  }

  private release(): void {
    if (--this.busy === 0) this.confirmIdle();
  }

  /**
   * Resolves the idle waiters if nothing started within a macrotask: what the count cannot see
   * (a handler's own promise callbacks after its response, say) settles first.
   */
  private confirmIdle(): void {
    setTimeout(() => {
      if (this.busy > 0) return;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }, 0);
  }

  private async drive(inv: Invocation): Promise<void> {
    try {
      await this.attempts(inv);
    } catch (e) {
      inv.finish({ failure: { code: 500, message: String(e) }, terminal: false });
    } finally {
      this.release();
    }
  }

  private async attempts(inv: Invocation): Promise<void> {
    const server = this.server;
    const endpointHandler = this.registry.endpointOf(inv.target.service);
    if (!server || !endpointHandler) throw new Error("The test context is not wired.");
    const { service, handler, key } = inv.target;
    let retries = 0; // attempts failed since the last new journal entry, as the server counts
    let failures = 0;
    for (;;) {
      const known = inv.journal.length;
      const written = await runAttempt(endpointHandler, {
        service,
        handler,
        key,
        id: inv.ids.id,
        debugId: inv.debugId,
        state: inv.store,
        journal: inv.journal,
        retryCount: retries,
        randomSeed: this.opts.seed,
      });
      let error: string | undefined;
      for (const w of written) {
        if (w.type === M.Error) {
          error = w.msg.message as string;
          break;
        }
        if (w.type === M.End) continue;
        if (w.type === M.Suspension) {
          server.suspended(inv, w);
          continue;
        }
        if (w.type !== M.ProposeRunCompletion) inv.journal.push(w.frame);
        if (w.type === M.OutputCommand) {
          const f = w.msg.failure;
          inv.finish(
            f
              ? { failure: { code: f.code ?? 500, message: f.message ?? "" }, terminal: true }
              : { value: w.msg.value ?? new Uint8Array(0) },
          );
          return;
        }
        server.answer(inv, w);
      }
      const grew = inv.journal.length > known;
      if (error !== undefined) {
        if (++failures >= this.opts.maxAttempts) {
          const message = `${service}/${handler} failed ${failures} times: ${error}`;
          inv.finish({ failure: { code: 500, message }, terminal: false });
          return;
        }
        retries = grew ? 1 : retries + 1;
        continue;
      }
      if (grew) {
        retries = 0;
        continue;
      }
      // Suspended on something only the test or another invocation can complete: park until
      // a notification arrives. The wake-up counts as activity at once, so idle() cannot slip
      // in between the notification and the next attempt.
      const seen = inv.journal.length;
      await new Promise<void>((resume) => {
        this.release();
        inv.parkUntilLongerThan(seen, () => {
          this.busy++;
          resume();
        });
      });
    }
  }
}
