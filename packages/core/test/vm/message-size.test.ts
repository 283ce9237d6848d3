// Nothing larger than the message size limit is sent: the server would refuse it and retry
// forever. Commands throw a TerminalError and leave no trace; output and run results fail.
import { describe, expect, it } from "vitest";
import { TerminalError } from "../../src/errors/terminal-error.js";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { decodeFrame, openVm } from "./driver.js";
import * as m from "./messages.js";

const big = new Uint8Array(300);
const opened = () =>
  openVm([m.start({ knownEntries: 1, key: "k", state: {} }), m.input()], { maxMessageSize: 256 });

describe("the message size limit on what the endpoint writes", () => {
  it("a state value over the limit throws a TerminalError naming the limit; nothing is written", () => {
    const { vm, out } = opened();
    let thrown: unknown;
    try {
      vm.setState("k", big);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TerminalError);
    expect((thrown as TerminalError).message).toMatch(
      /SetState key "k" \(ctx\.set\)\) is \d+ bytes, over the message size limit of 256 bytes/,
    );
    expect(out).toEqual([]);
    // The journal is unchanged: the next command still gets index 1.
    vm.setState("k", new Uint8Array(1));
    expect(out.map((f) => decodeFrame(f).type)).toEqual([M.SetStateCommand]);
  });

  it("the handler's output over the limit becomes a terminal failure output", () => {
    const { vm, out } = opened();
    vm.output({ value: big });
    expect(out.map((f) => decodeFrame(f).type)).toEqual([M.OutputCommand, M.End]);
    const failure = (decodeFrame(out[0]!).msg as { failure?: { code: number; message: string } })
      .failure;
    expect(failure?.code).toBe(500);
    expect(failure?.message).toMatch(/^The handler's result cannot be sent: The message/);
    expect(vm.closeReason).toBe("end");
  });
});
