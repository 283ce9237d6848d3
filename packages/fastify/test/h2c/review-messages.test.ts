// Malformed requests (RFC 9113 section 8.1.1) are stream errors of type PROTOCOL_ERROR: the
// stream is reset, its BodySink aborted, and the connection goes on. Two kinds the request
// head alone cannot show: trailers with pseudo-header fields or invalid fields (section 8.1),
// and DATA whose total differs from the request's content-length. And one the head shows: a
// request without :scheme.
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
  literal,
  PREFACE,
  PROTOCOL_ERROR,
  RST_STREAM,
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

const post = (path: string, ...fields: Buffer[]) => requestBlock("POST", path, ...fields);
const x3 = Buffer.from("abc");

const rstCode = (frames: Frame[], id: number) =>
  frames.find((f) => f.type === RST_STREAM && f.streamId === id)?.payload.readUInt32BE(0);
const ended = (id: number) => (frames: Frame[]) =>
  frames.some((f) => f.streamId === id && f.type === DATA && f.flags & END_STREAM);

/** Stream 1 as given, then a good stream 3; returns the frames once stream 3 is answered. */
async function thenGood(...stream1: Uint8Array[]) {
  const { frames } = await exchange(
    server.port,
    Buffer.concat([
      PREFACE,
      EMPTY_SETTINGS,
      ...stream1,
      rawFrame(HEADERS, END_HEADERS | END_STREAM, 3, post("/status/204")),
    ]),
    { until: ended(3) },
  );
  expect(goawayCode(frames)).toBeUndefined();
  expect(ended(3)(frames)).toBe(true);
  return frames;
}

const malformed: Array<[string, Uint8Array[]]> = [
  [
    "trailers with a pseudo-header field",
    [
      rawFrame(HEADERS, END_HEADERS, 1, post("/hold")),
      rawFrame(DATA, 0, 1, x3),
      rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, post("/x")),
    ],
  ],
  [
    "trailers with an upper-case field name",
    [
      rawFrame(HEADERS, END_HEADERS, 1, post("/hold")),
      rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, literal("X-Bad", "1")),
    ],
  ],
  [
    "DATA beyond content-length",
    [
      rawFrame(HEADERS, END_HEADERS, 1, post("/hold", literal("content-length", "2"))),
      rawFrame(DATA, END_STREAM, 1, x3),
    ],
  ],
  [
    "END_STREAM before content-length bytes came",
    [
      rawFrame(HEADERS, END_HEADERS, 1, post("/hold", literal("content-length", "5"))),
      rawFrame(DATA, END_STREAM, 1, x3),
    ],
  ],
  [
    "HEADERS with END_STREAM and a content-length above 0",
    [rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, post("/hold", literal("content-length", "5")))],
  ],
  [
    "no :scheme (RFC 9113 section 8.3.1)",
    [
      rawFrame(
        HEADERS,
        END_HEADERS | END_STREAM,
        1,
        Buffer.concat([Uint8Array.of(0x83, 0x04, 5), Buffer.from("/hold")]),
      ),
    ],
  ],
  [
    "a content-length that is not a number",
    [rawFrame(HEADERS, END_HEADERS, 1, post("/hold", literal("content-length", "3x")))],
  ],
];

for (const [what, frames] of malformed) {
  it(`${what}: RST_STREAM PROTOCOL_ERROR, the sink aborted if started, the connection goes on`, async () => {
    const out = await thenGood(...frames);
    expect(rstCode(out, 1)).toBe(PROTOCOL_ERROR);
    const started = handler.heads.some((h) => h.path === "/hold");
    expect(handler.aborts.length).toBe(started ? 1 : 0);
    expect(server.connections[0]!.openStreams).toBe(0);
  });
}

it("a body matching its content-length, and trailers of regular fields, are served", async () => {
  const out = await thenGood(
    rawFrame(HEADERS, END_HEADERS, 1, post("/echo", literal("content-length", "3"))),
    rawFrame(DATA, 0, 1, x3),
    rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, literal("x-checksum", "1")),
  );
  expect(rstCode(out, 1)).toBeUndefined();
  const body = out.filter((f) => f.type === DATA && f.streamId === 1);
  expect(Buffer.concat(body.map((f) => f.payload)).toString()).toBe("abc");
});
