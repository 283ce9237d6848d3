// Plays the Restate server's part for the commands a test context's invocations write: state,
// runs, timers, calls and sends (each callee an invocation of its own), signals, awakeables,
// workflow promises (per workflow and key), idempotency keys, attach and invocation output.
import { defaultSerde, TerminalError } from "@resolute/core";
import { awakeableId, parseAwakeableId } from "@resolute/core/adapter";
import { MessageType as M } from "@resolute/core/protocol";
import { IdempotencyTable } from "./idempotency.js";
import {
  CANCEL_SIGNAL,
  type Invocation,
  InvocationOutcome,
  numberOfDebugId,
  numberOfId,
  type Outcome,
  type Target,
} from "./invocation.js";
import type { Written } from "./journal-attempt.js";
import type { TestContextOptions } from "./options.js";
import type { PromiseOwner, PromiseStore } from "./promise-store.js";
import type { RecordedCall, Recorder } from "./recorder.js";
import type { Registry } from "./registry.js";
import { ALREADY_INVOKED, type Scheduler, type ServerPart } from "./scheduler.js";

const decoder = new TextDecoder();
/** The first signal id of awakeables; lower ids are reserved (1 is cancellation). */
const FIRST_AWAKEABLE_SIGNAL = 17;

/** The fields of a signal notification: its id or name, and its result. */
type SignalFields = { signalId?: number } & Record<string, unknown>;

/** A result as notification fields. */
function resultFields(o: Outcome): object {
  return "value" in o ? { value: o.value } : { failure: o.failure };
}

/** The workflow instance whose promises an invocation reads and completes. */
function ownerOf(inv: Invocation): PromiseOwner {
  return { workflow: inv.target.service, key: inv.target.key };
}

/** Why an id of a send cannot be attached to or signalled. */
function unrunnableSend(handler: string): string {
  return `it is a send to ${handler}, a service this test context does not have: pass its definition in the services option to run it (the send is recorded in t.sends).`;
}

function resultOfCommand(m: Record<string, any>): object {
  if (m.failure) return { failure: m.failure };
  return m.value !== undefined ? { value: m.value } : { void: true };
}

/** A delayed send, or a sleep held with `holdTimers`, and when it is due (ms since the epoch). */
interface HeldTimer {
  readonly at: number;
  readonly fire: () => void;
}

export class FakeServer implements ServerPart {
  private readonly timers: HeldTimer[] = [];
  /** Sends to services the context does not have, by invocation number: ids that never run. */
  private readonly unrunnable = new Map<number, string>();
  /** Calls and sends that carried an idempotency key, by target and key. */
  private readonly idempotent = new IdempotencyTable();

  private readonly registry: Registry;
  private readonly scheduler: Scheduler;
  private readonly recorder: Recorder;
  private readonly promises: PromiseStore;
  private readonly opts: Pick<TestContextOptions, "onCall" | "holdTimers">;

  constructor(
    registry: Registry,
    scheduler: Scheduler,
    recorder: Recorder,
    promises: PromiseStore,
    opts: Pick<TestContextOptions, "onCall" | "holdTimers">,
  ) {
    this.registry = registry;
    this.scheduler = scheduler;
    this.recorder = recorder;
    this.promises = promises;
    this.opts = opts;
  }

  /** Starts every delayed send and completes every sleep held with `holdTimers`, earliest first. */
  fireTimers(): void {
    const due = this.timers.splice(0).sort((a, b) => a.at - b.at); // stable: ties keep their order
    for (const timer of due) timer.fire();
  }

  suspended(inv: Invocation, w: Written): void {
    for (const signal of w.msg.waitingSignals ?? []) {
      if (signal >= FIRST_AWAKEABLE_SIGNAL)
        this.recorder.awakeable(awakeableId(inv.ids.id, signal));
    }
  }

