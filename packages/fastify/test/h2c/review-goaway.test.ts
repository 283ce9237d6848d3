// GOAWAY (RFC 9113 section 6.8): "Endpoints MUST NOT increase the value they send in the last
// stream identifier field". After a graceful shutdown() announced stream 1 as the last one,
// streams the peer opens later are refused; a later GOAWAY (the peer then breaking the
// protocol) must still say 1.
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  EMPTY_SETTINGS,
  END_HEADERS,
  END_STREAM,
  type Frame,
  GOAWAY,
  type H2cServer,
  HEADERS,
  PING,
  PREFACE,
  PROTOCOL_ERROR,
  REFUSED_STREAM,
  RST_STREAM,
  rawClient,
  rawFrame,
  requestBlock,
  scriptedHandler,
  startH2c,
} from "./support.js";

let server: H2cServer;
beforeEach(async () => {
  server = await startH2c(scriptedHandler());
});
afterEach(async () => {
  await server.close();
});

const hold = requestBlock("POST", "/hold");
const goaways = (frames: Frame[]) =>
  frames
    .filter((f) => f.type === GOAWAY)
    .map((f) => ({ last: f.payload.readUInt32BE(0), code: f.payload.readUInt32BE(4) }));

it("a GOAWAY after shutdown() never names a higher last stream id", async () => {
  const client = await rawClient(server.port);
  client.send(Buffer.concat([PREFACE, EMPTY_SETTINGS, rawFrame(HEADERS, END_HEADERS, 1, hold)]));
  await client.waitFor((f) => f.some((x) => x.type === HEADERS && x.streamId === 1));
  server.connections[0]!.shutdown();
  await client.waitFor((f) => goaways(f).length === 1);
  client.send(rawFrame(HEADERS, END_HEADERS | END_STREAM, 3, hold));
  const frames = await client.waitFor((f) => f.some((x) => x.type === RST_STREAM));
  expect(frames.find((x) => x.type === RST_STREAM)).toMatchObject({ streamId: 3 });
  expect(frames.find((x) => x.type === RST_STREAM)!.payload.readUInt32BE(0)).toBe(REFUSED_STREAM);
  client.send(rawFrame(PING, 0, 1, new Uint8Array(8))); // PING on a stream: PROTOCOL_ERROR
  const all = await client.waitFor((f) => goaways(f).length === 2);
  expect(goaways(all)).toEqual([
    { last: 1, code: 0 },
    { last: 1, code: PROTOCOL_ERROR },
  ]);
  client.destroy();
});
