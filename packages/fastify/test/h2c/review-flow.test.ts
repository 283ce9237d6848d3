// Flow control of what we send (RFC 9113 section 6.9.2): a SETTINGS_INITIAL_WINDOW_SIZE that
// shrinks below what a stream already sent leaves its window negative, and nothing more is sent
// until WINDOW_UPDATEs bring it above zero; then exactly the window's worth goes out.
import type { BodySink, EndpointHandler } from "@resolute/core/adapter";
import { afterEach, expect, it } from "vitest";
import {
  DATA,
  END_HEADERS,
  END_STREAM,
  type Frame,
  type H2cServer,
  HEADERS,
  PING,
  PREFACE,
  type RawClient,
  rawClient,
  rawFrame,
  SETTINGS,
  startH2c,
  WINDOW_UPDATE,
} from "./support.js";

const IGNORE: BodySink = { push() {}, end() {}, abort() {} };
const handler: Pick<EndpointHandler, "handle"> = {
  handle(_head, res) {
    res.head(200, {});
    res.write(new Uint8Array(300).fill(7));
    res.end();
    return IGNORE;
  },
};

let server: H2cServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const settings = (initialWindow: number) => {
  const b = Buffer.alloc(6);
  b.writeUInt16BE(4, 0);
  b.writeUInt32BE(initialWindow, 2);
  return rawFrame(SETTINGS, 0, 0, b);
};
const windowUpdate = (id: number, n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return rawFrame(WINDOW_UPDATE, 0, id, b);
};
const sent = (frames: Frame[]) =>
  frames
    .filter((f) => f.type === DATA && f.streamId === 1)
    .reduce((n, f) => n + f.payload.length, 0);

/** Sends `bytes` and a PING; returns the frames once its ACK is back (all answers are in). */
let pings = 0;
async function roundTrip(client: RawClient, ...bytes: Uint8Array[]): Promise<Frame[]> {
  const ping = Buffer.alloc(8);
  ping.writeUInt32BE(++pings, 0);
  client.send(Buffer.concat([...bytes, rawFrame(PING, 0, 0, ping)]));
  const n = pings;
  return client.waitFor((f) =>
    f.some((p) => p.type === PING && p.flags & 1 && p.payload.readUInt32BE(0) === n),
  );
}

it("a stream window made negative by SETTINGS sends nothing until WINDOW_UPDATEs lift it", async () => {
  server = await startH2c(handler);
  const client = await rawClient(server.port);
  // :method GET (2), :scheme http (6), :path / (4)
  let frames = await roundTrip(
    client,
    PREFACE,
    settings(100),
    rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, Uint8Array.of(0x82, 0x86, 0x84)),
  );
  // The flush that sends the DATA may come after the PING ACK: one more round trip.
  frames = await roundTrip(client);
  expect(sent(frames)).toBe(100);
  frames = await roundTrip(client, settings(40)); // window 100 - 100 - 60 = -60
  frames = await roundTrip(client, windowUpdate(1, 50)); // -10: still nothing
  expect(sent(frames)).toBe(100);
  frames = await roundTrip(client, windowUpdate(1, 30)); // 20
  frames = await roundTrip(client);
  expect(sent(frames)).toBe(120);
  frames = await roundTrip(client, settings(1000)); // 0 + 960: room for the other 180
  frames = await roundTrip(client);
  expect(sent(frames)).toBe(300);
  expect(frames.some((f) => f.type === DATA && f.streamId === 1 && f.flags & END_STREAM)).toBe(
    true,
  );
  client.destroy();
});
