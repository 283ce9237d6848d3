// A run's result handed to the handler is dropped (long journals keep little per step); what
// must survive is the fact that it arrived: no second proposal, no re-execution, duplicates
// of its completion ignored, and other handles unaffected.
import { describe, expect, it } from "vitest";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { json, openVm } from "./driver.js";
import * as m from "./messages.js";

describe("a run's result handed over", () => {
  it("still counts as arrived, and its bookkeeping is gone", () => {
    const { vm, out } = openVm([m.start({ knownEntries: 1 }), m.input()]);
    const h = vm.run("step");
    vm.proposeRun(h, { value: json(1) });
    vm.push(m.runDone(1, { value: 1 }));
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "value", value: json(1) });
    vm.handedOver(h);
    expect(vm.isCompleted(h)).toBe(true);
    expect(vm.runNeedsExecution(h)).toBe(false);
    expect(vm.runCommand(h)).toBeUndefined();
    const written = out.length;
    vm.proposeRun(h, { value: json(2) }); // a late proposal: nothing is written
    expect(out.length).toBe(written);
  });

  it("a duplicate completion of it is ignored; the next result is handed over in order", () => {
    const { vm } = openVm([m.start({ knownEntries: 1 }), m.input()]);
    const a = vm.run("a");
    vm.proposeRun(a, { value: json(1) });
    vm.push(m.runDone(1, { value: 1 }));
    expect(vm.progress([a], false)).toEqual({ kind: "ready", handle: a });
    vm.handedOver(a);
    const b = vm.run("b");
    vm.proposeRun(b, { value: json(2) });
    vm.push(m.runDone(1, { value: 99 }));
    vm.push(m.runDone(2, { value: 2 }));
    expect(vm.progress([b], false)).toEqual({ kind: "ready", handle: b });
    expect(vm.result(b)).toEqual({ kind: "value", value: json(2) });
  });

  it("only runs are dropped: a sleep's result stays readable", () => {
    const { vm } = openVm([m.start({ knownEntries: 1 }), m.input()]);
    const s = vm.sleep(1000);
    const failure = { code: 409, message: "Cancelled" };
    vm.push(m.done(M.SleepCompletion, 1, { failure }));
    expect(vm.progress([s], false)).toEqual({ kind: "ready", handle: s });
    vm.handedOver(s);
    expect(vm.result(s)).toEqual({ kind: "failure", failure });
    expect(vm.isCompleted(s)).toBe(true);
  });
});
