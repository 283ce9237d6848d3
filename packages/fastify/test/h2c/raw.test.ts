// The h2c connection against hand-written bytes: what a strict client never sends. Each bad
// input must end in the right GOAWAY (or a closed socket for a non-HTTP/2 peer), and random
// frames must never throw out of the connection.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { H2cConnectionError } from "../../src/h2c/index.js";
import {
  CONTINUATION,
  DATA,
  EMPTY_SETTINGS,
  END_HEADERS,
  END_STREAM,
  exchange,
  type Frame,
  goawayCode,
  type H2cServer,
  HEADERS,
  PADDED,
  PING,
  PREFACE,
  rawClient,
  rawFrame,
  scriptedHandler,
  startH2c,
} from "./support.js";

const PRIORITY = 0x20;

// HPACK static table entries: :method POST (3), :scheme http (6), :path / (4).
const POST_ROOT = Uint8Array.of(0x83, 0x86, 0x84);

let server: H2cServer;
beforeEach(async () => {
  server = await startH2c(scriptedHandler());
});
afterEach(async () => {
  await server.close();
});

const start = (...frames: Uint8Array[]) => Buffer.concat([PREFACE, EMPTY_SETTINGS, ...frames]);
const endOf = (id: number) => (frames: Frame[]) =>
  frames.some((f) => f.streamId === id && f.type === DATA && f.flags & END_STREAM);
const bodyOf = (frames: Frame[], id: number) =>
  Buffer.concat(frames.filter((f) => f.type === DATA && f.streamId === id).map((f) => f.payload));

