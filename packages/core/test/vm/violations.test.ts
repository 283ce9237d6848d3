// Protocol violations: the vm answers ErrorMessage 571 and closes; it never throws at its caller
// (reference §2.5, §4, §6.10).
import { describe, expect, it } from "vitest";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { InvocationVm } from "../../src/vm/invocation-vm.js";
import { CANCEL_HANDLE } from "../../src/vm/result.js";
import { concat, decodeFrame, END, type InputEvent, json, lastError } from "./driver.js";
import * as m from "./messages.js";

/** A frame with an arbitrary type and payload, built by hand. */
function raw(type: number, payloadHex = "", flags = 0): Uint8Array {
  const payload = Buffer.from(payloadHex, "hex");
  const f = new Uint8Array(8 + payload.length);
  const dv = new DataView(f.buffer);
  dv.setUint16(0, type);
  dv.setUint16(2, flags);
  dv.setUint32(4, payload.length);
  f.set(payload, 8);
  return f;
}

function feed(
  events: readonly InputEvent[],
  o: { version?: number; maxMessageSize?: number } = {},
) {
  const out: Uint8Array[] = [];
  const vm = new InvocationVm({
    protocolVersion: o.version ?? 6,
    output: (f) => out.push(f),
    ...(o.maxMessageSize === undefined ? {} : { maxMessageSize: o.maxMessageSize }),
  });
  for (const e of events) {
    if (e === END) expect(() => vm.end()).not.toThrow();
    else expect(() => vm.push(e)).not.toThrow();
  }
  return { vm, out };
}

function expectViolation(r: { vm: InvocationVm; out: Uint8Array[] }) {
  expect(r.out).toHaveLength(1);
  expect(lastError(r.out).code).toBe(571);
  expect(r.vm.closed).toBe(true);
  expect(r.vm.closeReason).toBe("error");
  expect(r.vm.ready).toBe(false);
}

const journal = [m.start({ knownEntries: 1 }), m.input()];

describe("protocol violations → ErrorMessage 571, vm closed, no throw", () => {
  const cases: [string, InputEvent[], { version?: number; maxMessageSize?: number }?][] = [
    ["a first frame that is not Start", [m.input()]],
    ["an unknown message type as first frame", [raw(0x0099)]],
    [
      "an unknown message type inside the journal",
      [m.start({ knownEntries: 2 }), m.input(), raw(0x0420)],
    ],
    ["an unknown message type after the journal", [...journal, raw(0x8020, "0801")]],
    ["a malformed Start (length-delimited field past the end)", [raw(M.Start, "0a05aa")]],
    ["a malformed notification (truncated varint)", [...journal, raw(M.SleepCompletion, "08")]],
    [
      "a malformed Input (string that is not UTF-8)",
      [m.start({ knownEntries: 1 }), raw(M.InputCommand, "0a040a02ffff")],
    ],
    ["a command after the replay prefix", [...journal, m.runCmd(1, "x")]],
    [
      "a command right behind the journal in the same chunk",
      [concat([...journal, m.setState("k", 1)])],
    ],
    ["a second Start", [m.start({ knownEntries: 2 }), m.start({ knownEntries: 2 })]],
    [
      "a first journal entry that is not Input",
      [m.start({ knownEntries: 2 }), m.runCmd(1, "x"), m.input()],
    ],
    ["input ended with nothing received", [END]],
    [
      "input ended after Start, before the known entries",
      [m.start({ knownEntries: 3 }), m.input(), END],
    ],
    [
      "input ended in the middle of a journal frame",
      [m.start({ knownEntries: 1 }), m.input().subarray(0, 10), END],
    ],
    [
      "a frame larger than the maximum message size (header only)",
      [...journal, raw(M.SleepCompletion, "").fill(0xff, 4, 8)],
      { maxMessageSize: 1024 },
    ],
    [
      "a journal frame larger than the maximum message size",
      [m.start({ knownEntries: 1 }), m.input("x".repeat(100))],
      { maxMessageSize: 64 },
    ],
    ["a notification without id after the journal", [...journal, raw(M.SleepCompletion, "2200")]],
    [
      "a notification without id inside the journal (last entry)",
      [m.start({ knownEntries: 2 }), m.input(), raw(M.SleepCompletion, "2200")],
    ],
    [
      "a notification without id inside the journal (middle entry)",
      [m.start({ knownEntries: 3 }), m.input(), raw(M.SleepCompletion, "2200"), m.setState("k", 1)],
    ],
    ["a CommandAck (not part of V5+)", [...journal, raw(M.CommandAck, "0801")]],
    ["a ProposeRunCompletionAck on V6", [...journal, m.ack(1)]],
    ["an ack for an unknown run (V7)", [...journal, m.ack(1)], { version: 7 }],
    [
      "an ack inside the replayed journal (V7)",
      [m.start({ knownEntries: 2 }), m.input(), m.ack(1)],
      { version: 7 },
    ],
    ["a Suspension sent by the runtime", [...journal, m.suspension({ completions: [1] })]],
    [
      "a journal without InputCommand (only a notification)",
      [m.start({ knownEntries: 1 }), m.sleepDone(1)],
    ],
  ];

  it.each(cases)("%s", (_, events, o) => {
    expectViolation(feed(events, o));
  });
});

describe("after a violation", () => {
  it("more input, end and syscalls write nothing and do not throw", () => {
    const r = feed([m.input()]);
    const { vm } = r;
    expect(() => {
      vm.push(concat(journal));
      vm.end();
      vm.sleep(1);
      vm.setState("k", json(1));
      vm.run("x");
      vm.output({ value: json(1) });
      vm.fail({ code: 500, message: "again" });
    }).not.toThrow();
    expect(vm.progress([1, CANCEL_HANDLE], false)).toEqual({ kind: "closed" });
    expectViolation(r);
  });

  it("a violation in the last journal entry leaves the vm closed: nothing follows the ErrorMessage", () => {
    const { vm, out } = feed([
      m.start({ knownEntries: 2 }),
      m.input(),
      raw(M.SleepCompletion, "2200"),
    ]);
    vm.output({ value: json("handler ran") });
    expect(out.map((f) => decodeFrame(f).type)).toEqual([M.Error]);
  });

  it("the message says what was wrong", () => {
    const { out } = feed([m.input()]);
    expect(lastError(out).message).toMatch(/Start/);
    expect(decodeFrame(out[0]!).type).toBe(M.Error);
  });
});

describe("not violations", () => {
  it("Start announcing no entries is rejected (an ErrorMessage, the vm closed)", () => {
    const { vm, out } = feed([m.start({ knownEntries: 0 })]);
    expect(vm.closed).toBe(true);
    expect(decodeFrame(out[0]!).type).toBe(M.Error);
  });

  it("unknown fields inside known messages are skipped", () => {
    const { vm, out } = feed([...journal, raw(M.SleepCompletion, "0801f8060122009a0700")]);
    expect(out).toEqual([]);
    expect(vm.isCompleted(1)).toBe(true);
  });

  it("notifications right behind the journal, in the same chunk, are live notifications", () => {
    const { vm, out } = feed([concat([...journal, m.sleepDone(1), m.signal(17)])]);
    expect(out).toEqual([]);
    expect(vm.ready).toBe(true);
    expect(vm.isCompleted(1)).toBe(true);
    expect(vm.isCompleted(-17)).toBe(true);
  });

  it("end of input after a complete journal is fine", () => {
    const { vm, out } = feed([...journal, END]);
    expect(out).toEqual([]);
    expect(vm.ready).toBe(true);
  });
});
