// The journal engine of one invocation attempt. Sans-IO: frames come in through push()/end(),
// frames go out through the output callback, and the context layer drives it with syscalls.
// It never calls or awaits user code.
import { wireCodeOf } from "../errors/codes.js";
import { ResoluteError } from "../errors/resolute-error.js";
import { decodeMessage } from "../protocol/codec.js";
import { DEFAULT_MAX_MESSAGE_SIZE, FrameDecoder } from "../protocol/frame.js";
import { isNotification, MessageType as M, messageTypeName } from "../protocol/message-type.js";
import type {
  CommandMessage,
  ErrorMessage,
  InputCommandMessage,
  NotificationMessage,
  StartMessage,
} from "../protocol/messages.js";
import { awakeableId } from "./awakeable-id.js";
import { type CallTarget, callFields, type InvocationTarget } from "./call-target.js";
import { CommandJournal } from "./command-journal.js";
import { FrameWriter } from "./frame-writer.js";
import { JournalPrefix, type Recorded } from "./journal-prefix.js";
import { NotificationQueue } from "./notification-queue.js";
import {
  type AsyncResult,
  type Handle,
  namedSignalHandle,
  resultOf,
  signalHandle,
  VOID,
} from "./result.js";
import { RunBook, type RunResult } from "./run-book.js";
import { StateView } from "./state-view.js";
import { suspensionMessage } from "./suspension.js";

export interface VmOptions {
  /** Negotiated service protocol version (5, 6 or 7). */
  readonly protocolVersion: number;
  /** Receives each complete outgoing frame. */
  readonly output: (frame: Uint8Array) => void;
  readonly maxMessageSize?: number | undefined;
  /** Where user code issued the current command, for journal mismatch messages. */
  readonly callSite?: () => string | undefined;
  /** Called once, right after the terminal message (End, Suspension or Error) was written. */
  readonly onClose?: (reason: CloseReason) => void;
}

export type VmPhase = "waiting-start" | "waiting-entries" | "replaying" | "processing" | "closed";
export type CloseReason = "end" | "suspended" | "error";

export type Progress =
  | { readonly kind: "ready"; readonly handle: Handle }
  | { readonly kind: "wait" }
  | { readonly kind: "closed" };

export type { RunResult };

const encoder = new TextEncoder();
const NO_HANDLE: Handle = 0;

export type { CallTarget, InvocationTarget };

export class InvocationVm {
  phase: VmPhase = "waiting-start";
  closeReason: CloseReason | undefined;
  /** The ErrorMessage written when the attempt failed, if it did. */
  failure: ErrorMessage | undefined;
  inputClosed = false;

  private readonly opts: VmOptions;
  private readonly frames: FrameDecoder;
  private readonly prefix = new JournalPrefix();
  private readonly commands: CommandJournal;

  private readonly notifications = new NotificationQueue();

  private state = new StateView({});
  private nextCompletionId = 1;
  private nextSignalId = 17;
  private readonly runs: RunBook;
  private readonly writer: FrameWriter;

  constructor(opts: VmOptions) {
    this.opts = opts;
    // The server refuses larger messages (and retries forever), so none is sent or accepted.
    const maxMessageSize = opts.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.writer = new FrameWriter(opts.output, maxMessageSize);
    this.frames = new FrameDecoder(maxMessageSize);
    this.runs = new RunBook(this.writer, opts.protocolVersion);
    this.commands = new CommandJournal(
      this.prefix.commands,
      this.writer,
      (error) => this.fail(error),
      opts.callSite,
    );
  }

  // ---- transport side ------------------------------------------------------------------

  push(chunk: Uint8Array): void {
    if (this.phase === "closed") return;
    this.frames.push(chunk);
    try {
      for (let f = this.frames.next(); f !== undefined; f = this.frames.next()) {
        if ((this.phase as VmPhase) === "closed") return;
        this.onFrame(f.type, decodeMessage(f.type, f.payload));
      }
    } catch (e) {
      this.violation(e instanceof Error ? e.message : String(e));
    }
  }

  end(): void {
    this.inputClosed = true;
    if (this.phase === "waiting-start" || this.phase === "waiting-entries") {
      this.violation(
        `The request body ended before the journal was complete (${this.prefix.missing} of the announced entries missing).`,
      );
    }
  }

  /**
   * The endpoint is shutting down: nothing more will be waited for. A handler that waits on
   * something not in the journal suspends, instead of keeping the stream open.
   */
  drain(): void {
    this.inputClosed = true;
  }