describe("a valid exchange in raw frames", () => {
  it("answers with SETTINGS, a connection WINDOW_UPDATE, the SETTINGS ACK and the response", async () => {
    const { frames } = await exchange(
      server.port,
      start(
        rawFrame(HEADERS, END_HEADERS, 1, POST_ROOT),
        rawFrame(DATA, END_STREAM, 1, Buffer.from("hi")),
      ),
      { until: endOf(1) },
    );
    expect(frames[0]).toMatchObject({ type: 4, flags: 0, streamId: 0 });
    expect(frames.some((f) => f.type === 8 && f.streamId === 0)).toBe(true);
    expect(frames.some((f) => f.type === 4 && f.flags === 1)).toBe(true);
    const head = frames.find((f) => f.type === HEADERS);
    expect(head).toMatchObject({ streamId: 1, flags: END_HEADERS });
    expect(bodyOf(frames, 1).toString()).toBe("hi");
    const last = frames.filter((f) => f.streamId === 1).at(-1)!;
    expect(last.flags & END_STREAM).toBe(END_STREAM);
  });

  it("strips padding from HEADERS and DATA, skips the priority fields, and reads CONTINUATION", async () => {
    const padded = (body: Uint8Array, pad: number, prefix = new Uint8Array(0)) =>
      Buffer.concat([Uint8Array.of(pad), prefix, body, new Uint8Array(pad)]);
    const priority = Uint8Array.of(0, 0, 0, 0, 16);
    const { frames } = await exchange(
      server.port,
      start(
        rawFrame(HEADERS, PADDED | PRIORITY, 1, padded(POST_ROOT.subarray(0, 2), 3, priority)),
        rawFrame(CONTINUATION, END_HEADERS, 1, POST_ROOT.subarray(2)),
        rawFrame(DATA, PADDED, 1, padded(Buffer.from("ab"), 5)),
        rawFrame(DATA, PADDED | END_STREAM, 1, padded(Buffer.from("c"), 0)),
      ),
      { until: endOf(1) },
    );
    expect(goawayCode(frames)).toBeUndefined();
    expect(bodyOf(frames, 1).toString()).toBe("abc");
  });

  it("reassembles frames that arrive one byte at a time", async () => {
    const bytes = start(
      rawFrame(HEADERS, END_HEADERS, 1, POST_ROOT),
      rawFrame(DATA, END_STREAM, 1, Buffer.from("slow")),
    );
    const { connect } = await import("node:net");
    const socket = connect(server.port, "127.0.0.1");
    const received: Buffer[] = [];
    socket.on("data", (c: Buffer) => received.push(c));
    await new Promise((r) => socket.once("connect", r));
    socket.setNoDelay(true);
    for (const byte of bytes) {
      socket.write(Uint8Array.of(byte));
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    const { parseFrames } = await import("./support.js");
    expect(bodyOf(parseFrames(Buffer.concat(received)), 1).toString()).toBe("slow");
  });
});

describe("closing in raw frames", () => {
  it("after shutdown(), a new stream is refused while the open one finishes", async () => {
    const c = await rawClient(server.port);
    c.send(start(rawFrame(HEADERS, END_HEADERS, 1, POST_ROOT)));
    await c.waitFor((f) => f.some((x) => x.type === HEADERS && x.streamId === 1));
    server.connections[0]!.shutdown();
    const withGoaway = await c.waitFor((f) => goawayCode(f) !== undefined);
    expect(goawayCode(withGoaway)).toBe(0);
    expect(withGoaway.find((f) => f.type === 7)!.payload.readUInt32BE(0)).toBe(1); // last id
    c.send(rawFrame(HEADERS, END_HEADERS, 3, POST_ROOT));
    const refused = await c.waitFor((f) => f.some((x) => x.type === 3 && x.streamId === 3));
    expect(refused.find((f) => f.type === 3)!.payload.readUInt32BE(0)).toBe(0x7);
    c.send(rawFrame(DATA, END_STREAM, 1, Buffer.from("bye")));
    const done = await c.waitFor(endOf(1));
    expect(bodyOf(done, 1).toString()).toBe("bye");
    await c.closed;
    expect(server.connections[0]!.openStreams).toBe(0);
  });
});

describe("bad input", () => {
  it("closes a connection that does not start with the client preface", async () => {
    const { closed, frames } = await exchange(server.port, Buffer.from("GET / HTTP/1.1\r\n\r\n"));
    expect(closed).toBe(true);
    expect(goawayCode(frames)).toBeUndefined();
  });

  it("resets a request without :path with PROTOCOL_ERROR, and goes on serving others", async () => {
    const { frames } = await exchange(
      server.port,
      start(
        rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, Uint8Array.of(0x83, 0x86)), // no :path
        rawFrame(HEADERS, END_HEADERS, 3, POST_ROOT),
        rawFrame(DATA, END_STREAM, 3, Buffer.from("fine")),
      ),
      { until: endOf(3) },
    );
    const rst = frames.find((f) => f.type === 3);
    expect(rst).toMatchObject({ streamId: 1 });
    expect(rst!.payload.readUInt32BE(0)).toBe(0x1);
    expect(bodyOf(frames, 3).toString()).toBe("fine");
  });

  it("answers a frame larger than MAX_FRAME_SIZE with GOAWAY FRAME_SIZE_ERROR", async () => {
    const big = rawFrame(HEADERS, END_HEADERS, 1, new Uint8Array(16_385));
    const { closed, frames } = await exchange(server.port, start(big));
    expect(goawayCode(frames)).toBe(0x6);
    expect(closed).toBe(true);
  });

  it("answers HEADERS on an even stream id with GOAWAY PROTOCOL_ERROR", async () => {
    const { closed, frames } = await exchange(
      server.port,
      start(rawFrame(HEADERS, END_HEADERS, 2, POST_ROOT)),
    );
    expect(goawayCode(frames)).toBe(0x1);
    expect(closed).toBe(true);
  });

  it("answers a header block that does not decode with GOAWAY COMPRESSION_ERROR", async () => {
    const { closed, frames } = await exchange(
      server.port,
      start(rawFrame(HEADERS, END_HEADERS, 1, Uint8Array.of(0x80))), // index 0 is invalid
    );
    expect(goawayCode(frames)).toBe(0x9);
    expect(closed).toBe(true);
  });

  it("refuses a header block larger than 64 KiB", async () => {
    const parts = [rawFrame(HEADERS, 0, 1, POST_ROOT)];
    for (let i = 0; i < 5; i++) parts.push(rawFrame(CONTINUATION, 0, 1, new Uint8Array(16_000)));
    const { closed, frames } = await exchange(server.port, start(...parts));
    expect(goawayCode(frames)).toBe(0xb);
    expect(closed).toBe(true);
  });

  it("answers a frame interrupting a header block with GOAWAY PROTOCOL_ERROR", async () => {
    const { frames } = await exchange(
      server.port,
      start(rawFrame(HEADERS, 0, 1, POST_ROOT), rawFrame(PING, 0, 0, new Uint8Array(8))),
    );
    expect(goawayCode(frames)).toBe(0x1);
  });

  it("answers a first frame other than SETTINGS with GOAWAY PROTOCOL_ERROR", async () => {
    const { frames } = await exchange(
      server.port,
      Buffer.concat([PREFACE, rawFrame(PING, 0, 0, new Uint8Array(8))]),
    );
    expect(goawayCode(frames)).toBe(0x1);
  });

  it("answers a WINDOW_UPDATE overflowing the connection window with GOAWAY FLOW_CONTROL_ERROR", async () => {
    const increment = Buffer.alloc(4);
    increment.writeUInt32BE(0x7fffffff);
    const { closed, frames } = await exchange(server.port, start(rawFrame(8, 0, 0, increment)));
    expect(goawayCode(frames)).toBe(0x3);
    expect(closed).toBe(true);
  });

  it("resets a stream whose window overflows, and goes on serving others", async () => {
    const increment = Buffer.alloc(4);
    increment.writeUInt32BE(0x7fffffff);
    const { frames } = await exchange(
      server.port,
      start(
        rawFrame(HEADERS, END_HEADERS, 1, POST_ROOT),
        rawFrame(8, 0, 1, increment),
        rawFrame(HEADERS, END_HEADERS, 3, POST_ROOT),
        rawFrame(DATA, END_STREAM, 3, Buffer.from("ok")),
      ),
      { until: (f) => f.some((x) => x.streamId === 3 && x.flags & END_STREAM) },
    );
    const rst = frames.find((f) => f.type === 3);
    expect(rst).toMatchObject({ streamId: 1 });
    expect(rst!.payload.readUInt32BE(0)).toBe(0x3);
    expect(bodyOf(frames, 3).toString()).toBe("ok");
    expect(goawayCode(frames)).toBeUndefined();
  });
});

