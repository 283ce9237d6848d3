// Calls (two completion ids), one-way sends (one id), signals to other invocations incl. cancel,
// attach / get invocation output (reference §6.3, §6.5, §6.11).
import { describe, expect, it } from "vitest";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { CANCEL_HANDLE } from "../../src/vm/result.js";
import { hexes, json, openVm } from "./driver.js";
import * as m from "./messages.js";
import { describeVector } from "./vector-suite.js";

describeVector("g_call_rr_v6.json");

const fresh = () => openVm([m.start({ knownEntries: 1 }), m.input()]);

describe("call", () => {
  it("takes two ids: the invocation id notification first, then the result", () => {
    const { vm, out } = fresh();
    const { invocationId, result } = vm.call({ service: "Greeter", handler: "greet" }, json("Bob"));
    expect([invocationId, result]).toEqual([1, 2]);
    expect(hexes(out)).toEqual(
      hexes([m.callCmd({ service: "Greeter", handler: "greet" }, "Bob", 1, 2)]),
    );
  });

  it("CallInvocationIdCompletion resolves the first id, CallCompletion the second", () => {
    const { vm } = fresh();
    const { invocationId, result } = vm.call({ service: "S", handler: "h" }, json(1));
    vm.push(m.callIdDone(1, "inv_1child"));
    vm.push(m.callDone(2, { failure: { code: 404, message: "no such handler" } }));
    expect(vm.progress([invocationId], false)).toEqual({ kind: "ready", handle: invocationId });
    expect(vm.result(invocationId)).toEqual({ kind: "invocationId", invocationId: "inv_1child" });
    expect(vm.progress([result, CANCEL_HANDLE], false)).toEqual({ kind: "ready", handle: result });
    expect(vm.result(result)).toEqual({
      kind: "failure",
      failure: { code: 404, message: "no such handler" },
    });
  });

  it("an object call carries key, idempotency key, headers and name", () => {
    const { vm, out } = fresh();
    const target = {
      service: "Counter",
      handler: "add",
      key: "k",
      idempotencyKey: "idem",
      headers: [{ key: "h", value: "v" }],
      name: "bump",
    };
    vm.call(target, json(1));
    expect(hexes(out)).toEqual(hexes([m.callCmd(target, 1, 1, 2)]));
  });
});

describe("one-way send", () => {
  it("takes one id (invocation id) and carries the absolute invoke time", () => {
    const { vm, out } = fresh();
    const h = vm.send({ service: "Counter", handler: "add", key: "k" }, json(1), 1700000000000);
    expect(h).toBe(1);
    expect(hexes(out)).toEqual(
      hexes([m.sendCmd({ service: "Counter", handler: "add", key: "k" }, 1, 1, 1700000000000)]),
    );
    vm.push(m.callIdDone(1, "inv_1sent"));
    expect(vm.result(h)).toEqual({ kind: "invocationId", invocationId: "inv_1sent" });
  });

  it("without a delay the invoke time is omitted (0 = now)", () => {
    const { vm, out } = fresh();
    vm.send({ service: "S", handler: "h" }, json(null));
    expect(hexes(out)).toEqual(hexes([m.sendCmd({ service: "S", handler: "h" }, null, 1)]));
  });

  it("ids are allocated in issue order across kinds: call 1+2, send 3, sleep 4", () => {
    const { vm, out } = fresh();
    vm.call({ service: "S", handler: "h" }, json(0));
    expect(vm.send({ service: "S", handler: "h" }, json(0))).toBe(3);
    expect(vm.sleep(9)).toBe(4);
    expect(hexes(out).at(-1)).toBe(hexes([m.sleepCmd(4, 9)])[0]);
  });
});

describe("signals to other invocations", () => {
  it("cancel = SendSignal{target, idx 1, void}; it takes no completion id", () => {
    const { vm, out } = fresh();
    expect(vm.sendSignal("inv_1child", 1, undefined)).toBe(true);
    vm.sleep(3);
    expect(hexes(out)).toEqual(hexes([m.sendSignal("inv_1child", 1, undefined), m.sleepCmd(1, 3)]));
  });

  it("a named signal carries its value", () => {
    const { vm, out } = fresh();
    vm.sendSignal("inv_1child", "ready", { value: json(42) });
    expect(hexes(out)).toEqual(hexes([m.sendSignal("inv_1child", "ready", { value: 42 })]));
  });
});

describe("attach / get invocation output", () => {
  it("attach by invocation id: AttachInvocation{id, completion}, resolved with the value", () => {
    const { vm, out } = fresh();
    const h = vm.attach({ invocationId: "inv_1other" });
    expect(hexes(out)).toEqual(hexes([m.attachCmd({ invocationId: "inv_1other" }, 1)]));
    vm.push(m.done(M.AttachInvocationCompletion, 1, { value: 7 }));
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "value", value: json(7) });
  });

  it("get output of a workflow: GetInvocationOutput{workflow target}, void = not finished", () => {
    const { vm, out } = fresh();
    const target = { workflowTarget: { workflowName: "Wf", workflowKey: "w1" } };
    const h = vm.getInvocationOutput(target);
    expect(hexes(out)).toEqual(hexes([m.getOutputCmd(target, 1)]));
    vm.push(m.done(M.GetInvocationOutputCompletion, 1, undefined));
    expect(vm.progress([h], false)).toEqual({ kind: "ready", handle: h });
    expect(vm.result(h)).toEqual({ kind: "void" });
  });
});
