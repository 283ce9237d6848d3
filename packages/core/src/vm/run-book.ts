// The lifecycle of the ctx.run commands of one attempt: where each sits in the journal (for
// error messages), whether it was replayed (for retry counting), the proposal of its result,
// and in V7 that proposal until the server acknowledges it.
import { wireCodeOf } from "../errors/codes.js";
import { REQUESTED_ACK } from "../protocol/frame.js";
import { MessageType as M } from "../protocol/message-type.js";
import type { Failure, StartMessage } from "../protocol/messages.js";
import type { FrameWriter } from "./frame-writer.js";
import { IdList } from "./id-list.js";
import type { AsyncResult } from "./result.js";

export type RunResult = { value: Uint8Array } | { failure: Failure };

interface RunInfo {
  readonly index: number;
  readonly name: string;
  readonly replayed: boolean;
}

export class RunBook {
  // Made on first use: a handler without ctx.run never fills them.
  private runs: IdList<RunInfo> | undefined;
  private proposals: IdList<RunResult> | undefined;
  private readonly writer: FrameWriter;
  /** V7: proposals ask for an acknowledgement, and the result counts only once it arrives. */
  private readonly acknowledged: boolean;

  constructor(writer: FrameWriter, protocolVersion: number) {
    this.writer = writer;
    this.acknowledged = protocolVersion >= 7;
  }

  started(id: number, info: RunInfo): void {
    this.runs ??= new IdList();
    this.runs.set(id, info);
  }

  info(id: number): RunInfo | undefined {
    return this.runs?.get(id);
  }

  /** The attempt ended: nothing here is asked for again (see InvocationEngine.close). */
  release(): void {
    this.runs = undefined;
    this.proposals = undefined;
  }

  /** The run's result was handed to the handler: nothing more is asked about it. */
  forget(id: number): void {
    this.runs?.delete(id);
  }

  /** Writes the run's result for the server to journal (V7: kept until acknowledged). */
  propose(id: number, proposed: RunResult): void {
    const flags = this.acknowledged ? REQUESTED_ACK : 0;
    let result = proposed;
    let frame: Uint8Array;
    try {
      frame = this.writer.encode(
        M.ProposeRunCompletion,
        { resultCompletionId: id, ...result },
        flags,
      );
    } catch (e) {
      // Too large to send: the run fails for good instead of re-running on every retry.
      if (!("value" in result) || !(e instanceof Error)) throw e;
      const run = this.runs?.get(id);
      result = {
        failure: {
          code: wireCodeOf("RES_ERR_MESSAGE_TOO_LARGE"),
          message: this.writer.fitting(
            `The result of ctx.run${run?.name ? ` "${run.name}"` : ""} cannot be sent: ${e.message}`,
          ),
        },
      };
      frame = this.writer.encode(
        M.ProposeRunCompletion,
        { resultCompletionId: id, ...result },
        flags,
      );
    }
    if (flags !== 0) {
      this.proposals ??= new IdList();
      this.proposals.set(id, result);
    }
    this.writer.write(frame);
  }

  isProposed(id: number): boolean {
    return this.proposals?.has(id) === true;
  }

  /** The acknowledged proposal as a result, or undefined for an unknown id. */
  acknowledge(id: number): AsyncResult | undefined {
    const proposal = this.proposals?.get(id);
    if (!proposal) return undefined;
    this.proposals?.delete(id);
    return "value" in proposal
      ? { kind: "value", value: proposal.value }
      : { kind: "failure", failure: proposal.failure };
  }

  /**
   * How many times this run failed in a row, and for how long (ms) before this attempt: the
   * server's counts apply only when the run was replayed and nothing new was journaled since.
   */
  attempts(
    id: number,
    start: StartMessage,
    wroteCommand: boolean,
  ): { attempt: number; elapsedBefore: number } {
    const run = this.runs?.get(id);
    const retried =
      run?.replayed === true && !wroteCommand ? (start.retryCountSinceLastStoredEntry ?? 0) : 0;
    return {
      attempt: 1 + retried,
      elapsedBefore: retried > 0 ? (start.durationSinceLastStoredEntry ?? 0) : 0,
    };
  }
}
