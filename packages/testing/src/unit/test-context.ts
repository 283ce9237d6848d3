// createTestContext(): run handlers in process, with no server. Each invocation is driven
// through the real engine the way the Restate server drives it in request/response mode: the
// journal is replayed at every await, so a handler that is not deterministic fails at once.
import {
  type Definition,
  defaultSerde,
  type EndpointHandler,
  endpoint,
  handlerSerdes,
  TerminalError,
} from "@resolute/core";
import { encodeFrame, MessageType as M } from "@resolute/core/protocol";
import { awakeableIdOf, fromBase64Url } from "./awakeable-ids.js";
import { runAttempt, type Written } from "./journal-attempt.js";
import type { Args, Out, TestContextOptions } from "./options.js";
import { PromiseStore } from "./promise-store.js";

export type { TestContextOptions };

interface RunningInvocation {
  readonly endpointHandler: EndpointHandler;
  readonly def: Definition;
  readonly service: string;
  readonly handler: string;
  readonly key: string;
  readonly id: Uint8Array;
  readonly debugId: string;
  readonly store: Map<string, Uint8Array>;
  readonly journal: Uint8Array[];
}

interface Parked {
  readonly journal: Uint8Array[];
  wake(): void;
}

const decoder = new TextDecoder();

export class TestContext {
  private readonly opts: TestContextOptions;
  private readonly stores = new Map<string, Map<string, Uint8Array>>();
  private readonly handlers = new Map<string, EndpointHandler>();
  private readonly defs = new Map<string, Definition>();
  private readonly parked = new Map<string, Parked>();
  /** Journals of the invocations running in this context, by invocation id. */
  private readonly journals = new Map<string, Uint8Array[]>();
  private readonly promises = new PromiseStore();
  private readonly timers: (() => void)[] = [];
  private nextId = 1;

  /** What the handlers did, for assertions. */
  readonly runs: string[] = [];
  readonly sleeps: { name: string; ms: number }[] = [];
  readonly sends: {
    service: string;
    handler: string;
    key: string | undefined;
    input: unknown;
    delayMs: number;
  }[] = [];
  readonly calls: { service: string; handler: string; key: string | undefined; input: unknown }[] =
    [];
  readonly awakeables: string[] = [];

  constructor(opts: TestContextOptions = {}) {
    this.opts = opts;
    for (const def of opts.services ?? []) this.register(def);
  }

  /** The state of the invoked key: synchronous reads and writes of plain values. */
  get state() {
    const store = this.storeOf(undefined);
    return {
      get: <T = unknown>(k: string): T | undefined => {
        const v = store.get(k);
        return v === undefined ? undefined : (defaultSerde.deserialize(v) as T);
      },
      set: (k: string, value: unknown) => void store.set(k, defaultSerde.serialize(value)),
      keys: () => [...store.keys()].sort(),
    };
  }

  /** Invokes a handler in process; resolves with its result or throws its error. */
  async invoke<D extends Definition, K extends Extract<keyof D["handlers"], string>>(
    def: D,
    handler: K,
    ...input: Args<D, K>
  ): Promise<Out<D, K>> {
    this.register(def);
    const key = def.kind === "service" ? "" : (this.opts.key ?? "test");
    return (await this.execute(
      def.name,
      handler,
      key,
      handlerSerdes(def, handler).input.serialize(input[0]),
      true,
    )) as Out<D, K>;
  }

  /** Completes an awakeable created by a handler of this context. */
  resolveAwakeable(id: string, value?: unknown): void {
    this.signal(id, { value: defaultSerde.serialize(value) });
  }

  rejectAwakeable(id: string, reason: string): void {
    this.signal(id, { failure: { code: 500, message: reason } });
  }

  /** Completes a workflow durable promise (of the invoked key), as a handler's `resolve` would. */
  resolvePromise(name: string, value?: unknown): void {
    this.promises.complete(this.opts.key ?? "test", name, {
      value: defaultSerde.serialize(value),
    });
  }

  /** Completes every sleep held with `holdTimers`. */
  fireTimers(): void {
    for (const fire of this.timers.splice(0)) fire();
  }

  /** Cancels every invocation of this context that is running. */
  cancel(): void {
    for (const id of [...this.journals.keys()])
      this.deliver(id, { signalId: 1, void: true }, "a cancellation");
  }

  private register(def: Definition): void {
    if (this.handlers.has(def.name)) return;
    this.defs.set(def.name, def);
    this.handlers.set(
      def.name,
      endpoint()
        .bind(def)
        .handler({
          protocolMode: "REQUEST_RESPONSE",
          ...(this.opts.logger ? { logger: this.opts.logger } : {}),
        }),
    );
  }

