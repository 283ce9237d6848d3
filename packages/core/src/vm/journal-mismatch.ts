// The ErrorMessages for a replay that departs from the recorded journal. Each names the
// recorded and the new command, the command index and (`where`) the handler line that issued it,
// so the user can find the non-determinism.
import { wireCodeOf } from "../errors/codes.js";
import { MessageType as M } from "../protocol/message-type.js";
import type { CommandMessage, ErrorMessage } from "../protocol/messages.js";
import { DETERMINISM_HINT, describeCommand } from "./command-kinds.js";
import type { Recorded } from "./journal-prefix.js";

const MISMATCH = wireCodeOf("RES_ERR_JOURNAL_MISMATCH");

/** The handler issued a different command than the journal recorded at `index`. */
export function differentCommand(
  index: number,
  rec: Recorded,
  type: number,
  cmd: CommandMessage,
  diffs: readonly string[],
  where: string,
): ErrorMessage {
  return {
    code: MISMATCH,
    message: `Journal mismatch at command index ${index}: the journal recorded ${describeCommand(rec.type, rec.msg)}, but the handler now issued ${describeCommand(type, cmd)}${diffs.length > 0 ? ` (different ${diffs.join(", ")})` : ""}.${where} ${DETERMINISM_HINT}`,
    relatedCommandIndex: index,
    relatedCommandType: type,
    ...(cmd.name ? { relatedCommandName: cmd.name } : {}),
  };
}

/** The handler waits for a result while the journal recorded another command (`next`) first. */
export function waitingInsteadOf(index: number, next: Recorded, where: string): ErrorMessage {
  return {
    code: MISMATCH,
    message: `Journal mismatch at command index ${index}: the handler is waiting for a result the journal does not hold, while the journal recorded ${describeCommand(next.type, next.msg)} next.${where} ${DETERMINISM_HINT}`,
    relatedCommandIndex: index,
    relatedCommandType: next.type,
  };
}

/** A lazy state get on the same key, but an earlier command consumed a different number of ids. */
export function differentCompletionId(
  index: number,
  rec: Recorded,
  key: Uint8Array,
  id: number,
  where: string,
): ErrorMessage {
  return {
    code: MISMATCH,
    message: `Journal mismatch at command index ${index}: the journal recorded ${describeCommand(rec.type, rec.msg)} with completion id ${String(rec.msg.resultCompletionId)}, but the handler now issued ${describeCommand(M.GetLazyStateCommand, { key })} with completion id ${id} (different completion id: an earlier command was added or removed).${where} ${DETERMINISM_HINT}`,
    relatedCommandIndex: index,
    relatedCommandType: rec.type,
  };
}
