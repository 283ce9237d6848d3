// The straight-line step codec (step-codec.ts) must be invisible: encodeFrame/decodeMessage give
// exactly the bytes and objects the schema-driven codec gives, on generated messages (defaults,
// absent fields, large payloads, unknown fields, malformed input) and on the recorded vectors.
import { describe, expect, it } from "vitest";
import {
  decodeMessage,
  decodeMessageGeneric,
  encodeFrame,
  encodeFrameGeneric,
} from "../../src/protocol/codec.js";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { readCompletionValue } from "../../src/protocol/step-codec.js";
import { hex, loadVectors, toHex } from "../support/vectors.js";

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(14);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));

const ids = [undefined, 0, 1, 127, 128, 16383, 16384, 2 ** 21, 2 ** 31 - 1, 2 ** 32 - 1];
const names = [undefined, "", "a", "step-42", "grüße ✓ 🎉", "x".repeat(300), "lone \ud800", "é"];
// One large payload (a 4-byte length) is enough: bigger ones only cost test time.
const sizes = [0, 1, 127, 128, 16383, 16384, 2 ** 21 + 3];
const LARGE = 2 ** 21 + 3;
const size = () => {
  const n = pick(sizes);
  return n === LARGE && rand() < 0.9 ? 200 : n;
};
const randomId = () => (rand() < 0.5 ? pick(ids) : Math.floor(rand() * 2 ** 32));
const maybe = <T>(make: () => T): T | undefined => (rand() < 0.75 ? make() : undefined);
const failure = () => ({ code: pick([0, 500, 409]), message: pick(["", "boom", "ü"]) });

/** An object with only the defined entries, so generated messages omit absent fields. */
function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function expectSameFrame(type: number, msg: Record<string, unknown>, flags: number): void {
  expect(toHex(encodeFrame(type, msg, flags))).toBe(toHex(encodeFrameGeneric(type, msg, flags)));
}

describe("step encoders write exactly what the generic codec writes", () => {
  it("RunCommand, 500 generated messages", () => {
    for (let i = 0; i < 500; i++) {
      const msg = defined({ resultCompletionId: randomId(), name: pick(names) });
      expectSameFrame(M.RunCommand, msg, pick([0, 0x8000]));
    }
  });

  it("ProposeRunCompletion with a value or a failure, 500 generated messages", () => {
    for (let i = 0; i < 500; i++) {
      const result = rand() < 0.8 ? { value: maybe(() => bytes(size())) } : { failure: failure() };
      const msg = defined({ resultCompletionId: randomId(), ...result });
      expectSameFrame(M.ProposeRunCompletion, msg, pick([0, 0x8000]));
    }
  });

  it("writes an empty value (presence) and skips a zero id, as proto3 says", () => {
    expect(
      toHex(encodeFrame(M.ProposeRunCompletion, { resultCompletionId: 0, value: bytes(0) })),
    ).toBe("00050000000000027200");
    expect(toHex(encodeFrame(M.RunCommand, { resultCompletionId: 1, name: "" }))).toBe(
      "04110000000000025801",
    );
  });
});

/** Appends protobuf fields the schema does not know, one of each wire type. */
function unknownField(): number[] {
  return pick([
    [0x98, 0x06, 0x07], // field 99, varint
    [0x99, 0x06, 1, 2, 3, 4, 5, 6, 7, 8], // field 99, i64
    [0x9a, 0x06, 0x02, 0xaa, 0xbb], // field 99, len
    [0x9d, 0x06, 1, 2, 3, 4], // field 99, i32
  ]);
}

