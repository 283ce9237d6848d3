// Workflow durable promises: GetPromise / PeekPromise / CompletePromise, one completion id each,
// and their completion notifications (reference §5.3, §5.4, §6.5).
import { describe, expect, it } from "vitest";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { CANCEL_HANDLE } from "../../src/vm/result.js";
import { hexes, json, openVm } from "./driver.js";
import * as m from "./messages.js";

const workflow = () => openVm([m.start({ knownEntries: 1, key: "wf-1" }), m.input()]);

describe("workflow promises", () => {
  it("get writes GetPromise{key, id} and blocks until GetPromiseCompletion", () => {
    const { vm, out } = workflow();
    const h = vm.promiseGet("p");
    expect(hexes(out)).toEqual(hexes([m.promiseGet("p", 1)]));
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "wait" });
    vm.push(m.done(M.GetPromiseCompletion, 1, { value: "v" }));
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "value", value: json("v") });
  });

  it("a rejected promise resolves get with the failure", () => {
    const { vm } = workflow();
    const h = vm.promiseGet("p");
    vm.push(m.done(M.GetPromiseCompletion, 1, { failure: { code: 400, message: "bad" } }));
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "failure", failure: { code: 400, message: "bad" } });
  });

  it("peek writes PeekPromise{key, id}; void means not resolved yet", () => {
    const { vm, out } = workflow();
    const h = vm.promisePeek("p");
    expect(hexes(out)).toEqual(hexes([m.promisePeek("p", 1)]));
    vm.push(m.done(M.PeekPromiseCompletion, 1, undefined));
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "void" });
  });

  it("complete with a value writes CompletePromise{key, completion_value, id}; void = ok", () => {
    const { vm, out } = workflow();
    const h = vm.promiseComplete("p", { value: json(1) });
    expect(hexes(out)).toEqual(hexes([m.promiseComplete("p", { value: 1 }, 1)]));
    vm.push(m.done(M.CompletePromiseCompletion, 1, undefined));
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "void" });
  });

  it("reject writes completion_failure; a failure completion means already completed", () => {
    const { vm, out } = workflow();
    const h = vm.promiseComplete("p", { failure: { code: 400, message: "bad" } });
    expect(hexes(out)).toEqual(
      hexes([m.promiseComplete("p", { failure: { code: 400, message: "bad" } }, 1)]),
    );
    vm.push(m.done(M.CompletePromiseCompletion, 1, { failure: { code: 409, message: "done" } }));
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "failure", failure: { code: 409, message: "done" } });
  });

  it("each operation takes one completion id, in issue order", () => {
    const { vm, out } = workflow();
    expect([
      vm.promiseGet("a"),
      vm.promisePeek("b"),
      vm.promiseComplete("c", { value: json(1) }),
    ]).toEqual([1, 2, 3]);
    expect(hexes(out)).toEqual(
      hexes([m.promiseGet("a", 1), m.promisePeek("b", 2), m.promiseComplete("c", { value: 1 }, 3)]),
    );
  });

  it("replayed with its completion: nothing written, result ready", () => {
    const { vm, out } = openVm([
      m.start({ knownEntries: 3, key: "wf-1" }),
      m.input(),
      m.promiseGet("p", 1),
      m.done(M.GetPromiseCompletion, 1, { value: "v" }),
    ]);
    const h = vm.promiseGet("p");
    expect(out).toEqual([]);
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
  });

  it("suspends on the promise's completion when input is closed", () => {
    const { vm, out } = workflow();
    const h = vm.promiseGet("p");
    vm.end();
    expect(vm.progress([h, CANCEL_HANDLE], false)).toEqual({ kind: "closed" });
    expect(hexes(out)).toEqual(
      hexes([m.promiseGet("p", 1), m.suspension({ completions: [1], signals: [1] })]),
    );
  });
});