  private storeOf(key: string | undefined, service?: string): Map<string, Uint8Array> {
    const id = service === undefined ? "__invoked__" : `${service}/${key}`;
    let store = this.stores.get(id);
    if (!store) {
      store = new Map();
      if (service === undefined) {
        for (const [k, v] of Object.entries(this.opts.state ?? {}))
          store.set(k, defaultSerde.serialize(v));
      }
      this.stores.set(id, store);
    }
    return store;
  }

  private async execute(
    service: string,
    handler: string,
    key: string,
    input: Uint8Array,
    invoked: boolean,
  ): Promise<unknown> {
    const endpointHandler = this.handlers.get(service);
    const def = this.defs.get(service);
    if (!endpointHandler || !def) throw new Error(`No service "${service}" in this test context.`);
    const n = this.nextId++;
    const id = new Uint8Array(24);
    new DataView(id.buffer).setUint32(20, n);
    const debugId = `inv_test${n}`;
    const store = invoked ? this.storeOf(undefined) : this.storeOf(key, service);
    const journal: Uint8Array[] = [encodeFrame(M.InputCommand, { value: input })];
    this.journals.set(debugId, journal);
    try {
      return await this.attempts({
        endpointHandler,
        def,
        service,
        handler,
        key,
        id,
        debugId,
        store,
        journal,
      });
    } finally {
      this.journals.delete(debugId);
    }
  }

  /** Runs attempts until the invocation ends, answering its commands as the server would. */
  private async attempts(run: RunningInvocation): Promise<unknown> {
    const { endpointHandler, def, service, handler, key, id, debugId, store, journal } = run;
    let retries = 0; // attempts failed since the last new journal entry, as the server counts
    let failures = 0;
    for (;;) {
      const written = await runAttempt(endpointHandler, {
        service,
        handler,
        id,
        debugId,
        key,
        state: store,
        journal,
        retryCount: retries,
        randomSeed: this.opts.seed ?? 1n,
      });
      const before = journal.length;
      let error: string | undefined;
      for (const w of written) {
        if (w.type === M.Error) {
          error = w.msg.message as string;
          break;
        }
        if (w.type === M.End) continue;
        if (w.type === M.Suspension) {
          for (const signal of w.msg.waitingSignals ?? []) {
            const awakeable = awakeableIdOf(id, signal);
            if (signal >= 17 && !this.awakeables.includes(awakeable))
              this.awakeables.push(awakeable);
          }
          continue;
        }
        if (w.type !== M.ProposeRunCompletion) journal.push(w.frame);
        if (w.type === M.OutputCommand) {
          if (w.msg.failure) {
            throw new TerminalError(w.msg.failure.message ?? "", {
              errorCode: w.msg.failure.code ?? 500,
            });
          }
          return handlerSerdes(def, handler).output.deserialize(w.msg.value ?? new Uint8Array(0));
        }
        await this.answer(w, journal, store, id, key);
      }
      const grew = journal.length > before;
      if (error !== undefined) {
        if (++failures >= (this.opts.maxAttempts ?? 10)) {
          throw new Error(`${service}/${handler} failed ${failures} times: ${error}`);
        }
        retries = grew ? 1 : retries + 1;
        continue;
      }
      if (grew) {
        retries = 0;
        continue;
      }
      // Suspended on something only the test (or another handler) can complete: wait for it.
      await new Promise<void>((wake) => this.parked.set(debugId, { journal, wake }));
      this.parked.delete(debugId);
    }
  }

