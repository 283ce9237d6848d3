// Sleep: Sleep{absolute wake-up time, id} and SleepCompletion; bidi inactivity suspension (k),
// cancellation while sleeping (e).
import { describe, expect, it } from "vitest";
import { CANCEL_HANDLE } from "../../src/vm/result.js";
import { hexes, openVm } from "./driver.js";
import * as m from "./messages.js";
import { describeVector } from "./vector-suite.js";

describeVector("k_inactivity_suspend_bidi_v6.json");
describeVector("e_cancel_signal_rr_v6.json");

describe("sleep", () => {
  it("writes Sleep{wake_up_time (absolute, as given), id} and SleepCompletion resolves it", () => {
    const { vm, out } = openVm([m.start({ knownEntries: 1 }), m.input()]);
    const h = vm.sleep(1795838911193);
    expect(hexes(out)).toEqual(hexes([m.sleepCmd(1, 1795838911193)]));
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "wait" });
    vm.push(m.sleepDone(1));
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "void" });
  });

  it("a named sleep carries its name", () => {
    const { vm, out } = openVm([m.start({ knownEntries: 1 }), m.input()]);
    vm.sleep(5, "nap");
    expect(hexes(out)).toEqual(hexes([m.sleepCmd(1, 5, "nap")]));
  });

  it("during replay a sleep matches the recorded one whatever its wake-up time", () => {
    const { vm, out } = openVm([
      m.start({ knownEntries: 3 }),
      m.input(),
      m.sleepCmd(1, 1000),
      m.sleepDone(1),
    ]);
    const h = vm.sleep(999_999);
    expect(out).toEqual([]);
    expect(vm.closed).toBe(false);
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
  });

  it("cancel arriving while sleeping wins over the sleep", () => {
    const { vm } = openVm([m.start({ knownEntries: 2 }), m.input(), m.sleepCmd(1, 5)]);
    const h = vm.sleep(5);
    vm.push(m.signal(1));
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({
      kind: "ready",
      handle: CANCEL_HANDLE,
    });
    expect(vm.isCompleted(h)).toBe(false);
  });

  it("bidi: once the runtime closes the request body the waiting sleep suspends (vector k)", () => {
    const { vm, out } = openVm([m.start({ knownEntries: 1 }), m.input()]);
    const h = vm.sleep(8000);
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "wait" });
    vm.end();
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "closed" });
    expect(hexes(out)).toEqual(
      hexes([m.sleepCmd(1, 8000), m.suspension({ completions: [1], signals: [1] })]),
    );
    expect(vm.closeReason).toBe("suspended");
  });
});
