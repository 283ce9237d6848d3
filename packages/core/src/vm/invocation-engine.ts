// The lifecycle of one invocation attempt: frames in, the journal prefix, the phases from
// replaying to processing, waiting (and suspending) on handles, and the terminal message.
// Sans-IO: frames come in through push()/end(), frames go out through the output callback.
// The commands a handler issues are InvocationVm's (invocation-vm.ts), on top of this.
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
} from "./result.js";
import { RunBook } from "./run-book.js";
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

// Shared answers of `progress`, which runs for every result handed over.
const WAIT: Progress = { kind: "wait" };
const CLOSED: Progress = { kind: "closed" };

export abstract class InvocationEngine {
  phase: VmPhase = "waiting-start";
  closeReason: CloseReason | undefined;
  /** The ErrorMessage written when the attempt failed, if it did. */
  failure: ErrorMessage | undefined;
  inputClosed = false;

  protected readonly opts: VmOptions;
  private readonly frames: FrameDecoder;
  protected readonly prefix = new JournalPrefix();
  protected readonly commands: CommandJournal;

  protected readonly notifications = new NotificationQueue();

  /** The state the StartMessage shipped eagerly, made on first use (many handlers never ask). */
  private stateView: StateView | undefined;
  protected readonly runs: RunBook;
  protected readonly writer: FrameWriter;

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
        this.stateView = undefined;
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

  /** Empty until the StartMessage brings the state the server shipped eagerly. */
  protected get state(): StateView {
    if (this.stateView === undefined) this.stateView = new StateView(this.prefix.start);
    return this.stateView;
  }

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
    if (this.phase === "closed") return CLOSED;
    const ready = this.notifications.next(awaited);
    if (ready !== undefined) return { kind: "ready", handle: ready };
    if (runsExecuting) return WAIT;
    if (this.phase === "replaying") {
      this.commands.failWaiting();
      return CLOSED;
    }
    if (this.inputClosed) {
      this.suspend(awaited);
      return CLOSED;
    }
    return WAIT;
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

  /**
   * Whether `progress` would now answer "wait" and consume nothing: no notification is unread,
   * none of `awaited` is complete, and no wait can end in a suspension or a mismatch yet.
   */
  wouldWait(awaited: Iterable<Handle>, runsExecuting: boolean): boolean {
    if (this.phase === "closed" || this.notifications.unread) return false;
    if (!runsExecuting && (this.phase === "replaying" || this.inputClosed)) return false;
    for (const h of awaited) if (this.notifications.has(h)) return false;
    return true;
  }

  private suspend(awaited: readonly Handle[]): void {
    this.writer.emit(M.Suspension, suspensionMessage(awaited, this.opts.protocolVersion));
    this.close("suspended");
  }

  // ---- journaling -------------------------------------------------------------------------

  /** Journals a command: matched against the recording while replaying, written otherwise. */
  protected journal(type: number, cmd: CommandMessage): Recorded | "new" | "failed" {
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

  // ---- ending -----------------------------------------------------------------------------

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

  protected close(reason: CloseReason): void {
    this.phase = "closed";
    this.closeReason = reason;
    this.opts.onClose?.(reason);
    // Drop what only a running attempt reads. This engine may already sit in old space while
    // the results and commands it points at are young: until the next full collection, such
    // old-to-young pointers keep them alive through every scavenge, which copies and then
    // promotes them. Late calls see a closed engine and ask for none of it.
    this.notifications.release();
    this.runs.release();
    this.prefix.commands.length = 0;
    this.stateView = undefined;
  }
}
