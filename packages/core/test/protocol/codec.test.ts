import { describe, expect, it } from "vitest";
import { decodeMessage, encodeFrame } from "../../src/protocol/codec.js";
import { FrameDecoder } from "../../src/protocol/frame.js";
import { MessageType, messageTypeName } from "../../src/protocol/message-type.js";
import { framesOf, hex, loadVectors, toHex } from "../support/vectors.js";

const vectors = loadVectors();
const frames = vectors.flatMap((v) =>
  v.attempts.flatMap((a, i) =>
    a.timeline
      .filter((f) => f.hex)
      .map((f) => ({ label: `${v.file}#${i} ${f.dir} ${f.name}`, frame: f })),
  ),
);

describe("codec against recorded vectors", () => {
  it("has vectors to check", () => {
    expect(frames.length).toBeGreaterThan(100);
  });

  it.each(frames)("$label re-encodes byte for byte", ({ frame }) => {
    const bytes = hex(frame.hex);
    const type = (bytes[0]! << 8) | bytes[1]!;
    const flags = (bytes[2]! << 8) | bytes[3]!;
    const recorded = frame.name
      .replace(/Message$/, "")
      .replace(/CompletionNotification$/, "Completion");
    expect(messageTypeName(type)).toBe(recorded);
    const msg = decodeMessage(type, bytes.subarray(8));
    expect(toHex(encodeFrame(type, msg, flags))).toBe(frame.hex);
  });
});

describe("frame decoder", () => {
  const streams = vectors.flatMap((v) =>
    v.attempts.map((a, i) => ({ label: `${v.file}#${i}`, body: hex(a.request.body_hex), a })),
  );

  it.each(streams)("$label splits at every byte offset into the recorded frames", ({ body, a }) => {
    const expected = framesOf(a, "runtime->sdk").map((f) => f.hex);
    for (let cut = 0; cut <= body.length; cut++) {
      const d = new FrameDecoder();
      const out: string[] = [];
      for (const part of [body.subarray(0, cut), body.subarray(cut)]) {
        d.push(part);
        for (let f = d.next(); f; f = d.next()) {
          const header = new Uint8Array(8);
          header.set([f.type >> 8, f.type & 0xff, f.flags >> 8, f.flags & 0xff]);
          new DataView(header.buffer).setUint32(4, f.payload.length);
          out.push(toHex(header) + toHex(f.payload));
        }
      }
      expect(out).toEqual(expected);
      expect(d.pending).toBe(0);
    }
  });

  it("accepts a stream fed one byte at a time", () => {
    const body = hex(vectors[0]!.attempts[0]!.request.body_hex);
    const d = new FrameDecoder();
    let count = 0;
    for (let i = 0; i < body.length; i++) {
      d.push(body.subarray(i, i + 1));
      while (d.next()) count++;
    }
    expect(count).toBe(framesOf(vectors[0]!.attempts[0]!, "runtime->sdk").length);
  });

  it("rejects a frame larger than the maximum message size", () => {
    const d = new FrameDecoder(16);
    d.push(encodeFrame(MessageType.OutputCommand, { value: new Uint8Array(32) }));
    expect(() => d.next()).toThrow(/exceeds the maximum message size of 16 bytes/);
  });
});

describe("codec edge cases", () => {
  const cases: [string, number, object, string][] = [
    ["empty End", MessageType.End, {}, "0003000000000000"],
    [
      "output with string",
      MessageType.OutputCommand,
      { value: new TextEncoder().encode('"hi"') },
      "040100000000000872060a0422686922",
    ],
    [
      "output with empty value",
      MessageType.OutputCommand,
      { value: new Uint8Array(0) },
      "04010000000000027200",
    ],
    [
      "eager get void",
      MessageType.GetEagerStateCommand,
      { key: new TextEncoder().encode("k"), void: true },
      "04070000000000050a016b6a00",
    ],
    [
      "v6 suspension",
      MessageType.Suspension,
      { waitingCompletions: [1], waitingSignals: [1] },
      "00010000000000060a0101120101",
    ],
    [
      "error with optional zero index",
      MessageType.Error,
      { code: 500, relatedCommandIndex: 0 },
      "000200000000000508f4032000",
    ],
  ];
  it.each(cases)("%s", (_label, type, msg, want) => {
    expect(toHex(encodeFrame(type, msg))).toBe(want);
    expect(decodeMessage(type, encodeFrame(type, msg).subarray(8))).toEqual(msg);
  });

  it("decodes unicode strings and skips unknown fields", () => {
    const f = encodeFrame(MessageType.RunCommand, { resultCompletionId: 3, name: "grüße ✓ 🎉" });
    const withUnknown = new Uint8Array([...f.subarray(8), 0x98, 0x06, 0x07]); // field 99 varint 7
    expect(decodeMessage(MessageType.RunCommand, withUnknown)).toEqual({
      resultCompletionId: 3,
      name: "grüße ✓ 🎉",
    });
  });

  it.each([
    ["truncated varint", "08"],
    ["length past the end", "620a41"],
    ["invalid utf-8", "6202ffff"],
    ["bad wire type", "0f"],
  ])("rejects %s with a decode error", (_l, payload) => {
    expect(() => decodeMessage(MessageType.RunCommand, hex(payload))).toThrow(
      /varint|past the end|UTF-8|wire type/,
    );
  });

  // A Value or StateKeys is read in place; its fields must still end where its length says,
  // even when the frame has more bytes after it.
  it.each([
    ["a Value", MessageType.OutputCommand, "72020a054142434445"],
    ["a StateKeys", MessageType.GetLazyStateKeysCompletion, "8a01020a054142434445"],
  ])("rejects a field running past the end of %s", (_l, type, payload) => {
    expect(() => decodeMessage(type, hex(payload))).toThrow(/past the end/);
  });

  it("reads the fields after a Value and after a StateKeys", () => {
    const bytes = (t: string) => new TextEncoder().encode(t);
    // value {content "AB"}, then name "n"
    expect(decodeMessage(MessageType.OutputCommand, hex("72040a02414262016e"))).toEqual({
      value: bytes("AB"),
      name: "n",
    });
    // stateKeys {keys "k"}, then completionId 7
    expect(decodeMessage(MessageType.GetLazyStateKeysCompletion, hex("8a01030a016b0807"))).toEqual({
      stateKeys: [bytes("k")],
      completionId: 7,
    });
  });
});
