// Request field names are the peer's strings, and some of them are also names every plain
// object inherits ("constructor", "__proto__", "toString"). They are valid field names
// (RFC 9113 section 8.2.1, RFC 9110 section 5.1), so such a request is served like any other,
// and above all it must not fail the connection with every other stream on it.
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  EMPTY_SETTINGS,
  exchange,
  goawayCode,
  type H2cServer,
  PREFACE,
  rawFrame,
  type ScriptedHandler,
  scriptedHandler,
  startH2c,
} from "./support.js";

const HEADERS = 1;
const DATA = 0;
const END_STREAM = 1;
const END_HEADERS = 4;

let handler: ScriptedHandler;
let server: H2cServer;
beforeEach(async () => {
  handler = scriptedHandler();
  server = await startH2c(handler);
});
afterEach(async () => {
  await server.close();
});

/** HPACK literal without indexing, new name (RFC 7541 section 6.2.2). */
const literal = (name: string, value: string) =>
  Buffer.concat([
    Uint8Array.of(0x00, name.length),
    Buffer.from(name, "latin1"),
    Uint8Array.of(value.length),
    Buffer.from(value, "latin1"),
  ]);

// :method GET (2), :scheme http (6), :path as a literal with the static name :path (index 4).
const get = (path: string, ...fields: Buffer[]) =>
  Buffer.concat([
    Uint8Array.of(0x82, 0x86, 0x04, path.length),
    Buffer.from(path, "latin1"),
    ...fields,
  ]);

for (const name of ["constructor", "__proto__"]) {
  it(`serves a request with the field "${name}" (twice), and the connection goes on`, async () => {
    const block = get("/status/200", literal(name, "a"), literal(name, "b"));
    const { frames } = await exchange(
      server.port,
      Buffer.concat([
        PREFACE,
        EMPTY_SETTINGS,
        rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, block),
        rawFrame(HEADERS, END_HEADERS | END_STREAM, 3, get("/status/204")),
      ]),
      {
        until: (f) => f.some((x) => x.streamId === 3 && x.type === DATA && x.flags & END_STREAM),
      },
    );
    expect(goawayCode(frames)).toBeUndefined();
    const body = frames.filter((f) => f.streamId === 1 && f.type === DATA);
    const headers = JSON.parse(Buffer.concat(body.map((f) => f.payload)).toString());
    expect(headers[name]).toEqual(["a", "b"]);
    expect(Object.hasOwn(handler.heads[0]!.headers, name)).toBe(true);
  });
}
