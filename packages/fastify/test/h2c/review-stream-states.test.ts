// Stream states (RFC 9113 section 5.1) for frames a client may send. Even stream ids belong to
// the server, which never opens (pushes) one: they are idle for the whole connection, so DATA,
// RST_STREAM or WINDOW_UPDATE on one is a connection error of type PROTOCOL_ERROR, even when
// the client has already opened higher odd ids.
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  DATA,
  EMPTY_SETTINGS,
  END_HEADERS,
  END_STREAM,
  exchange,
  type Frame,
  goawayCode,
  type H2cServer,
  HEADERS,
  PING,
  PREFACE,
  PROTOCOL_ERROR,
  RST_STREAM,
  rawFrame,
  requestBlock,
  scriptedHandler,
  startH2c,
  WINDOW_UPDATE,
} from "./support.js";

const PRIORITY = 2;

const POST = requestBlock("POST", "/status/200");

let server: H2cServer;
beforeEach(async () => {
  server = await startH2c(scriptedHandler());
});
afterEach(async () => {
  await server.close();
});

const pingAck = (frames: Frame[]) => frames.some((f) => f.type === PING && f.flags & 1);

const cases: Array<[string, Uint8Array]> = [
  ["DATA", rawFrame(DATA, 0, 2, Buffer.from("x"))],
  ["RST_STREAM", rawFrame(RST_STREAM, 0, 2, Uint8Array.of(0, 0, 0, 8))],
  ["WINDOW_UPDATE", rawFrame(WINDOW_UPDATE, 0, 2, Uint8Array.of(0, 0, 1, 0))],
];

for (const [what, frame] of cases) {
  it(`${what} on (idle) stream 2 after stream 3 opened: GOAWAY PROTOCOL_ERROR`, async () => {
    const { frames } = await exchange(
      server.port,
      Buffer.concat([
        PREFACE,
        EMPTY_SETTINGS,
        rawFrame(HEADERS, END_HEADERS | END_STREAM, 3, POST),
        frame,
        rawFrame(PING, 0, 0, new Uint8Array(8)),
      ]),
      { until: (f) => goawayCode(f) !== undefined || pingAck(f) },
    );
    expect(goawayCode(frames)).toBe(PROTOCOL_ERROR);
  });
}

it("PRIORITY on stream 2 is fine (allowed in any state)", async () => {
  const { frames } = await exchange(
    server.port,
    Buffer.concat([
      PREFACE,
      EMPTY_SETTINGS,
      rawFrame(HEADERS, END_HEADERS | END_STREAM, 3, POST),
      rawFrame(PRIORITY, 0, 2, Uint8Array.of(0, 0, 0, 0, 16)),
      rawFrame(PING, 0, 0, new Uint8Array(8)),
    ]),
    { until: pingAck },
  );
  expect(goawayCode(frames)).toBeUndefined();
  expect(pingAck(frames)).toBe(true);
});
