// createTestContext(): run handlers in process, with no server. Each invocation is driven
// through the real engine the way the Restate server drives it in request/response mode: the
// journal is replayed at every await, so a handler that is not deterministic fails at once.
// This file wires the parts and is the test's view of them: the registry of definitions, the
// state stores, the scheduler that runs invocations, the fake server that answers their
// commands, and the recorder of what they did.
import { type Definition, defaultSerde, TerminalError } from "@resolute/core";
import { FakeServer } from "./fake-server.js";
import { CANCEL_SIGNAL, type Outcome } from "./invocation.js";
import type { Args, Out, TestContextOptions } from "./options.js";
import { PromiseStore } from "./promise-store.js";
import { Recorder } from "./recorder.js";
import { Registry } from "./registry.js";
import { ALREADY_INVOKED, Scheduler } from "./scheduler.js";
import { StateStores, type StateView, type Store } from "./state-stores.js";

export type { StateView, TestContextOptions };

/** Runs handlers in process through the real engine, with scriptable state, runs, calls and timers; made by `createTestContext`. */
export class TestContext {
  private readonly key: string;
  private readonly registry: Registry;
  private readonly stores: StateStores;
  private readonly promises = new PromiseStore();
  private readonly scheduler: Scheduler;
  private readonly server: FakeServer;
  private readonly recorder = new Recorder();
  /** The store of the context's key of the object or workflow that `invoke` ran last. */
  private own: Store | undefined;
  /** The workflow that `invoke` ran last: whose promises `resolvePromise` completes by default. */
  private lastWorkflow: Definition | undefined;

  /** What the handlers did, for assertions. */
  readonly runs = this.recorder.runs;
  readonly sleeps = this.recorder.sleeps;
  readonly sends = this.recorder.sends;
  readonly calls = this.recorder.calls;
  readonly awakeables = this.recorder.awakeables;

  constructor(opts: TestContextOptions = {}) {
    this.key = opts.key ?? "test";
    this.registry = new Registry(opts.logger);
    this.stores = new StateStores(this.key, opts.state);
    this.scheduler = new Scheduler(this.registry, this.stores, {
      maxAttempts: opts.maxAttempts ?? 10,
      seed: opts.seed ?? 1n,
    });
    this.server = new FakeServer(this.registry, this.scheduler, this.recorder, this.promises, opts);
    this.scheduler.serveWith(this.server);
    for (const def of opts.services ?? []) this.registry.register(def);
  }

  /**
   * The state of the context's key of the object or workflow that `invoke` ran last:
   * synchronous reads and writes of plain values. Before the first `invoke`, writes add to the
   * initial state (the `state` option) that every object and workflow starts with at that key.
   */
  get state(): StateView {
    return StateStores.view(this.own ?? this.stores.seed);
  }

  /** The state of any object or workflow key (default: the context's key), shared with calls. */
  stateOf(def: Definition, key: string = this.key): StateView {
    return StateStores.view(this.stores.of(def.name, key));
  }

  /** Invokes a handler in process; resolves with its result or throws its error. */
  async invoke<D extends Definition, K extends Extract<keyof D["handlers"], string>>(
    def: D,
    handler: K,
    ...input: Args<D, K>
  ): Promise<Out<D, K>> {
    this.registry.register(def);
    const key = def.kind === "service" ? "" : this.key;
    if (def.kind !== "service") this.own = this.stores.of(def.name, key);
    if (def.kind === "workflow") this.lastWorkflow = def;
    const target = { service: def.name, handler, key };
    // As on the server, a workflow key runs once: a second run fails, whatever the first did.
    if (this.scheduler.previousRun(target))
      throw new TerminalError(ALREADY_INVOKED.message, { errorCode: ALREADY_INVOKED.code });
    const serdes = this.registry.serdes(def.name, handler);
    const inv = this.scheduler.start(target, serdes.input.serialize(input[0]));
    const outcome = await new Promise<Outcome>((resolve) => inv.whenDone(resolve));
    if ("value" in outcome) return serdes.output.deserialize(outcome.value) as Out<D, K>;
    const { code, message } = outcome.failure;
    throw outcome.terminal ? new TerminalError(message, { errorCode: code }) : new Error(message);
  }

  /**
   * Resolves once nothing in this context can move without the test: every invocation has
   * ended or waits on an awakeable, a held timer, a promise or a signal, and no scripted answer
   * (`onCall`) is pending. Await it instead of polling with timers.
   */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** Completes an awakeable created by a handler of this context. */
  resolveAwakeable(id: string, value?: unknown): void {
    this.server.completeAwakeable(id, { value: defaultSerde.serialize(value) });
  }

  /** Fails an awakeable created by a handler of this context. */
  rejectAwakeable(id: string, reason: string): void {
    this.server.completeAwakeable(id, { failure: { code: 500, message: reason } });
  }

  /**
   * Completes a durable promise of a workflow instance, as a handler's `resolve` would: of
   * `workflow` (default: the workflow `invoke` ran last, or the only one the context has) at
   * `key` (default: the context's key). Each workflow has promises of its own.
   */
  resolvePromise(
    name: string,
    value?: unknown,
    workflow?: Definition,
    key: string = this.key,
  ): void {
    const def = workflow ?? this.lastWorkflow ?? soleOf(this.registry.workflows());
    if (def?.kind !== "workflow") {
      throw new Error(
        workflow
          ? `${workflow.name} is not a workflow: durable promises belong to workflows.`
          : `Which workflow's promise "${name}"? Pass its definition: t.resolvePromise("${name}", value, workflow).`,
      );
    }
    this.promises.complete({ workflow: def.name, key }, name, {
      value: defaultSerde.serialize(value),
    });
  }

  /** Lets time pass: starts every delayed send and completes every sleep held with `holdTimers`, earliest first. */
  fireTimers(): void {
    this.server.fireTimers();
  }

  /** Cancels one invocation by id, or every invocation of this context that is running. */
  cancel(invocationId?: string): void {
    const ids =
      invocationId !== undefined
        ? [invocationId]
        : this.scheduler
            .all()
            .filter((i) => !i.outcome)
            .map((i) => i.debugId);
    for (const id of ids)
      this.server.deliver(id, { signalId: CANCEL_SIGNAL, void: true }, "a cancellation");
  }
}

function soleOf<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

/** A context for unit tests: handlers run in process, no server. */
export function createTestContext(options?: TestContextOptions): TestContext {
  return new TestContext(options);
}
