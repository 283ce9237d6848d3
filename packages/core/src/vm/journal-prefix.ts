// What the server sends before the handler may run: StartMessage, then `known_entries` journal
// entries (Input first, then recorded commands and notifications). Collects them and checks
// their order; notifications go straight to the caller.
import {
  isCommand,
  isNotification,
  MessageType as M,
  messageTypeName,
} from "../protocol/message-type.js";
import type {
  CommandMessage,
  InputCommandMessage,
  NotificationMessage,
  StartMessage,
} from "../protocol/messages.js";

export interface Recorded {
  readonly type: number;
  readonly msg: CommandMessage;
}

/** "started" after the StartMessage, "complete" after the last entry, or a violation. */
export type PrefixStep = "started" | "more" | "complete" | { readonly violation: string };

export class JournalPrefix {
  start: StartMessage = {};
  input: InputCommandMessage | undefined;
  /** Recorded commands after the input, in journal order. */
  readonly commands: Recorded[] = [];
  private left = -1; // -1 until the StartMessage arrived

  /** Entries announced but not received yet. */
  get missing(): number {
    return Math.max(0, this.left);
  }

  accept(
    type: number,
    msg: object,
    notify: (n: NotificationMessage) => string | undefined,
  ): PrefixStep {
    if (this.left < 0) {
      if (type !== M.Start)
        return { violation: `Expected StartMessage first, got ${messageTypeName(type)}.` };
      this.start = msg as StartMessage;
      this.left = this.start.knownEntries ?? 0;
      if (this.left < 1) {
        return {
          violation: "StartMessage announced no journal entries; at least the input is required.",
        };
      }
      return "started";
    }
    if (isCommand(type)) {
      if (this.input === undefined) {
        if (type !== M.InputCommand) {
          return {
            violation: `Expected InputCommand as the first journal entry, got ${messageTypeName(type)}.`,
          };
        }
        this.input = msg as InputCommandMessage;
      } else {
        this.commands.push({ type, msg: msg as CommandMessage });
      }
    } else if (isNotification(type)) {
      const violation = notify(msg as NotificationMessage);
      if (violation !== undefined) return { violation };
    } else {
      return { violation: `Unexpected ${messageTypeName(type)} inside the journal.` };
    }
    if (--this.left > 0) return "more";
    if (this.input === undefined)
      return { violation: "The journal ended without an InputCommand." };
    return "complete";
  }
}
