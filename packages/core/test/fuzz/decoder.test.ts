// Fuzzing the wire side: the frame splitter, the codec and the vm take whatever bytes arrive
// (random, truncated, oversized, reordered, bit-flipped recorded frames) and never throw or hang:
// each input ends in a clean state or a protocol error frame.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMessage, encodeFrame } from "../../src/protocol/codec.js";
import { FrameDecoder } from "../../src/protocol/frame.js";
import { MessageType } from "../../src/protocol/message-type.js";
import { InvocationVm } from "../../src/vm/invocation-vm.js";
import { framesOf, hex, loadVectors } from "../support/vectors.js";

const recorded = loadVectors().flatMap((v) =>
  v.attempts.map((a) => ({
    version: v.protocol_version,
    frames: framesOf(a, "runtime->sdk").map((f) => hex(f.hex)),
  })),
);

/** Feeds chunks to a fresh vm; returns the types of what it wrote. Must never throw. */
function feed(version: number, chunks: Uint8Array[], close: boolean): number[] {
  const out: number[] = [];
  const vm = new InvocationVm({
    protocolVersion: version,
    maxMessageSize: 1 << 16,
    output: (f) => out.push((f[0]! << 8) | f[1]!),
  });
  for (const c of chunks) vm.push(c);
  if (close) vm.end();
  if (vm.ready) vm.progress([1, 2, -1], false); // a handler waiting on something
  return out;
}

function expectCleanEnd(types: number[]): void {
  // At most one terminal frame, and nothing after it.
  const terminal = types.findIndex(
    (t) => t === MessageType.Error || t === MessageType.Suspension || t === MessageType.End,
  );
  if (terminal >= 0) expect(terminal).toBe(types.length - 1);
}

const RUNS = 25_000; // four properties: 100,000 generated inputs per run

// 100,000 inputs take a few seconds of CPU; on a loaded 2-core CI machine wall time can be
// several times that, so the per-test limit is about hanging, not speed.
describe("fuzzing the decoder and the vm", { timeout: 120_000 }, () => {
  it("random bytes in random chunks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }),
        fc.boolean(),
        fc.constantFrom(5, 6, 7),
        (chunks, close, v) => {
          expectCleanEnd(feed(v, chunks, close));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("recorded journals truncated, reordered and cut at random points", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...recorded),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.nat(),
        fc.boolean(),
        (rec, swaps, cutAt, close) => {
          const frames = [...rec.frames];
          for (const s of swaps) {
            const i = s % frames.length;
            const j = (s >> 3) % frames.length;
            [frames[i], frames[j]] = [frames[j]!, frames[i]!];
          }
          const all = Uint8Array.from(frames.flatMap((f) => [...f]));
          const cut = cutAt % (all.length + 1);
          expectCleanEnd(feed(rec.version, [all.subarray(0, cut), all.subarray(cut)], close));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("recorded frames with flipped bytes and forged lengths", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...recorded),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (rec, flips) => {
          const all = Uint8Array.from(rec.frames.flatMap((f) => [...f]));
          for (const [at, value] of flips) all[at % all.length] = value;
          expectCleanEnd(feed(rec.version, [all], true));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("the codec decodes arbitrary payloads of every message type or rejects them, never anything else", () => {
    const types = Object.values(MessageType);
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.uint8Array({ maxLength: 48 }), (type, payload) => {
        try {
          const msg = decodeMessage(type, payload);
          // What decodes must encode again.
          encodeFrame(type, msg);
        } catch (e) {
          expect((e as Error).message).toMatch(
            /varint|past the end|UTF-8|wire type|unknown message type/,
          );
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("an oversized frame is refused before it is buffered", () => {
    const d = new FrameDecoder(1024);
    d.push(new Uint8Array([0x04, 0x01, 0, 0, 0x7f, 0xff, 0xff, 0xff]));
    expect(() => d.next()).toThrow(/exceeds the maximum message size of 1024 bytes/);
    const out = feed(6, [new Uint8Array([0, 0, 0, 0, 0x10, 0, 0, 0])], false);
    expect(out).toEqual([MessageType.Error]);
  });
});
