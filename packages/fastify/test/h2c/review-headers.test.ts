// Request field names are the peer's strings, and some of them are also names every plain
// object inherits ("constructor", "__proto__", "toString"). They are valid field names
// (RFC 9113 section 8.2.1, RFC 9110 section 5.1), so such a request is served like any other,
// and above all it must not fail the connection with every other stream on it.
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  DATA,
  EMPTY_SETTINGS,
  END_HEADERS,
  END_STREAM,
  exchange,
  goawayCode,
  type H2cServer,
  HEADERS,
  literal,
  PREFACE,
  rawFrame,
  requestBlock,
  type ScriptedHandler,
  scriptedHandler,
  startH2c,
} from "./support.js";

let handler: ScriptedHandler;
let server: H2cServer;
beforeEach(async () => {
  handler = scriptedHandler();
  server = await startH2c(handler);
});
afterEach(async () => {
  await server.close();
});

const get = (path: string, ...fields: Buffer[]) => requestBlock("GET", path, ...fields);

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
