// The journal engine of one invocation attempt, as the context layer drives it: each syscall
// here turns a context call into a journaled command and a handle to wait on. Sans-IO, and it
// never calls or awaits user code; frames in and out, the phases, waiting and ending are
// InvocationEngine's (invocation-engine.ts).
import { wireCodeOf } from "../errors/codes.js";
import { MessageType as M } from "../protocol/message-type.js";
import type { CommandMessage } from "../protocol/messages.js";
import { awakeableId } from "./awakeable-id.js";
import { type CallTarget, callFields, type InvocationTarget } from "./call-target.js";
import { InvocationEngine } from "./invocation-engine.js";
import type { Recorded } from "./journal-prefix.js";
import { type AsyncResult, type Handle, signalHandle, VOID } from "./result.js";
import type { RunResult } from "./run-book.js";

export type { CloseReason, Progress, VmOptions, VmPhase } from "./invocation-engine.js";
export type { CallTarget, InvocationTarget, RunResult };

const encoder = new TextEncoder();
const NO_HANDLE: Handle = 0;

export class InvocationVm extends InvocationEngine {
  /** Completion ids number the results the server will send for this invocation's commands. */
  private nextCompletionId = 1;
  /** Signal ids 1-16 are the protocol's (1 is cancellation): awakeables start at 17. */
  private nextSignalId = 17;

  // ---- commands ---------------------------------------------------------------------------

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
}
