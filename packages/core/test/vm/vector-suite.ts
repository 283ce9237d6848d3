// Replays a recorded vector through the vm with its scripted handler and compares the frames
// the vm wrote with the official SDK's, attempt by attempt, in several input chunkings.
import { describe, expect, it } from "vitest";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { framesOf, hex, loadVectors, type Vector, type VectorAttempt } from "../support/vectors.js";
import {
  CHUNKINGS,
  type Chunking,
  type Driven,
  drive,
  END,
  frameView,
  hexes,
  type InputEvent,
  volatileNote,
} from "./driver.js";
import { type VectorCase, vectorCases } from "./vector-handlers.js";

let cache: Vector[] | undefined;

export function vector(file: string): Vector {
  cache ??= loadVectors();
  const v = cache.find((x) => x.file === file);
  if (!v) throw new Error(`no vector ${file}`);
  return v;
}

/**
 * The runtime->sdk side of an attempt: what had arrived before the SDK wrote its first frame
 * (delivered before the handler starts), and the rest in arrival order.
 */
export function attemptInput(a: VectorAttempt): { initial: InputEvent[]; later: InputEvent[] } {
  const initial: InputEvent[] = [];
  const later: InputEvent[] = [];
  let sdkWrote = false;
  for (const t of a.timeline) {
    if (t.dir === "sdk->runtime") {
      if (t.hex !== undefined) sdkWrote = true;
      continue;
    }
    const e: InputEvent | undefined =
      t.hex !== undefined ? hex(t.hex) : /END_STREAM/.test(t.event ?? "") ? END : undefined;
    if (e !== undefined) (sdkWrote ? later : initial).push(e);
  }
  return { initial, later };
}

const AWAITING_ON = M.AwaitingOn.toString(16).padStart(4, "0");

/** The frames the official SDK wrote in an attempt. */
export function recordedOutput(a: VectorAttempt, c: Pick<VectorCase, "skipAwaitingOn">): string[] {
  return framesOf(a, "sdk->runtime")
    .map((f) => f.hex)
    .filter((h) => !(c.skipAwaitingOn && h.startsWith(AWAITING_ON)));
}

export function runAttempt(file: string, attempt: number, chunking: Chunking): Driven {
  const v = vector(file);
  const c = vectorCases[file]!;
  return drive({
    version: v.protocol_version,
    ...attemptInput(v.attempts[attempt]!),
    handler: c.handler(attempt),
    chunking,
  });
}

/** The vm's frames, in the comparable form of frameView. */
export function views(out: readonly string[], c: VectorCase): string[] {
  return out.map((h) => frameView(h, c));
}

/** One test per attempt and chunking: the vm reproduces the official SDK's frames. */
export function describeVector(file: string): void {
  const v = vector(file);
  const c = vectorCases[file];
  describe(`vector ${file}`, () => {
    it("has a scripted handler", () => {
      expect(c).toBeDefined();
    });
    if (!c) return;
    v.attempts.forEach((a, i) => {
      const expected = recordedOutput(a, c);
      const note =
        volatileNote(expected, c) + (c.skipAwaitingOn ? " (AwaitingOn hints not expected)" : "");
      it.each(CHUNKINGS)(
        `attempt ${i} writes the official SDK's frames${note}, input in %s`,
        (_, chunking) => {
          const d = runAttempt(file, i, chunking);
          expect(d.blockedOn).toBeUndefined();
          expect(views(hexes(d.out), c)).toEqual(views(expected, c));
          expect(d.vm.closed).toBe(true);
        },
      );
      it(`attempt ${i} writes the same frames whatever byte offset splits the first input`, () => {
        const { initial } = attemptInput(a);
        const size = initial.reduce((n, e) => n + (e === END ? 0 : e.length), 0);
        const want = views(expected, c);
        for (let at = 0; at <= size; at++) {
          const d = runAttempt(file, i, { splitAt: at });
          expect(views(hexes(d.out), c), `split at byte ${at}`).toEqual(want);
        }
      });
    });
  });
}