  answer(inv: Invocation, w: Written): void {
    const m = w.msg;
    switch (w.type) {
      case M.SetStateCommand:
        inv.store.set(decoder.decode(m.key), m.value ?? new Uint8Array(0));
        return;
      case M.ClearStateCommand:
        inv.store.delete(decoder.decode(m.key));
        return;
      case M.ClearAllStateCommand:
        inv.store.clear();
        return;
      case M.RunCommand:
        inv.runNames.set(m.resultCompletionId, m.name ?? "");
        return;
      case M.ProposeRunCompletion:
        this.recorder.runs.push(inv.runNames.get(m.resultCompletionId) ?? "");
        inv.notify(M.RunCompletion, {
          completionId: m.resultCompletionId,
          ...(m.failure ? { failure: m.failure } : { value: m.value ?? new Uint8Array(0) }),
        });
        return;
      case M.SleepCommand:
        return this.sleep(inv, m);
      case M.CallCommand:
        return this.call(inv, m);
      case M.OneWayCallCommand:
        return this.send(inv, m);
      case M.SendSignalCommand: {
        const id = m.signalName !== undefined ? { signalName: m.signalName } : { signalId: m.idx };
        this.deliver(m.targetInvocationId, { ...id, ...resultOfCommand(m) }, "a signal");
        return;
      }
      case M.CompleteAwakeableCommand:
        this.completeAwakeable(
          m.awakeableId,
          m.failure ? { failure: m.failure } : { value: m.value ?? new Uint8Array(0) },
        );
        return;
      case M.GetPromiseCommand:
        this.promises.whenDone(ownerOf(inv), m.key, (o) =>
          inv.notify(M.GetPromiseCompletion, { completionId: m.resultCompletionId, ...o }),
        );
        return;
      case M.PeekPromiseCommand:
        inv.notify(M.PeekPromiseCompletion, {
          completionId: m.resultCompletionId,
          ...(this.promises.get(ownerOf(inv), m.key) ?? { void: true }),
        });
        return;
      case M.CompletePromiseCommand: {
        const outcome = m.completionFailure
          ? { failure: m.completionFailure }
          : { value: m.completionValue ?? new Uint8Array(0) };
        const completed = this.promises.complete(ownerOf(inv), m.key, outcome);
        inv.notify(M.CompletePromiseCompletion, {
          completionId: m.resultCompletionId,
          ...(completed
            ? { void: true }
            : { failure: { code: 409, message: "promise was already completed" } }),
        });
        return;
      }
      case M.AttachInvocationCommand:
      case M.GetInvocationOutputCommand:
        return this.attach(inv, w.type, m);
      default:
        return;
    }
  }

  /** Completes an awakeable, wherever it was created in this context. */
  completeAwakeable(id: string, result: object): void {
    const parsed = parseAwakeableId(id);
    const n = parsed && numberOfId(parsed.invocationId);
    const inv = n === undefined ? undefined : this.scheduler.byNumber(n);
    if (!parsed || !inv) {
      throw new Error(
        `"${id}" is not an awakeable of this test context: use an id from t.awakeables or from ctx.awakeable() in a handler it runs.`,
      );
    }
    this.notifyUnlessEnded(inv, { signalId: parsed.signalId, ...result });
  }

  /** Delivers a signal (a cancellation is signal 1) to an invocation by its printed id. */
  deliver(debugId: string, notification: SignalFields, what: string): void {
    const n = numberOfDebugId(debugId);
    const inv = this.scheduler.find(debugId);
    if (!inv) {
      const sent = n === undefined ? undefined : this.unrunnable.get(n);
      throw new Error(
        sent
          ? `Cannot deliver ${what} to ${debugId}: ${unrunnableSend(sent)}`
          : `Cannot deliver ${what} to "${debugId}": it is not an invocation of this test context. Use an id that t.invoke, a call or a send in this test context returned.`,
      );
    }
    this.notifyUnlessEnded(inv, notification);
  }