  get ready(): boolean {
    return this.phase === "replaying" || this.phase === "processing";
  }

  get closed(): boolean {
    return this.phase === "closed";
  }

  get replaying(): boolean {
    return this.phase === "replaying";
  }

  private onFrame(type: number, msg: object): void {
    if (this.phase === "waiting-start" || this.phase === "waiting-entries") {
      const step = this.prefix.accept(type, msg, (n) => this.onNotification(n));
      if (typeof step === "object") return this.violation(step.violation);
      if (step === "started") {
        this.state = new StateView(this.prefix.start);
        this.phase = "waiting-entries";
      } else if (step === "complete") {
        this.phase = this.prefix.commands.length > 0 ? "replaying" : "processing";
      }
      return;
    }
    if (isNotification(type)) {
      const violation = this.onNotification(msg as NotificationMessage);
      return violation === undefined ? undefined : this.violation(violation);
    }
    if (type === M.ProposeRunCompletionAck && this.opts.protocolVersion >= 7) {
      const id = (msg as { completionId?: number }).completionId ?? 0;
      const result = this.runs.acknowledge(id);
      if (!result) return this.violation(`Acknowledgement for unknown run completion ${id}.`);
      this.arrive(id, result);
      return;
    }
    this.violation(`Unexpected ${messageTypeName(type)} after the journal was replayed.`);
  }

  /** Stores a notification; returns a violation message if it has no id. */
  private onNotification(n: NotificationMessage): string | undefined {
    const handle =
      n.completionId !== undefined
        ? n.completionId
        : n.signalId !== undefined
          ? signalHandle(n.signalId)
          : n.signalName !== undefined
            ? namedSignalHandle(n.signalName)
            : undefined;
    if (handle === undefined) return "A notification without id arrived.";
    this.arrive(handle, resultOf(n));
    return undefined;
  }

  private arrive(handle: Handle, result: AsyncResult): void {
    this.notifications.arrive(handle, result);
  }

  // ---- facts about the invocation ------------------------------------------------------

  get start(): Readonly<StartMessage> {
    return this.prefix.start;
  }

  get input(): Readonly<InputCommandMessage> {
    return this.prefix.input ?? {};
  }

  get invocationId(): string {
    return this.prefix.start.debugId ?? "";
  }

  get key(): string {
    return this.prefix.start.key ?? "";
  }

  // ---- waiting ---------------------------------------------------------------------------

  /**
   * Consumes notifications in journal order until one of `awaited` is complete. When none can
   * complete now: suspends if nothing more can arrive and no run is executing, reports a
   * journal mismatch if the replayed journal cannot satisfy the wait, else asks to wait.
   */
  progress(awaited: readonly Handle[], runsExecuting: boolean): Progress {
    if (this.phase === "closed") return { kind: "closed" };
    const ready = this.notifications.next(awaited);
    if (ready !== undefined) return { kind: "ready", handle: ready };
    if (runsExecuting) return { kind: "wait" };
    if (this.phase === "replaying") {
      this.commands.failWaiting();
      return { kind: "closed" };
    }
    if (this.inputClosed) {
      this.suspend(awaited);
      return { kind: "closed" };
    }
    return { kind: "wait" };
  }

  /** The result of a completed handle. */
  result(h: Handle): AsyncResult | undefined {
    return this.notifications.result(h);
  }

  /**
   * The handler got this result. A run's result is read once (its promise is made once), so
   * it and the run's bookkeeping are dropped: long journals keep little per step.
   */
  handedOver(h: Handle): void {
    if (typeof h === "number" && this.runs.info(h) !== undefined) {
      this.runs.forget(h);
      this.notifications.forget(h);
    }
  }

  isCompleted(h: Handle): boolean {
    return this.notifications.has(h);
  }

  private suspend(awaited: readonly Handle[]): void {
    this.writer.emit(M.Suspension, suspensionMessage(awaited, this.opts.protocolVersion));
    this.close("suspended");
  }

  // ---- commands ---------------------------------------------------------------------------

  /** Journals a command: matched against the recording while replaying, written otherwise. */
  private journal(type: number, cmd: CommandMessage): Recorded | "new" | "failed" {
    if (this.phase === "processing") {
      this.commands.write(type, cmd);
      return "new";
    }
    if (this.phase !== "replaying") return "failed";
    const rec = this.commands.match(type, cmd);
    if (rec === undefined) return "failed";
    if (this.commands.replayed) this.phase = "processing";
    return rec;
  }

