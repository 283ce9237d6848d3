// Ending an invocation: Output + End (vector a), terminal failure as Output (h), retryable
// failure as ErrorMessage only (l); and what the vm does when ended twice.
import { describe, expect, it } from "vitest";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { InvocationVm } from "../../src/vm/invocation-vm.js";
import { concat, decodeFrame, hexes, json, lastError, openVm } from "./driver.js";
import { end, input, output, outputFailure, start } from "./messages.js";
import { describeVector } from "./vector-suite.js";

describeVector("a_service_greet_bidi_v6.json");
describeVector("h_terminal_error_rr_v6.json");
describeVector("l_handler_retryable_error_rr_v6.json");

describe("ending", () => {
  const opened = () => openVm([start({ knownEntries: 1 }), input("x")]);

  it("output(value) writes Output then End and closes with reason end", () => {
    const { vm, out } = opened();
    vm.output({ value: json(42) });
    expect(hexes(out)).toEqual(hexes([output(42), end()]));
    expect(vm.closeReason).toBe("end");
  });

  it("output(failure) writes Output{failure} then End (terminal, no ErrorMessage)", () => {
    const { vm, out } = opened();
    vm.output({ failure: { code: 418, message: "nope" } });
    expect(hexes(out)).toEqual(hexes([outputFailure(418, "nope"), end()]));
  });

  it("fail() writes only the ErrorMessage, with its related command fields, and closes", () => {
    const { vm, out } = opened();
    vm.fail({ code: 500, message: "boom", relatedCommandIndex: 3, nextRetryDelay: 100 });
    expect(out).toHaveLength(1);
    expect(lastError(out)).toMatchObject({
      code: 500,
      message: "boom",
      relatedCommandIndex: 3,
      nextRetryDelay: 100,
    });
    expect(vm.closeReason).toBe("error");
    expect(vm.failure?.code).toBe(500);
  });

  it("after the terminal message nothing more is written: output, fail, commands are no-ops", () => {
    const { vm, out } = opened();
    vm.output({ value: json(1) });
    vm.output({ value: json(2) });
    vm.fail({ code: 500, message: "late" });
    vm.sleep(1);
    vm.setState("k", json(1));
    expect(out.map((f) => decodeFrame(f).type)).toEqual([M.OutputCommand, M.End]);
  });

  it("onClose is called once, right after the terminal message", () => {
    const reasons: string[] = [];
    const frames: number[] = [];
    const vm = new InvocationVm({
      protocolVersion: 6,
      output: (f) => frames.push(decodeFrame(f).type),
      onClose: (r) => reasons.push(`${r} after ${frames.length} frames`),
    });
    vm.push(concat([start({ knownEntries: 1 }), input()]));
    vm.output({ value: json(1) });
    vm.fail({ code: 500, message: "late" });
    vm.end();
    expect(reasons).toEqual(["end after 2 frames"]);
  });
});
