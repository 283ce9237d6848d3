// Suspension: only when the awaited results are not there, no run is executing and the request
// body ended (§2.4); contents = what the await needs (V6 lists, V7 Future) (§5.2, §6.7).
import { describe, expect, it } from "vitest";
import { CANCEL_HANDLE, namedSignalHandle } from "../../src/vm/result.js";
import { hexes, json, openVm } from "./driver.js";
import * as m from "./messages.js";

const fresh = (version = 6) => openVm([m.start({ knownEntries: 1 }), m.input()], { version });

describe("when to suspend", () => {
  it("input still open: wait, nothing written", () => {
    const { vm, out } = fresh();
    const h = vm.sleep(1);
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "wait" });
    expect(hexes(out)).toEqual(hexes([m.sleepCmd(1, 1)]));
    expect(vm.closed).toBe(false);
  });

  it("input closed but a run is executing: wait; once it is not, suspend", () => {
    const { vm, out } = fresh();
    const h = vm.run("slow");
    vm.end();
    expect(vm.progress([h, CANCEL_HANDLE], true)).toEqual({ kind: "wait" });
    expect(vm.closed).toBe(false);
    vm.proposeRun(h, { value: json(1) });
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "closed" });
    expect(hexes(out)).toEqual(
      hexes([
        m.runCmd(1, "slow"),
        m.propose(1, { value: 1 }),
        m.suspension({ completions: [1], signals: [1] }),
      ]),
    );
  });

  it("input closed but the result is already there: ready, no suspension", () => {
    const { vm, out } = fresh();
    const h = vm.sleep(1);
    vm.push(m.sleepDone(1));
    vm.end();
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "ready", handle: h });
    expect(out).toHaveLength(1);
  });

  it("after suspending the vm is closed: progress says closed and writes nothing more", () => {
    const { vm, out } = fresh();
    const h = vm.sleep(1);
    vm.end();
    vm.progress([h], false);
    expect(vm.closeReason).toBe("suspended");
    expect(vm.progress([h], false)).toEqual({ kind: "closed" });
    vm.push(m.sleepDone(1));
    vm.output({ value: json(1) });
    expect(out).toHaveLength(2);
  });
});

describe("V6 suspension contents", () => {
  it("a completion plus the cancel signal when cancel is awaited: {[1], [1]}", () => {
    const { vm, out } = fresh();
    const h = vm.sleep(1);
    vm.end();
    vm.progress([h, CANCEL_HANDLE], false);
    expect(hexes(out).at(-1)).toBe("00010000000000060a0101120101"); // reference §6.7
  });

  it("no cancel signal when cancel is not awaited", () => {
    const { vm, out } = fresh();
    const h = vm.sleep(1);
    vm.end();
    vm.progress([h], false);
    expect(hexes(out).at(-1)).toBe(hexes([m.suspension({ completions: [1] })])[0]);
  });

  it("completions, awakeable signals, cancel and named signals together", () => {
    const { vm, out } = fresh();
    const { handle: awk } = vm.awakeable();
    const { result } = vm.call({ service: "S", handler: "h" }, json(0));
    const s = vm.sleep(1);
    vm.end();
    vm.progress([result, s, awk, namedSignalHandle("go"), CANCEL_HANDLE], false);
    expect(hexes(out).at(-1)).toBe(
      hexes([m.suspension({ completions: [2, 3], signals: [17, 1], named: ["go"] })])[0],
    );
  });

  it("a completion that already arrived but is not awaited is not listed", () => {
    const { vm, out } = fresh();
    const a = vm.sleep(1);
    const b = vm.sleep(2);
    vm.push(m.sleepDone(1));
    vm.end();
    expect(vm.isCompleted(a)).toBe(true);
    vm.progress([b, CANCEL_HANDLE], false);
    expect(hexes(out).at(-1)).toBe(hexes([m.suspension({ completions: [2], signals: [1] })])[0]);
  });
});

describe("V7 suspension contents", () => {
  it("awaiting_on Future{completions, signals, FIRST_COMPLETED} (reference §6.7)", () => {
    const { vm, out } = fresh(7);
    const h = vm.sleep(1);
    vm.end();
    vm.progress([h, CANCEL_HANDLE], false);
    expect(hexes(out).at(-1)).toBe("000100000000000a22080a01011201012801");
  });

  it("named signals go into the Future too", () => {
    const { vm, out } = fresh(7);
    vm.end();
    vm.progress([namedSignalHandle("go"), CANCEL_HANDLE], false);
    expect(hexes(out)).toEqual(hexes([m.suspensionV7({ signals: [1], named: ["go"] })]));
  });
});
