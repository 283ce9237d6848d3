// Loads the recorded exchanges between restate-server 1.7.12 and the official SDK, kept
// byte-exact as project data in packages/core/test/vectors.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const VECTORS_DIR = join(dirname(fileURLToPath(import.meta.url)), "../vectors");

export interface TimelineFrame {
  dir: "runtime->sdk" | "sdk->runtime";
  /** Absent on non-frame events such as END_STREAM. */
  hex: string;
  event?: string;
  name: string;
  header: { type: string; flags: string; length: number };
  decoded: Record<string, unknown>;
}

export interface VectorAttempt {
  request: { headers: Record<string, string>; body_hex: string };
  response: { headers: Record<string, string>; body_hex: string };
  timeline: TimelineFrame[];
}

export interface Vector {
  file: string;
  protocol_version: number;
  mode: string;
  description: string;
  attempts: VectorAttempt[];
}

export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, "hex"));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

export function loadVectors(): Vector[] {
  return readdirSync(VECTORS_DIR)
    .filter((f) => f.endsWith(".json") && !f.startsWith("discovery"))
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(join(VECTORS_DIR, file), "utf8")) }));
}

/** The frames of an attempt in one direction, in arrival order. */
export function framesOf(a: VectorAttempt, dir: TimelineFrame["dir"]): TimelineFrame[] {
  return a.timeline.filter((f) => f.dir === dir && f.hex !== undefined);
}