/** Notification payloads: mostly id + value (the fast path), some with other fields. */
function notificationPayload(): Uint8Array {
  const msg = defined({
    completionId: maybe(randomId),
    // Sizes around the 1- and 2-byte length limits; large ones only slow the byte compares.
    value: rand() < 0.8 ? bytes(pick([0, 1, 127, 128, 300])) : undefined,
    failure: rand() < 0.1 ? failure() : undefined,
    void: rand() < 0.1 ? true : undefined,
    signalId: rand() < 0.05 ? randomId() : undefined,
    invocationId: rand() < 0.05 ? "inv_1" : undefined,
    stateKeys: rand() < 0.05 ? [bytes(3)] : undefined,
  });
  const payload = [...encodeFrameGeneric(M.RunCompletion, msg).subarray(8)];
  if (rand() < 0.2) payload.push(...unknownField());
  if (rand() < 0.1) payload.unshift(...unknownField());
  // A Value with an unknown field of its own after its content: 2a len 0a 01 41 98 06 07
  if (rand() < 0.1) payload.push(0x2a, 0x06, 0x0a, 0x01, 0x41, 0x98, 0x06, 0x07);
  return Uint8Array.from(payload);
}

/** The decoded object, or the decode error's message. */
function outcome(decode: () => object): unknown {
  try {
    const o = decode();
    return { keys: Object.keys(o), o };
  } catch (e) {
    return { error: (e as Error).message, type: (e as Error).constructor.name };
  }
}

describe("the step decoder reads exactly what the generic codec reads", () => {
  const types = [M.RunCompletion, M.CallCompletion, M.SleepCompletion, M.SignalNotification];

  it("notifications, 500 generated payloads, each also cut at every few bytes", () => {
    for (let i = 0; i < 500; i++) {
      const type = pick(types);
      const payload = notificationPayload();
      const step = Math.max(1, Math.floor(payload.length / 7));
      for (let end = payload.length; end >= 0; end -= end === payload.length ? 1 : step) {
        const cut = payload.subarray(0, end);
        expect(outcome(() => decodeMessage(type, cut))).toEqual(
          outcome(() => decodeMessageGeneric(type, cut)),
        );
      }
    }
  });

  it.each([
    ["truncated varint", "08"],
    ["bad wire type", "0f"],
    ["id with a length wire type", "0a0100"],
    ["value past the end", "2a050a0141"],
    ["value content past the Value's end", "2a020a054142434445"],
    ["value with a varint wire type", "2801"],
  ])("malformed: %s fails the same way", (_l, payload) => {
    const a = outcome(() => decodeMessage(M.RunCompletion, hex(payload)));
    expect(a).toHaveProperty("error");
    expect(a).toEqual(outcome(() => decodeMessageGeneric(M.RunCompletion, hex(payload))));
  });

  it("takes the fast path for a run's answer and leaves other shapes to the generic decoder", () => {
    expect(readCompletionValue(hex("08072a030a0141"))).toEqual({
      completionId: 7,
      value: hex("41"),
    });
    expect(readCompletionValue(hex("08072200"))).toBeUndefined(); // void
    expect(readCompletionValue(hex("0807320308f403"))).toBeUndefined(); // failure
  });
});

describe("step codec against the recorded vectors", () => {
  const frames = loadVectors().flatMap((v) =>
    v.attempts.flatMap((a) => a.timeline.filter((f) => f.hex).map((f) => hex(f.hex))),
  );

  it("decodes and re-encodes every recorded frame as the generic codec does", () => {
    let fast = 0;
    for (const bytes of frames) {
      const type = (bytes[0]! << 8) | bytes[1]!;
      const flags = (bytes[2]! << 8) | bytes[3]!;
      const payload = bytes.subarray(8);
      const msg = decodeMessage(type, payload);
      expect(outcome(() => msg)).toEqual(outcome(() => decodeMessageGeneric(type, payload)));
      expect(toHex(encodeFrame(type, msg, flags))).toBe(
        toHex(encodeFrameGeneric(type, msg, flags)),
      );
      if (type === M.RunCommand || type === M.ProposeRunCompletion || type === M.RunCompletion)
        fast++;
    }
    expect(fast).toBeGreaterThan(10);
  });
});