describe("random frames after a valid preface", () => {
  it("never throw out of the connection: it keeps serving (PING answered) or closes", async () => {
    const frameArb = fc.record({
      type: fc.integer({ min: 0, max: 11 }),
      flags: fc.integer({ min: 0, max: 255 }),
      streamId: fc.constantFrom(0, 1, 2, 3, 5, 0x7fffffff),
      payload: fc.oneof(
        fc.uint8Array({ maxLength: 40 }),
        fc.constant(POST_ROOT),
        fc.constant(new Uint8Array(8)),
        fc.constant(Uint8Array.of(0, 0, 0, 1)),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(frameArb, { maxLength: 12 }), async (list) => {
        const before = server.errors.length;
        const ping = rawFrame(PING, 0, 0, Buffer.from("fuzzping"));
        const bytes = start(
          ...list.map((f) => rawFrame(f.type, f.flags, f.streamId, f.payload)),
          ping,
        );
        const pong = (f: Frame) =>
          f.type === PING && f.flags === 1 && f.payload.toString() === "fuzzping";
        const { closed, frames } = await exchange(server.port, bytes, {
          ms: 1000,
          until: (got) => got.some(pong),
        });
        const answered = frames.some(pong);
        expect(closed || answered).toBe(true);
        for (const err of server.errors.slice(before)) {
          // Only protocol errors of the peer: a TypeError or RangeError would be a bug of ours.
          expect(err instanceof H2cConnectionError || (err as Error).name === "HpackError").toBe(
            true,
          );
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
