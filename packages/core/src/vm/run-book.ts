// Bookkeeping of the ctx.run commands of one attempt: where each sits in the journal (for
// error messages), whether it was replayed (for retry counting), and V7 proposals awaiting
// the server's acknowledgement.
import type { Failure, StartMessage } from "../protocol/messages.js";
import type { AsyncResult } from "./result.js";

export type RunResult = { value: Uint8Array } | { failure: Failure };

interface RunInfo {
  readonly index: number;
  readonly name: string;
  readonly replayed: boolean;
}

export class RunBook {
  private readonly runs = new Map<number, RunInfo>();
  private readonly proposals = new Map<number, RunResult>();

  started(id: number, info: RunInfo): void {
    this.runs.set(id, info);
  }

  info(id: number): RunInfo | undefined {
    return this.runs.get(id);
  }

  /** The run's result was handed to the handler: nothing more is asked about it. */
  forget(id: number): void {
    this.runs.delete(id);
  }

  /** V7: keeps a proposed result until the server acknowledges it. */
  proposed(id: number, result: RunResult): void {
    this.proposals.set(id, result);
  }

  isProposed(id: number): boolean {
    return this.proposals.has(id);
  }

  /** The acknowledged proposal as a result, or undefined for an unknown id. */
  acknowledge(id: number): AsyncResult | undefined {
    const proposal = this.proposals.get(id);
    if (!proposal) return undefined;
    this.proposals.delete(id);
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
    const run = this.runs.get(id);
    const retried =
      run?.replayed === true && !wroteCommand ? (start.retryCountSinceLastStoredEntry ?? 0) : 0;
    return {
      attempt: 1 + retried,
      elapsedBefore: retried > 0 ? (start.durationSinceLastStoredEntry ?? 0) : 0,
    };
  }
}
