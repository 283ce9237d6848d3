// Awakeables: signal ids 17, 18, … in creation order, ids "sign_1" + base64url(id ‖ u32 BE),
// resolved by SignalNotification; completing one with CompleteAwakeable (reference §6.4, §6.12).
import { describe, expect, it } from "vitest";
import { CANCEL_HANDLE, namedSignalHandle } from "../../src/vm/result.js";
import { framesOf, hex } from "../support/vectors.js";
import { decodeFrame, hexes, json, openVm } from "./driver.js";
import * as m from "./messages.js";
import { describeVector, vector } from "./vector-suite.js";

describeVector("f_awakeable_rr_v6.json");

const withId = (id: Uint8Array) => openVm([m.start({ knownEntries: 1, id }), m.input()]);

describe("awakeable ids", () => {
  it("the first awakeable's id is the one the official SDK gave in vector f", () => {
    const f = vector("f_awakeable_rr_v6.json");
    const recordedId = /sign_1[A-Za-z0-9_-]+/.exec(f.description)?.[0];
    expect(recordedId).toBeDefined();
    const startFrame = framesOf(f.attempts[0]!, "runtime->sdk")[0]!;
    const id = decodeFrame(hex(startFrame.hex)).msg.id as Uint8Array;
    const { vm } = withId(id);
    expect(vm.awakeable()).toEqual({ id: recordedId, handle: -17 });
  });

  it("the protocol reference's example: signal 17 of a6e7bd32…", () => {
    const { vm } = withId(hex("a6e7bd327cf11ed713bb87dec8a0b3bc11d674819e75356f"));
    expect(vm.awakeable().id).toBe("sign_1pue9MnzxHtcTu4feyKCzvBHWdIGedTVvAAAAEQ");
  });

  it("awakeables get signal ids 17, 18, … and take no completion id nor command", () => {
    const { vm, out } = withId(hex("a6e7bd327cf11ed713bb87dec8a0b3bc11d674819e75356f"));
    const a = vm.awakeable();
    const b = vm.awakeable();
    expect([a.handle, b.handle]).toEqual([-17, -18]);
    expect(b.id).toBe("sign_1pue9MnzxHtcTu4feyKCzvBHWdIGedTVvAAAAEg");
    expect(out).toEqual([]);
    expect(vm.sleep(1)).toBe(1);
  });
});

describe("awakeable results", () => {
  it("SignalNotification{idx 17, value} resolves the first awakeable", () => {
    const { vm } = withId(m.INVOCATION_ID);
    const { handle } = vm.awakeable();
    expect(vm.progress([handle, CANCEL_HANDLE], false)).toEqual({ kind: "wait" });
    vm.push(m.signal(17, { value: { hello: "world" } }));
    expect(vm.progress([handle, CANCEL_HANDLE], false)).toEqual({ kind: "ready", handle });
    expect(vm.result(handle)).toEqual({ kind: "value", value: json({ hello: "world" }) });
  });

  it("a rejected awakeable resolves as failure", () => {
    const { vm } = withId(m.INVOCATION_ID);
    vm.awakeable();
    const { handle } = vm.awakeable();
    vm.push(m.signal(18, { failure: { code: 500, message: "rejected" } }));
    expect(vm.progress([handle], false)).toEqual({ kind: "ready", handle });
    expect(vm.result(handle)).toEqual({
      kind: "failure",
      failure: { code: 500, message: "rejected" },
    });
  });

  it("a named signal resolves the handle of that name", () => {
    const { vm } = withId(m.INVOCATION_ID);
    const h = namedSignalHandle("ready");
    vm.push(m.namedSignal("ready", { value: 42 }));
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "value", value: json(42) });
  });

  it("suspends on [17, 1] while waiting for the first awakeable (vector f)", () => {
    const { vm, out } = withId(m.INVOCATION_ID);
    const { handle } = vm.awakeable();
    vm.end();
    expect(vm.progress([handle, CANCEL_HANDLE], false)).toEqual({ kind: "closed" });
    expect(hexes(out)).toEqual(hexes([m.suspension({ signals: [17, 1] })]));
  });
});

describe("completing awakeables", () => {
  it("resolve: CompleteAwakeable{id, value}", () => {
    const { vm, out } = withId(m.INVOCATION_ID);
    expect(vm.completeAwakeable("sign_1abc", { value: json("yes") })).toBe(true);
    expect(hexes(out)).toEqual(hexes([m.completeAwakeable("sign_1abc", { value: "yes" })]));
  });

  it("reject: CompleteAwakeable{id, failure}; no completion id is taken", () => {
    const { vm, out } = withId(m.INVOCATION_ID);
    vm.completeAwakeable("sign_1abc", { failure: { code: 500, message: "no" } });
    vm.sleep(1);
    expect(hexes(out)).toEqual(
      hexes([
        m.completeAwakeable("sign_1abc", { failure: { code: 500, message: "no" } }),
        m.sleepCmd(1, 1),
      ]),
    );
  });

  it("during replay the recorded CompleteAwakeable is matched, not written again", () => {
    const { vm, out } = openVm([
      m.start({ knownEntries: 2 }),
      m.input(),
      m.completeAwakeable("sign_1abc", { value: "yes" }),
    ]);
    expect(vm.completeAwakeable("sign_1abc", { value: json("yes") })).toBe(true);
    expect(out).toEqual([]);
  });
});