  /**
   * As the server does, signals to an invocation that has ended are dropped, and a cancellation
   * ends a delayed send that has not started without running it.
   */
  private notifyUnlessEnded(inv: Invocation, notification: SignalFields): void {
    if (notification.signalId === CANCEL_SIGNAL && this.scheduler.cancelScheduled(inv)) return;
    if (!inv.outcome) inv.notify(M.SignalNotification, notification);
  }

  private sleep(inv: Invocation, m: Record<string, any>): void {
    this.recorder.sleeps.push({
      name: m.name ?? "",
      ms: Math.max(0, (m.wakeUpTime ?? 0) - Date.now()),
    });
    const fire = () =>
      inv.notify(M.SleepCompletion, { completionId: m.resultCompletionId, void: true });
    if (this.opts.holdTimers) this.timers.push({ at: m.wakeUpTime ?? 0, fire });
    else fire();
  }

  private call(inv: Invocation, m: Record<string, any>): void {
    const call = this.recorded(m);
    this.recorder.calls.push(call);
    const target = { service: call.service, handler: call.handler, key: m.key ?? "" };
    // A workflow runs once per key: a second call gets the first run's id and fails at once.
    const previous = this.scheduler.previousRun(target);
    // A key seen before for this target: the first invocation's id, and its result when it ends.
    const known = previous ? undefined : this.knownByKey(target, call.idempotencyKey);
    const ids = previous?.ids ?? known?.ids ?? this.scheduler.allocate();
    inv.notify(M.CallInvocationIdCompletion, {
      completionId: m.invocationIdNotificationIdx,
      invocationId: ids.debugId,
    });
    const complete = (o: Outcome) =>
      inv.notify(M.CallCompletion, { completionId: m.resultCompletionId, ...resultFields(o) });
    if (previous) {
      complete({ failure: ALREADY_INVOKED, terminal: true });
      return;
    }
    if (known) {
      known.whenDone(complete);
      return;
    }
    if (this.registry.has(call.service)) {
      const callee = this.scheduler.start(target, m.parameter ?? new Uint8Array(0), ids);
      this.remember(target, call.idempotencyKey, callee);
      callee.whenDone(complete);
      return;
    }
    const onCall = this.opts.onCall;
    if (!onCall) {
      complete({
        failure: {
          code: 404,
          message: `No service "${call.service}" in this test context: pass its definition in the services option, or answer calls to it with onCall.`,
        },
        terminal: true,
      });
      return;
    }
    // Kept by its key like an invocation: a second call with the key does not ask again.
    const answer = new InvocationOutcome(ids);
    this.remember(target, call.idempotencyKey, answer);
    answer.whenDone(complete);
    // The answer is delivered inside the tracked work, so idle() never sees a gap before it.
    void this.scheduler.track(async () => {
      try {
        answer.finish({ value: defaultSerde.serialize(await onCall(call)) });
      } catch (e) {
        answer.finish({
          failure:
            e instanceof TerminalError
              ? { code: e.code, message: e.message }
              : { code: 500, message: e instanceof Error ? e.message : String(e) },
          terminal: true,
        });
      }
    });
  }

  /** What a call or send with this idempotency key reaches, if the key was seen for the target. */
  private knownByKey(target: Target, key: string | undefined): InvocationOutcome | undefined {
    return key === undefined ? undefined : this.idempotent.get(target, key);
  }

  private remember(target: Target, key: string | undefined, reached: InvocationOutcome): void {
    if (key !== undefined) this.idempotent.set(target, key, reached);
  }

