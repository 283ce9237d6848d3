// Output encoding: every frame the vm sends goes through here. Commands and run proposals are
// size-checked before they are written, because the server refuses a larger message and the
// invocation would then retry forever; a refused message leaves no trace in the output.
import { resoluteTerminalError } from "../errors/terminal-error.js";
import { encodeFrame, HEADER_SIZE } from "../protocol/codec.js";
import type { CommandMessage } from "../protocol/messages.js";
import { describeCommand } from "./command-kinds.js";

const encoder = new TextEncoder();

export class FrameWriter {
  /** Receives each complete outgoing frame. */
  readonly write: (frame: Uint8Array) => void;
  readonly maxMessageSize: number;

  constructor(write: (frame: Uint8Array) => void, maxMessageSize: number) {
    this.write = write;
    this.maxMessageSize = maxMessageSize;
  }

  /** Writes a frame without a size check: protocol messages the vm composes itself. */
  emit(type: number, msg: object, flags = 0): void {
    this.write(encodeFrame(type, msg, flags));
  }

  /** Encodes a frame whose payload the server will accept, or throws a TerminalError. */
  encode(type: number, msg: object, flags = 0): Uint8Array {
    const frame = encodeFrame(type, msg, flags);
    const size = frame.length - HEADER_SIZE;
    if (size > this.maxMessageSize) {
      throw resoluteTerminalError(
        "RES_ERR_MESSAGE_TOO_LARGE",
        `The message (${describeCommand(type, msg as CommandMessage)}) is ${size} bytes, over the message size limit of ${this.maxMessageSize} bytes that the Restate server accepts. Store large data elsewhere (e.g. object storage) and pass a reference, or split it into smaller steps; if the server's limit was raised, raise the endpoint's maxMessageSize to match.`,
      );
    }
    return frame;
  }

  /** A failure message cut so that its message fits under even a tiny size limit. */
  fitting(message: string): string {
    const room = Math.max(0, this.maxMessageSize - 64);
    return encoder.encode(message).length <= room
      ? message
      : message.slice(0, Math.floor(room / 3));
  }
}
