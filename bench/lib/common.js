// Shared helpers: the invocation body, frame parsing, free ports, statistics.
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

export const INVOCATION_CONTENT_TYPE = "application/vnd.restate.invocation.v6";
export const MANIFEST_ACCEPT = "application/vnd.restate.endpointmanifest.v3+json";

const VECTOR = new URL(
  "../../packages/core/test/vectors/a_service_greet_bidi_v6.json",
  import.meta.url,
);

const TYPE_END = 0x0003;
const TYPE_OUTPUT = 0x0401;
const TYPE_ERROR = 0x0002;

/**
 * The request body the Restate server sends for Greeter/greet("Alice"): StartMessage with
 * known_entries = 1 and an InputCommand holding the JSON string "Alice". Taken from the recorded
 * protocol vector when it is there (attempt 0), else built here from the same two frames.
 */
export function invocationBody() {
  if (process.env.BENCH_BUILT_BODY) return builtBody(); // to test the fallback
  try {
    const v = JSON.parse(readFileSync(VECTOR, "utf8"));
    return Buffer.from(v.attempts[0].request.body_hex, "hex");
  } catch {
    return builtBody();
  }
}

// Minimal protobuf writer for the two frames, used only when the vector file is absent.
function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}
function field(no, wire, bytes) {
  return [...varint((no << 3) | wire), ...bytes];
}
function lenField(no, bytes) {
  return field(no, 2, [...varint(bytes.length), ...bytes]);
}
function frame(type, payload) {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(type, 0);
  h.writeUInt16BE(0, 2);
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, Buffer.from(payload)]);
}
function builtBody() {
  const enc = (s) => [...Buffer.from(s, "utf8")];
  const id = [...Buffer.from("6b409e87f8b3182042700cd7e519b97832b4c19a5ddd25af", "hex")];
  const start = [
    ...lenField(1, id),
    ...lenField(2, enc("inv_12KQD9Dryl2r5kuXBMR7ZjwOMC1Z6AUhiy")),
    ...field(3, 0, varint(1)), // known_entries = 1
    ...field(5, 0, varint(1)), // partial_state
    ...field(8, 0, varint(3)),
    ...field(9, 0, varint(1234567)), // random_seed
  ];
  const input = lenField(14, lenField(1, enc('"Alice"'))); // InputCommand.value (Value.content)
  return Buffer.concat([frame(0x0000, start), frame(0x0400, input)]);
}

/** Walks the frames of a response body: { output, end, error } flags. */
export function scanFrames(buf) {
  const seen = { output: false, end: false, error: false, frames: 0 };
  let at = 0;
  while (at + 8 <= buf.length) {
    const type = buf.readUInt16BE(at);
    const len = buf.readUInt32BE(at + 4);
    at += 8 + len;
    if (at > buf.length) break;
    seen.frames++;
    if (type === TYPE_OUTPUT) seen.output = true;
    else if (type === TYPE_END) seen.end = true;
    else if (type === TYPE_ERROR) seen.error = true;
  }
  return seen;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