  private completable(type: number, cmd: CommandMessage): Handle {
    const id = this.nextCompletionId++;
    cmd.resultCompletionId = id;
    return this.journal(type, cmd) === "failed" ? NO_HANDLE : id;
  }

  getState(key: string): Handle {
    const id = this.nextCompletionId++;
    const k = encoder.encode(key);
    const known = this.state.get(key);
    if (this.phase === "replaying") {
      const rec = this.journal(M.GetEagerStateCommand, { key: k });
      if (rec === "failed" || rec === "new") return NO_HANDLE;
      if (rec.type === M.GetEagerStateCommand) {
        const value = rec.msg.value as Uint8Array | undefined;
        this.arriveEager(id, value === undefined ? VOID : { kind: "value", value });
      } else if (rec.msg.resultCompletionId !== id) {
        // Same key, but an earlier command consumed a different number of completion ids.
        this.commands.failCompletionId(rec, k, id);
        return NO_HANDLE;
      }
      return id;
    }
    if (known !== undefined) {
      const cmd: CommandMessage = known ? { key: k, value: known } : { key: k, void: true };
      if (this.journal(M.GetEagerStateCommand, cmd) === "failed") return NO_HANDLE;
      this.arriveEager(id, known ? { kind: "value", value: known } : VOID);
      return id;
    }
    return this.journal(M.GetLazyStateCommand, { key: k, resultCompletionId: id }) === "failed"
      ? NO_HANDLE
      : id;
  }

  getStateKeys(): Handle {
    const id = this.nextCompletionId++;
    if (this.phase === "replaying") {
      const rec = this.journal(M.GetEagerStateKeysCommand, {});
      if (rec === "failed" || rec === "new") return NO_HANDLE;
      if (rec.type === M.GetEagerStateKeysCommand) {
        this.arriveEager(id, {
          kind: "stateKeys",
          keys: (rec.msg.keys as Uint8Array[] | undefined) ?? [],
        });
      }
      return id;
    }
    if (this.state.complete) {
      const keys = this.state.keys();
      if (this.journal(M.GetEagerStateKeysCommand, { keys }) === "failed") return NO_HANDLE;
      this.arriveEager(id, { kind: "stateKeys", keys });
      return id;
    }
    return this.journal(M.GetLazyStateKeysCommand, { resultCompletionId: id }) === "failed"
      ? NO_HANDLE
      : id;
  }

  /** Eager results are complete at once and count as consumed, like a notification already read. */
  private arriveEager(id: number, result: AsyncResult): void {
    this.notifications.eager(id, result);
  }

  setState(key: string, value: Uint8Array): boolean {
    if (this.journal(M.SetStateCommand, { key: encoder.encode(key), value }) === "failed")
      return false;
    this.state.set(key, value);
    return true;
  }

  clearState(key: string): boolean {
    if (this.journal(M.ClearStateCommand, { key: encoder.encode(key) }) === "failed") return false;
    this.state.clear(key);
    return true;
  }

  clearAllState(): boolean {
    if (this.journal(M.ClearAllStateCommand, {}) === "failed") return false;
    this.state.clearAll();
    return true;
  }

  sleep(wakeUpTime: number, name = ""): Handle {
    return this.completable(M.SleepCommand, { wakeUpTime, name });
  }

  run(name = ""): Handle {
    const index = this.commands.index + 1;
    const replayed = this.phase === "replaying";
    const id = this.completable(M.RunCommand, { name });
    if (id !== NO_HANDLE) this.runs.started(id as number, { index, name, replayed });
    return id;
  }

  /** Whether a run's closure must execute: its result is not in the journal yet. */
  runNeedsExecution(h: Handle): boolean {
    return (
      h !== NO_HANDLE &&
      !this.notifications.has(h) &&
      !this.runs.isProposed(h as number) &&
      !this.closed
    );
  }

  proposeRun(h: Handle, proposed: RunResult): void {
    if (this.closed || this.notifications.has(h)) return;
    this.runs.propose(h as number, proposed);
  }

  /** How many times this run has failed in a row, and for how long (ms) before this attempt. */
  runAttempts(h: Handle): { attempt: number; elapsedBefore: number } {
    return this.runs.attempts(h as number, this.prefix.start, this.commands.wroteCommand);
  }

  /** The journal position of a run, for ErrorMessage.related_command_*. */
  runCommand(h: Handle): { index: number; name: string } | undefined {
    return this.runs.info(h as number);
  }

