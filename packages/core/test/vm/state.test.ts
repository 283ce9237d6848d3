// State: eager answers from Start.state_map, lazy round trips when the map is partial, the local
// view kept up to date by set/clear/clearAll, completion ids consumed by eager answers (§6.3, §6.5).
import { describe, expect, it } from "vitest";
import { CANCEL_HANDLE } from "../../src/vm/result.js";
import { hexes, json, openVm, text } from "./driver.js";
import * as m from "./messages.js";
import { describeVector } from "./vector-suite.js";

describeVector("b_object_counter_eager_state_bidi_v6.json");
describeVector("j_lazy_state_rr_v6.json");
describeVector("m_state_ops_completion_ids_rr_v6.json");

const complete = (state: Record<string, string>) =>
  openVm([m.start({ knownEntries: 1, key: "k", state }), m.input()]);
const partial = (state: Record<string, string> = {}) =>
  openVm([m.start({ knownEntries: 1, key: "k", state, partial: true }), m.input()]);

describe("eager state (complete state map)", () => {
  it("a present key is answered with GetEagerState{value}, ready at once", () => {
    const { vm, out } = complete({ count: "8" });
    const h = vm.getState("count");
    expect(hexes(out)).toEqual(hexes([m.getEager("count", 8)]));
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "value", value: json(8) });
  });

  it("an absent key is answered with GetEagerState{void}: the map is complete", () => {
    const { vm, out } = complete({ other: "1" });
    const h = vm.getState("count");
    expect(hexes(out)).toEqual(hexes([m.getEager("count")]));
    expect(vm.result(h)).toEqual({ kind: "void" });
  });

  it("an empty stored value (StateEntry value empty) is present: GetEagerState{value: Value{}}", () => {
    const { vm, out } = complete({ e: "" });
    const h = vm.getState("e");
    // key "e" (0a 01 65), then field 14 as an empty Value (72 00), hand-encoded from §5.3
    expect(hexes(out)).toEqual(["04070000000000050a01657200"]);
    expect(vm.result(h)).toEqual({ kind: "value", value: new Uint8Array(0) });
  });

  it("state keys are answered with GetEagerStateKeys, sorted", () => {
    const { vm, out } = complete({ b: "1", c: "1", a: "1" });
    const h = vm.getStateKeys();
    expect(hexes(out)).toEqual(hexes([m.getEagerKeys(["a", "b", "c"])]));
    const r = vm.result(h);
    expect(r?.kind === "stateKeys" && r.keys.map(text)).toEqual(["a", "b", "c"]);
  });

  it("state keys are sorted by their UTF-8 bytes, like the official core (Rust String sort)", () => {
    // U+FF01 is EF BC 81 in UTF-8, U+1F600 is F0 9F 98 80: byte order puts U+FF01 first,
    // UTF-16 code unit order (JS default sort) would put U+1F600 (D83D DE00) first.
    const { vm, out } = complete({ "\u{1F600}": "1", "\uFF01": "1" });
    vm.getStateKeys();
    expect(hexes(out)).toEqual(hexes([m.getEagerKeys(["\uFF01", "\u{1F600}"])]));
  });

  it("eager get and eager keys each consume a completion id: the next run gets id 3 (vector m)", () => {
    const { vm, out } = complete({ count: "8" });
    expect(vm.getState("count")).toBe(1);
    expect(vm.getStateKeys()).toBe(2);
    vm.run("after-get");
    expect(hexes(out).at(-1)).toBe(hexes([m.runCmd(3, "after-get")])[0]);
  });
});

describe("lazy state (partial state map)", () => {
  it("an absent key costs GetLazyState{key, id}, resolved by its completion", () => {
    const { vm, out } = partial();
    const h = vm.getState("count");
    expect(hexes(out)).toEqual(hexes([m.getLazy("count", 1)]));
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "wait" });
    vm.push(m.getLazyDone(1, { value: 2 }));
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "value", value: json(2) });
  });

  it("a key present in a partial map is still answered eagerly", () => {
    const { vm, out } = partial({ count: "4" });
    vm.getState("count");
    expect(hexes(out)).toEqual(hexes([m.getEager("count", 4)]));
  });

  it("state keys cost GetLazyStateKeys{id}, resolved by the keys completion", () => {
    const { vm, out } = partial({ a: "1" });
    const h = vm.getStateKeys();
    expect(hexes(out)).toEqual(hexes([m.getLazyKeys(1)]));
    vm.push(m.getLazyKeysDone(1, ["a", "b"]));
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    const r = vm.result(h);
    expect(r?.kind === "stateKeys" && r.keys.map(text)).toEqual(["a", "b"]);
  });

  it("with the key absent and input closed, the get suspends on its completion and cancel", () => {
    const { vm, out } = partial();
    const h = vm.getState("count");
    vm.end();
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "closed" });
    expect(hexes(out)).toEqual(
      hexes([m.getLazy("count", 1), m.suspension({ completions: [1], signals: [1] })]),
    );
  });
});

describe("set / clear / clearAll update the local view (§6.5)", () => {
  it("after set(k) on a partial map, get(k) is eager with the new value", () => {
    const { vm, out } = partial();
    vm.setState("count", json(3));
    vm.getState("count");
    expect(hexes(out)).toEqual(hexes([m.setState("count", 3), m.getEager("count", 3)]));
  });

  it("after clear(k) on a complete map, get(k) is eager void and keys omit k", () => {
    const { vm, out } = complete({ a: "1", b: "2" });
    vm.clearState("a");
    vm.getState("a");
    vm.getStateKeys();
    expect(hexes(out)).toEqual(hexes([m.clearState("a"), m.getEager("a"), m.getEagerKeys(["b"])]));
  });

  it("after clear(k) on a partial map, get(k) is eager void: the vm knows k is empty", () => {
    const { vm, out } = partial({ a: "1" });
    vm.clearState("a");
    const h = vm.getState("a");
    expect(hexes(out)).toEqual(hexes([m.clearState("a"), m.getEager("a")]));
    expect(vm.result(h)).toEqual({ kind: "void" });
  });

  it("clearAll makes the view complete: later gets and keys are eager", () => {
    const { vm, out } = partial({ a: "1" });
    vm.clearAllState();
    vm.getState("a");
    vm.setState("b", json(2));
    vm.getStateKeys();
    expect(hexes(out)).toEqual(
      hexes([m.clearAll(), m.getEager("a"), m.setState("b", 2), m.getEagerKeys(["b"])]),
    );
  });

  it("set during replay updates the view used after the replay", () => {
    const { vm, out } = openVm([
      m.start({ knownEntries: 2, key: "k", partial: true }),
      m.input(),
      m.setState("n", 7),
    ]);
    vm.setState("n", json(7));
    vm.getState("n");
    expect(hexes(out)).toEqual(hexes([m.getEager("n", 7)]));
  });
});
