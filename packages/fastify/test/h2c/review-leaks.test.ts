// Stream objects must leave every structure of the connection in every ending. Here: streams
// whose response waits for the connection window (a peer that stops granting it) and that the
// peer then resets.

import type { BodySink, EndpointHandler } from "@resolute/core/adapter";
import { afterEach, expect, it } from "vitest";
import {
  ACK,
  EMPTY_SETTINGS,
  END_HEADERS,
  END_STREAM,
  type Frame,
  type H2cServer,
  HEADERS,
  PING,
  PREFACE,
  RST_STREAM,
  rawClient,
  rawFrame,
  requestBlock,
  startH2c,
} from "./support.js";

const CANCEL = 8;

const IGNORE: BodySink = { push() {}, end() {}, abort() {} };
const get = (path: string) => requestBlock("GET", path);

/** /big answers 70,000 bytes (more than the default 65,535-byte connection window); others 10. */
const handler: Pick<EndpointHandler, "handle"> = {
  handle(head, res) {
    res.head(200, {});
    res.write(new Uint8Array(head.path === "/big" ? 70_000 : 10));
    res.end();
    return IGNORE;
  },
};

let server: H2cServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** What the send scheduler still holds: streams to send for, and streams waiting for room. */
function scheduled(server: H2cServer): { closed: number; total: number } {
  const scheduler = (server.connections[0] as unknown as { scheduler: Record<string, unknown> })
    .scheduler;
  const held = [
    ...(scheduler.dirty as Array<{ closed: boolean }>),
    ...(scheduler.waiting as Array<{ closed: boolean }>),
  ];
  return { closed: held.filter((s) => s.closed).length, total: held.length };
}

it("streams reset while waiting for the connection window are not kept by the scheduler", async () => {
  server = await startH2c(handler);
  const client = await rawClient(server.port);
  const n = 500;
  const opens: Uint8Array[] = [rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, get("/big"))];
  const resets: Uint8Array[] = [];
  for (let i = 1; i <= n; i++) {
    const id = 1 + 2 * i;
    opens.push(rawFrame(HEADERS, END_HEADERS | END_STREAM, id, get("/small")));
    resets.push(rawFrame(RST_STREAM, 0, id, Uint8Array.of(0, 0, 0, CANCEL)));
  }
  client.send(Buffer.concat([PREFACE, EMPTY_SETTINGS, ...opens]));
  const last = 1 + 2 * n;
  // Every response's HEADERS is out; their DATA waits, the connection window spent by /big.
  await client.waitFor((f) => f.some((x) => x.type === HEADERS && x.streamId === last));
  expect(server.connections[0]!.openStreams).toBe(n + 1);
  client.send(Buffer.concat([...resets, rawFrame(PING, 0, 0, new Uint8Array(8))]));
  await client.waitFor((f: Frame[]) => f.some((x) => x.type === PING && x.flags & ACK));
  expect(server.connections[0]!.openStreams).toBe(1); // /big, still waiting for its last bytes
  expect(scheduled(server)).toEqual({ closed: 0, total: 1 });
  client.destroy();
});

/** Per stream, what its BodySink was told, in order. */
function trackingHandler(events: Map<string, string[]>): Pick<EndpointHandler, "handle"> {
  let n = 0;
  return {
    handle(head, res) {
      const log: string[] = [];
      events.set(`${head.path}#${n++}`, log);
      if (head.path === "/noend") {
        res.end(); // ends a response it never started
      } else if (head.path !== "/hold") {
        res.head(200, {});
        res.write(new Uint8Array(3));
        res.end();
      } else {
        res.head(200, {});
      }
      return {
        push() {
          log.push("push");
          if (head.path === "/explode") throw new Error("bad frame");
        },
        end: () => log.push("end"),
        abort: () => log.push("abort"),
      };
    },
  };
}

it("10,000 streams with mixed endings leave no stream behind, each sink told consistently", async () => {
  const events = new Map<string, string[]>();
  server = await startH2c(trackingHandler(events));
  const client = await rawClient(server.port);
  client.send(Buffer.concat([PREFACE, EMPTY_SETTINGS]));
  const x = Buffer.from("x");
  const rst = (id: number) => rawFrame(RST_STREAM, 0, id, Uint8Array.of(0, 0, 0, CANCEL));
  const DATA = 0;
  const endings: Array<(id: number) => Uint8Array[]> = [
    (id) => [rawFrame(HEADERS, END_HEADERS | END_STREAM, id, get("/ok"))],
    (id) => [rawFrame(HEADERS, END_HEADERS, id, get("/hold")), rawFrame(DATA, 0, id, x), rst(id)],
    (id) => [rawFrame(HEADERS, END_HEADERS, id, get("/explode")), rawFrame(DATA, 0, id, x)],
    (id) => [rawFrame(HEADERS, END_HEADERS, id, get("/late")), rawFrame(DATA, END_STREAM, id, x)],
    (id) => [rawFrame(HEADERS, END_HEADERS | END_STREAM, id, get("/noend"))],
    // DATA after END_STREAM: STREAM_CLOSED
    (id) => [
      rawFrame(HEADERS, END_HEADERS | END_STREAM, id, get("/hold")),
      rawFrame(DATA, 0, id, x),
    ],
    // no :path: malformed, reset before the core sees it
    (id) => [rawFrame(HEADERS, END_HEADERS | END_STREAM, id, Uint8Array.of(0x82, 0x86))],
    // answered, then reset by the peer before its own END_STREAM
    (id) => [rawFrame(HEADERS, END_HEADERS, id, get("/ok")), rst(id)],
  ];
  const total = 10_000;
  const batch = 500;
  let id = 1;
  for (let done = 0; done < total; done += batch) {
    const frames: Uint8Array[] = [];
    for (let i = 0; i < batch; i++, id += 2)
      frames.push(...endings[(done + i) % endings.length]!(id));
    const ping = new Uint8Array(8);
    new DataView(ping.buffer).setUint32(0, done);
    client.send(Buffer.concat([...frames, rawFrame(PING, 0, 0, ping)]));
    await client.waitFor((f: Frame[]) =>
      f.some((p) => p.type === PING && p.flags & ACK && p.payload.readUInt32BE(0) === done),
    );
  }
  // One more turn: responses ended in the last batch's flush have left.
  await new Promise((r) => setImmediate(r));
  const conn = server.connections[0]!;
  expect(conn.openStreams).toBe(0);
  expect(scheduled(server)).toEqual({ closed: 0, total: 0 });
  expect(events.size).toBe((total * 7) / 8);
  for (const [name, log] of events) {
    const where = `${name}: ${log.join(",")}`;
    expect(log.filter((e) => e === "abort").length, where).toBeLessThanOrEqual(1);
    expect(log.filter((e) => e === "end").length, where).toBeLessThanOrEqual(1);
    const abortAt = log.indexOf("abort");
    if (abortAt !== -1) expect(abortAt, where).toBe(log.length - 1);
  }
  client.destroy();
}, 30_000);
