// Notifications are consumed in journal (arrival) order, so a race has the same winner on every
// replay (reference §6.1): the earliest notification among the awaited handles wins, whatever
// the order of the awaited list; a handle consumed earlier wins immediately.
import { describe, expect, it } from "vitest";
import { CANCEL_HANDLE, type Handle } from "../../src/vm/result.js";
import { concat, json, openVm } from "./driver.js";
import * as m from "./messages.js";

/** Two sleeps A (id 1) and B (id 2) issued, then the given notifications pushed. */
function race(...notifications: Uint8Array[]) {
  const { vm, out } = openVm([m.start({ knownEntries: 1 }), m.input()]);
  const a = vm.sleep(1);
  const b = vm.sleep(2);
  for (const n of notifications) vm.push(n);
  return { vm, out, a, b };
}

describe("the earliest notification wins", () => {
  it.each([
    ["[A, B]", (a: Handle, b: Handle) => [a, b]],
    ["[B, A]", (a: Handle, b: Handle) => [b, a]],
  ])("B notified before A, awaited as %s: B wins", (_, order) => {
    const { vm, a, b } = race(m.sleepDone(2), m.sleepDone(1));
    expect(vm.progress(order(a, b), false)).toEqual({ kind: "ready", handle: b });
  });

  it("A notified before B, awaited as [B, A]: A wins", () => {
    const { vm, a, b } = race(m.sleepDone(1), m.sleepDone(2));
    expect(vm.progress([b, a], false)).toEqual({ kind: "ready", handle: a });
  });

  it("the cancel signal wins when it came first", () => {
    const { vm, a } = race(m.signal(1), m.sleepDone(1));
    expect(vm.progress([a, CANCEL_HANDLE], false)).toEqual({
      kind: "ready",
      handle: CANCEL_HANDLE,
    });
  });

  it("the awaited handle wins over a cancel that came after it", () => {
    const { vm, a } = race(m.sleepDone(1), m.signal(1));
    expect(vm.progress([CANCEL_HANDLE, a], false)).toEqual({ kind: "ready", handle: a });
  });

  it("the same winner whether notifications arrive in one chunk or as a replayed journal", () => {
    const live = race(concat([m.sleepDone(2), m.sleepDone(1)]));
    const { vm } = openVm([
      m.start({ knownEntries: 5 }),
      m.input(),
      m.sleepCmd(1, 1),
      m.sleepCmd(2, 2),
      m.sleepDone(2),
      m.sleepDone(1),
    ]);
    const a = vm.sleep(1);
    const b = vm.sleep(2);
    expect(vm.progress([a, b], false)).toEqual(live.vm.progress([live.a, live.b], false));
    expect(vm.progress([a, b], false)).toEqual({ kind: "ready", handle: b });
  });
});

describe("handles consumed earlier", () => {
  it("a handle consumed earlier wins immediately over one whose notification is unread", () => {
    const { vm, a, b } = race(m.sleepDone(1));
    expect(vm.progress([a], false)).toEqual({ kind: "ready", handle: a });
    vm.push(m.sleepDone(2));
    expect(vm.progress([b, a], false)).toEqual({ kind: "ready", handle: a });
  });

  it("notifications skipped while waiting for another handle count as consumed", () => {
    const { vm, a, b } = race(m.sleepDone(1), m.sleepDone(2));
    expect(vm.progress([b], false)).toEqual({ kind: "ready", handle: b });
    // A was read on the way to B: it is complete and wins at once, again and again.
    expect(vm.progress([a], false)).toEqual({ kind: "ready", handle: a });
    expect(vm.progress([a], false)).toEqual({ kind: "ready", handle: a });
  });

  it("a later notification does not overtake: B still wins after C arrives", () => {
    const { vm, a, b } = race(m.sleepDone(2));
    const c = vm.sleep(3);
    vm.push(m.sleepDone(3));
    vm.push(m.sleepDone(1));
    expect(vm.progress([c, a, b], false)).toEqual({ kind: "ready", handle: b });
    expect(vm.progress([c, a], false)).toEqual({ kind: "ready", handle: c });
  });

  it("a duplicate notification does not change the result: the first one wins", () => {
    const { vm } = openVm([m.start({ knownEntries: 1 }), m.input()]);
    const h = vm.run("x");
    vm.push(m.runDone(1, { value: "first" }));
    vm.push(m.runDone(1, { value: "second" }));
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "value", value: json("first") });
  });

  it("a notification that arrived before its command was issued is found", () => {
    const { vm } = openVm([m.start({ knownEntries: 1 }), m.input()]);
    vm.push(m.signal(17, { value: 1 }));
    const { handle } = vm.awakeable();
    expect(vm.progress([handle], false)).toEqual({ kind: "ready", handle });
  });
});
