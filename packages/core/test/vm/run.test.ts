// ctx.run: Run command + ProposeRunCompletion, the completion coming back (V6), re-execution
// when only the Run command is journaled, retry bookkeeping (reference §6.6).
import { describe, expect, it } from "vitest";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { CANCEL_HANDLE } from "../../src/vm/result.js";
import { decodeFrame, hexes, json, openVm } from "./driver.js";
import * as m from "./messages.js";
import { describeVector } from "./vector-suite.js";

describeVector("c2_run_sleep_bidi_v6.json");
describeVector("d_run_retry_error_rr_v6.json");
describeVector("d2_run_retry_exhausted_rr_v6.json");

const fresh = () => openVm([m.start({ knownEntries: 1 }), m.input()]);

describe("run (V6)", () => {
  it("writes Run{id, name}; the proposal is raw bytes with flags 0", () => {
    const { vm, out } = fresh();
    const h = vm.run("compute");
    expect(vm.runNeedsExecution(h)).toBe(true);
    vm.proposeRun(h, { value: json("computed") });
    expect(hexes(out)).toEqual(
      hexes([m.runCmd(1, "compute"), m.propose(1, { value: "computed" })]),
    );
    expect(decodeFrame(out[1]!).flags).toBe(0);
  });

  it("a terminal failure is proposed as Failure", () => {
    const { vm, out } = fresh();
    const h = vm.run("x");
    vm.proposeRun(h, { failure: { code: 418, message: "teapot" } });
    expect(hexes(out)[1]).toBe(
      hexes([m.propose(1, { failure: { code: 418, message: "teapot" } })])[0],
    );
  });

  it("the proposal does not resolve the run in V6: the RunCompletion does", () => {
    const { vm } = fresh();
    const h = vm.run("x");
    vm.proposeRun(h, { value: json(1) });
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "wait" });
    vm.push(m.runDone(1, { value: 2 }));
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "value", value: json(2) });
  });

  it("a journaled completion means no execution: runNeedsExecution is false, result ready", () => {
    const { vm, out } = openVm([
      m.start({ knownEntries: 3 }),
      m.input(),
      m.runCmd(1, "compute"),
      m.runDone(1, { value: "done" }),
    ]);
    const h = vm.run("compute");
    expect(vm.runNeedsExecution(h)).toBe(false);
    vm.proposeRun(h, { value: json("again") }); // ignored: the journal already has the result
    expect(out).toEqual([]);
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "value", value: json("done") });
  });

  it("a journaled failure completion is the run's result", () => {
    const { vm } = openVm([
      m.start({ knownEntries: 3 }),
      m.input(),
      m.runCmd(1, "x"),
      m.runDone(1, { failure: { code: 500, message: "gave up" } }),
    ]);
    const h = vm.run("x");
    expect(vm.runNeedsExecution(h)).toBe(false);
    expect(vm.result(h)).toEqual({ kind: "failure", failure: { code: 500, message: "gave up" } });
  });

  it("only the Run command journaled: the closure runs again and its proposal is written", () => {
    const { vm, out } = openVm([m.start({ knownEntries: 2 }), m.input(), m.runCmd(1, "x")]);
    const h = vm.run("x");
    expect(vm.runNeedsExecution(h)).toBe(true);
    vm.proposeRun(h, { value: json(5) });
    expect(hexes(out)).toEqual(hexes([m.propose(1, { value: 5 })]));
  });

  it("runCommand names the run's command index and name", () => {
    const { vm } = fresh();
    vm.sleep(1);
    const h = vm.run("second");
    expect(vm.runCommand(h)).toMatchObject({ index: 2, name: "second" });
  });
});

describe("run retry bookkeeping (§6.6 attempt counting)", () => {
  const replayedRun = () =>
    openVm([
      m.start({ knownEntries: 2, retryCount: 2, duration: 300 }),
      m.input(),
      m.runCmd(1, "x"),
    ]);

  it("a replayed run, nothing new written: attempt = 1 + retry_count, elapsed = duration", () => {
    const { vm } = replayedRun();
    const h = vm.run("x");
    expect(vm.runAttempts(h)).toEqual({ attempt: 3, elapsedBefore: 300 });
  });

  it("a replayed run after which a new command was written: the count starts over", () => {
    const { vm } = replayedRun();
    const h = vm.run("x");
    vm.sleep(1);
    expect(vm.runAttempts(h)).toEqual({ attempt: 1, elapsedBefore: 0 });
  });

  it("a new run ignores retry_count_since_last_stored_entry", () => {
    const { vm } = openVm([m.start({ knownEntries: 1, retryCount: 4, duration: 9 }), m.input()]);
    const h = vm.run("x");
    expect(vm.runAttempts(h)).toEqual({ attempt: 1, elapsedBefore: 0 });
  });

  it("fail() for a run carries its related command (index, name, type 1041)", () => {
    const { vm, out } = fresh();
    const h = vm.run("maybe-fail");
    const run = vm.runCommand(h)!;
    vm.fail({
      code: 500,
      message: "transient",
      relatedCommandIndex: run.index,
      relatedCommandName: run.name,
      relatedCommandType: M.RunCommand,
      nextRetryDelay: 100,
    });
    expect(decodeFrame(out.at(-1)!).msg).toEqual({
      code: 500,
      message: "transient",
      relatedCommandIndex: 1,
      relatedCommandName: "maybe-fail",
      relatedCommandType: 1041,
      nextRetryDelay: 100,
    });
  });
});