  /**
   * A send is recorded, and runs as an invocation of its own once the sender's step has been
   * answered. A delayed one waits for `fireTimers()`, with or without `holdTimers`: at once, a
   * job that sends itself its next run with a delay would never let the context be idle.
   */
  private send(inv: Invocation, m: Record<string, any>): void {
    const send = this.recorded(m);
    const delayMs = m.invokeTime ? Math.max(0, m.invokeTime - Date.now()) : 0;
    this.recorder.sends.push({ ...send, delayMs });
    const target = { service: send.service, handler: send.handler, key: m.key ?? "" };
    // A second send to a workflow key's run is the first run ("previously accepted"), and so
    // is a send with an idempotency key seen before for the target: neither runs again.
    const previous = this.scheduler.previousRun(target);
    const known = previous ? undefined : this.knownByKey(target, send.idempotencyKey);
    const ids = previous?.ids ?? known?.ids ?? this.scheduler.allocate();
    inv.notify(M.CallInvocationIdCompletion, {
      completionId: m.invocationIdNotificationIdx,
      invocationId: ids.debugId,
    });
    if (previous || known) return;
    if (!this.registry.has(send.service)) {
      const handler = `${send.service}/${send.handler}`;
      this.unrunnable.set(ids.n, handler);
      // A call with the send's key would wait for a run that never comes: it fails and says why.
      const never = new InvocationOutcome(ids);
      never.finish({ failure: { code: 404, message: unrunnableSend(handler) }, terminal: true });
      this.remember(target, send.idempotencyKey, never);
      return;
    }
    const callee = this.scheduler.create(target, m.parameter ?? new Uint8Array(0), ids);
    this.remember(target, send.idempotencyKey, callee);
    // Started as tracked work, so idle() counts it from now, and the sender's turn ends first.
    const begin = () => void this.scheduler.track(() => this.scheduler.begin(callee));
    if (delayMs > 0) this.timers.push({ at: m.invokeTime, fire: begin });
    else begin();
  }

  private recorded(m: Record<string, any>): RecordedCall {
    return {
      service: m.serviceName,
      handler: m.handlerName,
      key: m.key || undefined,
      input: this.registry.decodeInput(m.serviceName, m.handlerName, m.parameter),
      ...(m.idempotencyKey !== undefined ? { idempotencyKey: m.idempotencyKey as string } : {}),
    };
  }

  /** Attach waits for the target's outcome; getting the output answers at once (void if running). */
  private attach(inv: Invocation, type: number, m: Record<string, any>): void {
    const completion =
      type === M.AttachInvocationCommand
        ? M.AttachInvocationCompletion
        : M.GetInvocationOutputCompletion;
    const complete = (fields: object) =>
      inv.notify(completion, { completionId: m.resultCompletionId, ...fields });
    const found = this.attachTarget(m);
    if (typeof found === "string") {
      complete({ failure: { code: 404, message: found } });
    } else if (type === M.AttachInvocationCommand) {
      found.whenDone((o) => complete(resultFields(o)));
    } else {
      complete(found.outcome ? resultFields(found.outcome) : { void: true });
    }
  }

  /** The invocation an attach names, or why there is none. */
  private attachTarget(m: Record<string, any>): InvocationOutcome | string {
    if (m.workflowTarget) {
      const { workflowName, workflowKey } = m.workflowTarget;
      const run = this.scheduler.workflowRun(workflowName, workflowKey);
      return (
        run ??
        `No run of workflow ${workflowName} with key "${workflowKey}" in this test context: invoke its run handler first.`
      );
    }
    if (m.idempotentRequestTarget) {
      const { serviceName, serviceKey, handlerName, idempotencyKey } = m.idempotentRequestTarget;
      const target = { service: serviceName, handler: handlerName, key: serviceKey ?? "" };
      return (
        this.idempotent.get(target, idempotencyKey) ??
        `No invocation of ${serviceName}/${handlerName}${serviceKey ? ` with key "${serviceKey}"` : ""} and idempotency key "${idempotencyKey}" in this test context: a call or send with that key must come first.`
      );
    }
    const id = String(m.invocationId ?? "");
    const inv = this.scheduler.find(id);
    if (inv) return inv;
    const n = numberOfDebugId(id);
    const sent = n === undefined ? undefined : this.unrunnable.get(n);
    return sent
      ? `Cannot attach to ${id}: ${unrunnableSend(sent)}`
      : `Cannot attach to "${id}": it is not an invocation of this test context. Use an id that t.invoke, a call or a send in this test context returned.`;
  }
}
