// The vm's local view of an object's state: what the server shipped eagerly, updated by the
// handler's own writes. It decides whether a get can be answered at once (eager) or must ask
// the server (lazy).
import type { StartMessage } from "../protocol/messages.js";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export class StateView {
  /** A value, or null for a key known to be absent. */
  private readonly values = new Map<string, Uint8Array | null>();
  /** True when the view holds every key (the server sent the full state, or clearAll ran). */
  complete: boolean;

  constructor(start: StartMessage) {
    for (const e of start.stateMap ?? []) {
      this.values.set(decoder.decode(e.key ?? new Uint8Array(0)), e.value ?? new Uint8Array(0));
    }
    this.complete = start.partialState !== true;
  }

  /** The value, null when known absent, undefined when unknown (ask the server). */
  get(key: string): Uint8Array | null | undefined {
    const v = this.values.get(key);
    if (v !== undefined) return v;
    return this.complete ? null : undefined;
  }

  set(key: string, value: Uint8Array): void {
    this.values.set(key, value);
  }

  clear(key: string): void {
    this.values.set(key, null);
  }

  clearAll(): void {
    this.values.clear();
    this.complete = true;
  }

  /** Keys present, sorted by their bytes as the server sorts them. */
  keys(): Uint8Array[] {
    const keys: Uint8Array[] = [];
    for (const [k, v] of this.values) if (v !== null) keys.push(encoder.encode(k));
    return keys.sort(compareBytes);
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
