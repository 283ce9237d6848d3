// Journal mismatch (non-determinism) detection during replay: ErrorMessage 570 naming the
// recorded and the new command and the command index (reference §6.9).
import { describe, expect, it } from "vitest";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { CANCEL_HANDLE } from "../../src/vm/result.js";
import { json, lastError, openVm } from "./driver.js";
import * as m from "./messages.js";
import { describeVector } from "./vector-suite.js";

describeVector("i_journal_mismatch_rr_v6.json");

/** A vm replaying Input + the given recorded entries. */
const replaying = (...entries: Uint8Array[]) =>
  openVm([
    m.start({ knownEntries: entries.length + 1, key: "k", state: {} }),
    m.input(),
    ...entries,
  ]);

function expectMismatch(out: Uint8Array[], index: number, mentions: RegExp[]) {
  const e = lastError(out);
  expect(e.code).toBe(570);
  expect(e.relatedCommandIndex).toBe(index);
  expect(e.message).toMatch(new RegExp(`index\\D{0,4}${index}\\b`));
  for (const r of mentions) expect(e.message).toMatch(r);
  return e;
}

describe("a different command than recorded → 570", () => {
  it("different name (as in vector i): index 1, the new name, type 1041 (Run)", () => {
    const { vm, out } = replaying(m.runCmd(1, "charge"));
    expect(vm.run("refund")).toBe(0);
    const e = expectMismatch(out, 1, [/charge/, /refund/]);
    expect(e.relatedCommandName).toBe("refund");
    expect(e.relatedCommandType).toBe(M.RunCommand);
    expect(vm.closed).toBe(true);
    expect(out).toHaveLength(1);
  });

  it("different kind: a Run recorded, a Sleep now; names both kinds", () => {
    const { vm, out } = replaying(m.runCmd(1, "charge"));
    vm.sleep(5);
    const e = expectMismatch(out, 1, [/Run/, /Sleep/, /charge/]);
    expect(e.relatedCommandType).toBe(M.SleepCommand);
  });

  it("different state key: SetState a recorded, SetState b now", () => {
    const { vm, out } = replaying(m.setState("alpha", 1));
    vm.setState("beta", json(1));
    expectMismatch(out, 1, [/SetState/, /alpha/, /beta/]);
  });

  it("different key on a state get (eager recorded, get of another key now)", () => {
    const { vm, out } = replaying(m.getEager("alpha", 1));
    vm.getState("beta");
    expectMismatch(out, 1, [/alpha/, /beta/]);
  });

  it("different call target: Greeter/greet recorded, Other/greet now", () => {
    const { vm, out } = replaying(m.callCmd({ service: "Greeter", handler: "greet" }, "x", 1, 2));
    vm.call({ service: "Other", handler: "greet" }, json("x"));
    expectMismatch(out, 1, [/Greeter/, /Other/]);
  });

  it("different object key on a call", () => {
    const { vm, out } = replaying(
      m.callCmd({ service: "Counter", handler: "add", key: "k1" }, 1, 1, 2),
    );
    vm.call({ service: "Counter", handler: "add", key: "k2" }, json(1));
    expectMismatch(out, 1, [/k1/, /k2/]);
  });

  it("a mismatch at a later index reports that index", () => {
    const { vm, out } = replaying(m.setState("a", 1), m.sleepCmd(1, 5), m.runCmd(2, "charge"));
    vm.setState("a", json(1));
    vm.sleep(5);
    vm.run("refund");
    expectMismatch(out, 3, [/charge/, /refund/]);
  });

  it("a different value written to the same key", () => {
    const { vm, out } = replaying(m.setState("alpha", 1));
    vm.setState("alpha", json(2));
    expectMismatch(out, 1, [/alpha/]);
  });
});

describe("what is not a mismatch", () => {
  it("Sleep wake-up time and OneWayCall invoke time differ on every run", () => {
    const { vm, out } = replaying(
      m.sleepCmd(1, 1000),
      m.sendCmd({ service: "S", handler: "h" }, 1, 2, 5000),
      m.setState("x", 1),
    );
    vm.sleep(2000);
    vm.send({ service: "S", handler: "h" }, json(1), 9000);
    vm.setState("x", json(1));
    expect(out).toEqual([]);
    expect(vm.closed).toBe(false);
  });

  it("a get recorded as GetLazyState matches a get of the same key", () => {
    const { vm, out } = openVm([
      m.start({ knownEntries: 3, key: "k", partial: true }),
      m.input(),
      m.getLazy("a", 1),
      m.getLazyDone(1, { value: 3 }),
    ]);
    const h = vm.getState("a");
    expect(out).toEqual([]);
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "value", value: json(3) });
  });
});

describe("awaiting what the journal cannot satisfy while commands remain → 570", () => {
  it("code added an await: the sleep has no completion but a later command is recorded", () => {
    const { vm, out } = replaying(
      m.sleepCmd(1, 5),
      m.runCmd(2, "charge"),
      m.runDone(2, { value: 1 }),
    );
    const h = vm.sleep(5);
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "closed" });
    const e = lastError(out);
    expect(e.code).toBe(570);
    expect(e.message).toMatch(/charge/); // what the journal holds next
  });

  it("the same await in bidi mode (input still open) is a mismatch too, not a wait", () => {
    const { vm, out } = replaying(m.sleepCmd(1, 5), m.setState("x", 1));
    const h = vm.sleep(5);
    expect(vm.inputClosed).toBe(false);
    expect(vm.progress([h], false)).toEqual({ kind: "closed" });
    expect(lastError(out).code).toBe(570);
  });

  it("once the last recorded command is replayed the same await waits instead", () => {
    const { vm, out } = replaying(m.sleepCmd(1, 5));
    const h = vm.sleep(5);
    expect(vm.progress([h], false)).toEqual({ kind: "wait" });
    expect(out).toEqual([]);
  });
});