  /** Plays the server's part for one command the handler wrote. */
  private async answer(
    w: Written,
    journal: Uint8Array[],
    store: Map<string, Uint8Array>,
    id: Uint8Array,
    workflowKey: string,
  ): Promise<void> {
    const m = w.msg;
    const notify = (type: number, fields: object) => journal.push(encodeFrame(type, fields));
    switch (w.type) {
      case M.SetStateCommand:
        store.set(decoder.decode(m.key), m.value ?? new Uint8Array(0));
        return;
      case M.ClearStateCommand:
        store.delete(decoder.decode(m.key));
        return;
      case M.ClearAllStateCommand:
        store.clear();
        return;
      case M.ProposeRunCompletion:
        this.runs.push(this.runNames.get(`${id.join(",")}/${m.resultCompletionId}`) ?? "");
        notify(M.RunCompletion, {
          completionId: m.resultCompletionId,
          ...(m.failure ? { failure: m.failure } : { value: m.value ?? new Uint8Array(0) }),
        });
        return;
      case M.SleepCommand: {
        this.sleeps.push({ name: m.name ?? "", ms: Math.max(0, (m.wakeUpTime ?? 0) - Date.now()) });
        const fire = () =>
          notify(M.SleepCompletion, { completionId: m.resultCompletionId, void: true });
        if (this.opts.holdTimers) {
          this.timers.push(() => {
            fire();
            this.wakeAll();
          });
        } else fire();
        return;
      }
      case M.CallCommand: {
        notify(M.CallInvocationIdCompletion, {
          completionId: m.invocationIdNotificationIdx,
          invocationId: `inv_call${this.nextId}`,
        });
        const call = {
          service: m.serviceName,
          handler: m.handlerName,
          key: m.key || undefined,
          input: this.decodeParam(m.serviceName, m.handlerName, m.parameter),
        };
        this.calls.push(call);
        try {
          const result = this.defs.has(m.serviceName)
            ? await this.execute(
                m.serviceName,
                m.handlerName,
                m.key ?? "",
                m.parameter ?? new Uint8Array(0),
                false,
              )
            : await this.opts.onCall?.(call);
          const out = this.defs.has(m.serviceName)
            ? handlerSerdes(this.defs.get(m.serviceName)!, m.handlerName).output
            : defaultSerde;
          notify(M.CallCompletion, {
            completionId: m.resultCompletionId,
            value: out.serialize(result),
          });
        } catch (e) {
          const failure =
            e instanceof TerminalError
              ? { code: e.code, message: e.message }
              : { code: 500, message: String(e) };
          notify(M.CallCompletion, { completionId: m.resultCompletionId, failure });
        }
        return;
      }
      case M.OneWayCallCommand:
        this.sends.push({
          service: m.serviceName,
          handler: m.handlerName,
          key: m.key || undefined,
          input: this.decodeParam(m.serviceName, m.handlerName, m.parameter),
          delayMs: m.invokeTime ? Math.max(0, m.invokeTime - Date.now()) : 0,
        });
        notify(M.CallInvocationIdCompletion, {
          completionId: m.invocationIdNotificationIdx,
          invocationId: `inv_send${this.nextId++}`,
        });
        return;
      case M.SendSignalCommand: {
        const result = m.failure
          ? { failure: m.failure }
          : m.value !== undefined
            ? { value: m.value }
            : { void: true };
        const id = m.signalName !== undefined ? { signalName: m.signalName } : { signalId: m.idx };
        this.deliver(m.targetInvocationId, { ...id, ...result }, "a signal");
        return;
      }
      case M.CompleteAwakeableCommand:
        this.signal(
          m.awakeableId,
          m.failure ? { failure: m.failure } : { value: m.value ?? new Uint8Array(0) },
        );
        return;
      case M.GetPromiseCommand:
        this.promises.whenDone(workflowKey, m.key, (o) => {
          notify(M.GetPromiseCompletion, { completionId: m.resultCompletionId, ...o });
          this.wakeAll();
        });
        return;
      case M.PeekPromiseCommand:
        notify(M.PeekPromiseCompletion, {
          completionId: m.resultCompletionId,
          ...(this.promises.get(workflowKey, m.key) ?? { void: true }),
        });
        return;
      case M.CompletePromiseCommand: {
        const outcome = m.completionFailure
          ? { failure: m.completionFailure }
          : { value: m.completionValue ?? new Uint8Array(0) };
        const completed = this.promises.complete(workflowKey, m.key, outcome);
        notify(
          M.CompletePromiseCompletion,
          completed
            ? { completionId: m.resultCompletionId, void: true }
            : {
                completionId: m.resultCompletionId,
                failure: { code: 409, message: "promise was already completed" },
              },
        );
        return;
      }
      case M.RunCommand:
        this.runNames.set(`${id.join(",")}/${m.resultCompletionId}`, m.name ?? "");
        return;
      default:
        return;
    }
  }

  private readonly runNames = new Map<string, string>();

  private decodeParam(service: string, handler: string, bytes: Uint8Array | undefined): unknown {
    const def = this.defs.get(service);
    const s = def ? handlerSerdes(def, handler).input : defaultSerde;
    try {
      return s.deserialize(bytes ?? new Uint8Array(0));
    } catch {
      return bytes;
    }
  }

  /** Delivers an awakeable completion to the invocation that created it. */
  private signal(awakeableId: string, result: object): void {
    const bytes = fromBase64Url(awakeableId.slice("sign_1".length));
    const signalId = new DataView(bytes.buffer).getUint32(bytes.length - 4);
    const n = new DataView(bytes.buffer).getUint32(bytes.length - 8);
    this.deliver(`inv_test${n}`, { signalId, ...result }, `awakeable ${awakeableId}`);
  }

  /** Appends a signal to a running invocation's journal and wakes it if it waits. */
  private deliver(invocationId: string, notification: object, what: string): void {
    const journal = this.journals.get(invocationId);
    if (!journal)
      throw new Error(`No running invocation ${invocationId} in this test context for ${what}.`);
    journal.push(encodeFrame(M.SignalNotification, notification));
    this.parked.get(invocationId)?.wake();
  }

  private wakeAll(): void {
    for (const p of this.parked.values()) p.wake();
  }
}

/** A context for unit tests: handlers run in process, no server. */
export function createTestContext(options?: TestContextOptions): TestContext {
  return new TestContext(options);
}
