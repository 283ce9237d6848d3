// The commands of one attempt, counted in journal order: matched against the recorded journal
// while replaying, written (size-checked) once past it. A mismatch ends the attempt through
// `fail`, with a message that says where the handler departed from its recording.
import type { CommandMessage, ErrorMessage } from "../protocol/messages.js";
import { replayDifferences } from "./command-kinds.js";
import type { FrameWriter } from "./frame-writer.js";
import { differentCommand, differentCompletionId, waitingInsteadOf } from "./journal-mismatch.js";
import type { Recorded } from "./journal-prefix.js";

export class CommandJournal {
  /** 1-based index of the last command issued (ErrorMessage.related_command_index). */
  index = 0;
  /** A new command was written in this attempt: the server's retry counts no longer apply. */
  wroteCommand = false;
  private replayAt = 0;

  private readonly recorded: readonly Recorded[];
  private readonly writer: FrameWriter;
  private readonly fail: (error: ErrorMessage) => void;
  private readonly callSite: (() => string | undefined) | undefined;

  /** `recorded` is filled while the journal prefix arrives, before the first command. */
  constructor(
    recorded: readonly Recorded[],
    writer: FrameWriter,
    fail: (error: ErrorMessage) => void,
    callSite: (() => string | undefined) | undefined,
  ) {
    this.recorded = recorded;
    this.writer = writer;
    this.fail = fail;
    this.callSite = callSite;
  }

  /** Every recorded command was matched: what comes next is new. */
  get replayed(): boolean {
    return this.replayAt === this.recorded.length;
  }

  /** Writes a new command; throws (leaving no trace) when it is over the size limit. */
  write(type: number, cmd: CommandMessage): void {
    // Encoded (and size-checked) before counting, so a refused command leaves no trace.
    const frame = this.writer.encode(type, cmd);
    this.index++;
    this.wroteCommand = true;
    this.writer.write(frame);
  }

  /** The recorded command this one replays, or undefined after failing on a mismatch. */
  match(type: number, cmd: CommandMessage): Recorded | undefined {
    this.index++;
    const rec = this.recorded[this.replayAt]!;
    const diffs = replayDifferences(rec.type, rec.msg, type, cmd);
    if (diffs !== undefined) {
      this.fail(differentCommand(this.index, rec, type, cmd, diffs, this.where()));
      return undefined;
    }
    this.replayAt++;
    return rec;
  }

  /** Fails: the handler waits for a result where the journal recorded another command. */
  failWaiting(): void {
    const next = this.recorded[this.replayAt]!;
    this.index++;
    this.fail(waitingInsteadOf(this.index, next, this.where()));
  }

  /** Fails: a lazy get matched `rec`, but under a different completion id. */
  failCompletionId(rec: Recorded, key: Uint8Array, id: number): void {
    this.fail(differentCompletionId(this.index, rec, key, id, this.where()));
  }

  private where(): string {
    const at = this.callSite?.();
    return at ? ` It was issued at ${at}.` : "";
  }
}