  call(target: CallTarget, parameter: Uint8Array): { invocationId: Handle; result: Handle } {
    const invocationIdNotificationIdx = this.nextCompletionId++;
    const resultCompletionId = this.nextCompletionId++;
    const cmd = {
      ...callFields(target),
      parameter,
      invocationIdNotificationIdx,
      resultCompletionId,
    };
    if (this.journal(M.CallCommand, cmd) === "failed")
      return { invocationId: NO_HANDLE, result: NO_HANDLE };
    return { invocationId: invocationIdNotificationIdx, result: resultCompletionId };
  }

  send(target: CallTarget, parameter: Uint8Array, invokeTime = 0): Handle {
    const invocationIdNotificationIdx = this.nextCompletionId++;
    const cmd = { ...callFields(target), parameter, invokeTime, invocationIdNotificationIdx };
    return this.journal(M.OneWayCallCommand, cmd) === "failed"
      ? NO_HANDLE
      : invocationIdNotificationIdx;
  }

  awakeable(): { id: string; handle: Handle } {
    const signalId = this.nextSignalId++;
    return {
      id: awakeableId(this.prefix.start.id ?? new Uint8Array(0), signalId),
      handle: signalHandle(signalId),
    };
  }

  completeAwakeable(awakeableId: string, result: RunResult, name = ""): boolean {
    const cmd =
      "value" in result
        ? { awakeableId, value: result.value, name }
        : { awakeableId, failure: result.failure, name };
    return this.journal(M.CompleteAwakeableCommand, cmd) !== "failed";
  }

  /** Sends a signal to another invocation; index 1 cancels it. */
  sendSignal(
    targetInvocationId: string,
    signal: number | string,
    result: RunResult | undefined,
    name = "",
  ): boolean {
    const cmd: CommandMessage = { targetInvocationId, name };
    if (typeof signal === "number") cmd.idx = signal;
    else cmd.signalName = signal;
    if (result === undefined) cmd.void = true;
    else if ("value" in result) cmd.value = result.value;
    else cmd.failure = result.failure;
    return this.journal(M.SendSignalCommand, cmd) !== "failed";
  }

  promiseGet(key: string, name = ""): Handle {
    return this.completable(M.GetPromiseCommand, { key, name });
  }

  promisePeek(key: string, name = ""): Handle {
    return this.completable(M.PeekPromiseCommand, { key, name });
  }

  promiseComplete(key: string, result: RunResult, name = ""): Handle {
    const cmd =
      "value" in result
        ? { key, completionValue: result.value, name }
        : { key, completionFailure: result.failure, name };
    return this.completable(M.CompletePromiseCommand, cmd);
  }

  attach(target: InvocationTarget, name = ""): Handle {
    return this.completable(M.AttachInvocationCommand, { ...target, name });
  }

  getInvocationOutput(target: InvocationTarget, name = ""): Handle {
    return this.completable(M.GetInvocationOutputCommand, { ...target, name });
  }

  // ---- ending -----------------------------------------------------------------------------

  /** Writes the handler's result (value or terminal failure) and ends the invocation. */
  output(result: RunResult): void {
    const cmd = "value" in result ? { value: result.value } : { failure: result.failure };
    let written: Recorded | "new" | "failed";
    try {
      written = this.journal(M.OutputCommand, cmd);
    } catch (e) {
      // Too large to send: the invocation fails for good, saying so, instead of retrying forever.
      if (!("value" in cmd) || !(e instanceof Error)) throw e;
      const failure = {
        code: wireCodeOf("RES_ERR_MESSAGE_TOO_LARGE"),
        message: this.writer.fitting(`The handler's result cannot be sent: ${e.message}`),
      };
      written = this.journal(M.OutputCommand, { failure });
    }
    if (written === "failed") return;
    this.writer.emit(M.End, {});
    this.close("end");
  }

  /** Ends the attempt with an ErrorMessage; the server retries according to its policy. */
  fail(error: ErrorMessage): void {
    if (this.phase === "closed") return;
    this.failure = error;
    this.writer.emit(M.Error, error);
    this.close("error");
  }

  private violation(message: string): void {
    const err = new ResoluteError("RES_ERR_PROTOCOL_VIOLATION", `Protocol violation: ${message}`);
    this.fail({ code: err.wireCode, message: err.message });
  }

  private close(reason: CloseReason): void {
    this.phase = "closed";
    this.closeReason = reason;
    this.opts.onClose?.(reason);
  }
}
