// Replay from any point: for a recorded journal, a Start announcing only its first k entries
// makes the vm replay those and write exactly the rest of what the official SDK wrote over the
// whole invocation (the remaining notifications arriving on the open stream).
import { describe, expect, it } from "vitest";
import { encodeFrame } from "../../src/protocol/codec.js";
import { isCommand, MessageType as M } from "../../src/protocol/message-type.js";
import { framesOf, hex } from "../support/vectors.js";
import { decodeFrame, drive, END, hexes, type InputEvent } from "./driver.js";
import { vectorCases } from "./vector-handlers.js";
import { describeVector, vector, views } from "./vector-suite.js";

describeVector("c_run_sleep_suspend_replay_rr_v6.json");

interface Journal {
  /** The vector, and the attempt whose Start carries the full journal. */
  file: string;
  journal: number;
  /** The attempts whose SDK frames together make one whole execution. */
  outputs: number[];
}

const journals: Journal[] = [
  { file: "c_run_sleep_suspend_replay_rr_v6.json", journal: 2, outputs: [0, 1, 2] },
  { file: "e_cancel_signal_rr_v6.json", journal: 1, outputs: [0, 1] },
  { file: "f_awakeable_rr_v6.json", journal: 1, outputs: [0, 1] },
  { file: "g_call_rr_v6.json", journal: 2, outputs: [0, 2] },
  { file: "j_lazy_state_rr_v6.json", journal: 3, outputs: [2, 3] },
  { file: "m_state_ops_completion_ids_rr_v6.json", journal: 1, outputs: [0, 1] },
  { file: "v7_run_sleep_rr.json", journal: 2, outputs: [0, 1, 2] },
];

const typeOf = (h: string) => Number.parseInt(h.slice(0, 4), 16);
const notATerminalPause = (h: string) => typeOf(h) !== M.Suspension && typeOf(h) !== M.Error;

function recordedJournal(j: Journal) {
  const frames = framesOf(vector(j.file).attempts[j.journal]!, "runtime->sdk").map((f) => f.hex);
  const start = decodeFrame(hex(frames[0]!)).msg;
  const entries = frames.slice(1);
  expect(entries.length).toBe(start.knownEntries);
  const whole = j.outputs
    .flatMap((i) => framesOf(vector(j.file).attempts[i]!, "sdk->runtime").map((f) => f.hex))
    .filter(notATerminalPause);
  return { start, entries, whole };
}

/** What the SDK still has to write when the journal's first k entries are replayed. */
function rest(whole: string[], prefix: string[]): string[] {
  const replayed = prefix.filter((h) => isCommand(typeOf(h)) && typeOf(h) !== M.InputCommand);
  const completed = new Set(
    prefix
      .filter((h) => typeOf(h) === M.RunCompletion)
      .map((h) => decodeFrame(hex(h)).msg.completionId),
  );
  const left = [...whole];
  for (const cmd of replayed) {
    const at = left.indexOf(cmd);
    expect(at, `recorded command ${cmd} was written by the SDK`).toBeGreaterThanOrEqual(0);
    left.splice(at, 1);
  }
  return left.filter(
    (h) =>
      typeOf(h) !== M.ProposeRunCompletion ||
      !completed.has(decodeFrame(hex(h)).msg.resultCompletionId),
  );
}

describe.each(journals)("replaying every prefix of the journal of $file", (j) => {
  const { start, entries, whole } = recordedJournal(j);
  const c = vectorCases[j.file]!;
  const version = vector(j.file).protocol_version;
  const ks = entries.map((_, i) => i + 1);

  it.each(ks)("known_entries = %i: writes exactly the rest of the recorded output", (k) => {
    const prefix = entries.slice(0, k);
    const initial: InputEvent[] = [
      encodeFrame(M.Start, { ...start, knownEntries: k }),
      ...prefix.map(hex),
    ];
    const later: InputEvent[] = [
      ...entries
        .slice(k)
        .filter((h) => !isCommand(typeOf(h)))
        .map(hex),
      END,
    ];
    const want = views(rest(whole, prefix), c);
    for (const chunking of ["frames", "bytes"] as const) {
      const d = drive({ version, initial, later, handler: c.handler(j.journal), chunking });
      expect(d.blockedOn).toBeUndefined();
      expect(views(hexes(d.out), c), `input as ${chunking}`).toEqual(want);
      expect(d.vm.closeReason).toBe("end");
    }
  });
});
