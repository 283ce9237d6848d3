// Protocol V7 deltas: run proposals with REQUESTED_ACK answered by ProposeRunCompletionAck (the
// run resolves with the proposed value), Future-shaped SuspensionMessage (§1.3, §5.2, §6.6).
import { describe, expect, it } from "vitest";
import { CANCEL_HANDLE } from "../../src/vm/result.js";
import { decodeFrame, hexes, json, lastError, openVm } from "./driver.js";
import * as m from "./messages.js";
import { describeVector } from "./vector-suite.js";

describeVector("v7_greet_and_counter_bidi.json");
describeVector("v7_run_sleep_bidi.json");
describeVector("v7_run_sleep_rr.json");

const fresh = () => openVm([m.start({ knownEntries: 1 }), m.input()], { version: 7 });

describe("V7 run proposals", () => {
  it("carry the REQUESTED_ACK flag 0x8000", () => {
    const { vm, out } = fresh();
    const h = vm.run("compute");
    vm.proposeRun(h, { value: json("v") });
    expect(hexes(out)).toEqual(
      hexes([m.runCmd(1, "compute"), m.propose(1, { value: "v" }, 0x8000)]),
    );
    expect(decodeFrame(out[1]!).flags).toBe(0x8000);
  });

  it("the ack resolves the run with the proposed value", () => {
    const { vm } = fresh();
    const h = vm.run("compute");
    vm.proposeRun(h, { value: json("v") });
    expect(vm.runNeedsExecution(h)).toBe(false);
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "wait" });
    vm.push(m.ack(1));
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "value", value: json("v") });
  });

  it("the ack resolves a proposed failure as that failure", () => {
    const { vm } = fresh();
    const h = vm.run("x");
    vm.proposeRun(h, { failure: { code: 500, message: "gave up" } });
    vm.push(m.ack(1));
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "failure", failure: { code: 500, message: "gave up" } });
  });

  it("acks of two runs resolve each with its own proposal, in ack order", () => {
    const { vm } = fresh();
    const a = vm.run("a");
    const b = vm.run("b");
    vm.proposeRun(a, { value: json("A") });
    vm.proposeRun(b, { value: json("B") });
    vm.push(m.ack(2));
    vm.push(m.ack(1));
    expect(vm.progress([a, b], false)).toEqual({ kind: "ready", handle: b });
    expect(vm.result(a)).toEqual({ kind: "value", value: json("A") });
    expect(vm.result(b)).toEqual({ kind: "value", value: json("B") });
  });

  it("a second ack for the same run is a protocol violation (571)", () => {
    const { vm, out } = fresh();
    const h = vm.run("x");
    vm.proposeRun(h, { value: json(1) });
    vm.push(m.ack(1));
    vm.push(m.ack(1));
    expect(lastError(out).code).toBe(571);
    expect(vm.closed).toBe(true);
  });

  it("without the ack and with input closed the run's completion is awaited in a Future", () => {
    const { vm, out } = fresh();
    const h = vm.run("x");
    vm.proposeRun(h, { value: json(1) });
    vm.end();
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "closed" });
    expect(hexes(out).at(-1)).toBe(hexes([m.suspensionV7({ completions: [1], signals: [1] })])[0]);
  });

  it("a RunCompletion replayed from the journal resolves the run; nothing is proposed", () => {
    const { vm, out } = openVm(
      [m.start({ knownEntries: 3 }), m.input(), m.runCmd(1, "x"), m.runDone(1, { value: 5 })],
      { version: 7 },
    );
    const h = vm.run("x");
    expect(vm.runNeedsExecution(h)).toBe(false);
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(out).toEqual([]);
  });
});
