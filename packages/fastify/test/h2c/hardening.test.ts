// The h2c connection against abusive or malformed peers: rapid reset (CVE-2023-44487), more
// streams than advertised, malformed header fields (RFC 9113 section 8.2), and what memory a
// DATA payload handed to the core keeps alive.
import type { BodySink, EndpointHandler } from "@resolute/core/adapter";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_CONCURRENT_STREAMS, ResetBudget } from "../../src/h2c/limits.js";
import { detachPayload } from "../../src/h2c/payload.js";
import {
  DATA,
  EMPTY_SETTINGS,
  END_HEADERS,
  END_STREAM,
  ENHANCE_YOUR_CALM,
  exchange,
  type Frame,
  GOAWAY,
  goawayCode,
  type H2cServer,
  HEADERS,
  literal,
  PREFACE,
  PROTOCOL_ERROR,
  REFUSED_STREAM,
  RST_STREAM,
  rawClient,
  rawFrame,
  requestBlock,
  SETTINGS,
  scriptedHandler,
  startH2c,
} from "./support.js";

const CANCEL = 8;

const request = (path: string, ...fields: Array<[string, string]>) =>
  requestBlock("POST", path, ...fields.map(([name, value]) => literal(name, value)));
const rst = (id: number, code = CANCEL) => {
  const p = Buffer.alloc(4);
  p.writeUInt32BE(code);
  return rawFrame(RST_STREAM, 0, id, p);
};
const start = (...frames: Uint8Array[]) => Buffer.concat([PREFACE, EMPTY_SETTINGS, ...frames]);
const rstCode = (frames: Frame[], id: number) =>
  frames.find((f) => f.type === RST_STREAM && f.streamId === id)?.payload.readUInt32BE(0);
const ended = (id: number) => (frames: Frame[]) =>
  frames.some((f) => f.streamId === id && f.type === DATA && f.flags & END_STREAM);

let server: H2cServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** `n` streams from id `first` on, each opened with `path` and reset by us at once. */
function openAndReset(first: number, n: number, path: string): Buffer {
  const frames: Uint8Array[] = [];
  const head = request(path);
  for (let i = 0; i < n; i++) {
    const id = first + 2 * i;
    frames.push(rawFrame(HEADERS, END_HEADERS, id, head), rst(id));
  }
  return Buffer.concat(frames);
}

describe("rapid reset", () => {
  it("a peer that resets more unanswered streams than the budget gets GOAWAY ENHANCE_YOUR_CALM", async () => {
    server = await startH2c(scriptedHandler());
    const n = MAX_CONCURRENT_STREAMS + 1_100;
    const { closed, frames } = await exchange(server.port, start(openAndReset(1, n, "/hold")), {
      ms: 20_000,
    });
    expect(goawayCode(frames)).toBe(ENHANCE_YOUR_CALM);
    expect(closed).toBe(true);
  }, 30_000);

  it("resets of streams already answered never count, however many", async () => {
    // /status/200 ends its response inside handle(): the reset comes after the answer, as
    // the Restate server's do when it no longer needs a finished stream.
    server = await startH2c(scriptedHandler());
    const n = MAX_CONCURRENT_STREAMS + 1_100;
    const last = 1 + 2 * n;
    const { frames } = await exchange(
      server.port,
      start(
        openAndReset(1, n, "/status/200"),
        rawFrame(HEADERS, END_HEADERS | END_STREAM, last, request("/status/204")),
      ),
      { ms: 20_000, until: ended(last) },
    );
    expect(goawayCode(frames)).toBeUndefined();
    expect(frames.some((f) => f.streamId === last && f.type === HEADERS)).toBe(true);
  }, 30_000);

  it("the budget slides over 10 s: older resets stop counting", () => {
    let t = 1_000_000;
    const budget = new ResetBudget(100, () => t);
    for (let i = 0; i < 100; i++) expect(budget.spend()).toBe(true);
    expect(budget.spend()).toBe(false);
    t += 5_000; // all within the last 10 s
    expect(budget.spend()).toBe(false);
    t += 10_000; // half of the previous 10 s is still in the window: ~51 of those count
    for (let i = 0; i < 40; i++) expect(budget.spend()).toBe(true);
    for (let i = 0; i < 10; i++) budget.spend();
    expect(budget.spend()).toBe(false);
    t += 20_000; // all stale
    for (let i = 0; i < 100; i++) expect(budget.spend()).toBe(true);
    expect(budget.spend()).toBe(false);
  });
});

describe("concurrent streams", () => {
  it("advertises SETTINGS_MAX_CONCURRENT_STREAMS and refuses streams beyond it", async () => {
    const handler = scriptedHandler();
    server = await startH2c(handler);
    const client = await rawClient(server.port);
    const frames: Uint8Array[] = [];
    const head = request("/hold");
    for (let i = 0; i < MAX_CONCURRENT_STREAMS; i++) {
      frames.push(rawFrame(HEADERS, END_HEADERS, 1 + 2 * i, head));
    }
    const over = 1 + 2 * MAX_CONCURRENT_STREAMS;
    client.send(start(...frames, rawFrame(HEADERS, END_HEADERS, over, head)));
    let got = await client.waitFor((f) => rstCode(f, over) !== undefined);
    const settings = got.find((f) => f.type === SETTINGS && f.flags === 0)!;
    const advertised = new Map<number, number>();
    for (let at = 0; at < settings.payload.length; at += 6) {
      advertised.set(settings.payload.readUInt16BE(at), settings.payload.readUInt32BE(at + 2));
    }
    expect(advertised.get(3)).toBe(MAX_CONCURRENT_STREAMS);
    expect(rstCode(got, over)).toBe(REFUSED_STREAM);
    expect(handler.heads).toHaveLength(MAX_CONCURRENT_STREAMS);
    // One stream ends (both sides): the next one is served.
    handler.held[0]!.end();
    client.send(rawFrame(DATA, END_STREAM, 1, new Uint8Array(0)));
    const next = over + 2;
    await new Promise((r) => setTimeout(r, 50));
    client.send(rawFrame(HEADERS, END_HEADERS | END_STREAM, next, request("/status/200")));
    got = await client.waitFor(ended(next));
    expect(rstCode(got, next)).toBeUndefined();
    expect(goawayCode(got)).toBeUndefined();
    client.destroy();
  }, 30_000);
});

describe("header fields (RFC 9113 section 8.2)", () => {
  const cases: Array<[string, Uint8Array]> = [
    ["an upper-case field name", request("/status/200", ["X-Upper", "1"])],
    ["a connection-specific field", request("/status/200", ["transfer-encoding", "chunked"])],
    ["keep-alive", request("/status/200", ["keep-alive", "5"])],
    ["te other than trailers", request("/status/200", ["te", "gzip"])],
    ["a field name with a space", request("/status/200", ["x y", "1"])],
    ["a value with a line feed", request("/status/200", ["x-a", "1\nx-b: 2"])],
    ["a value with leading whitespace", request("/status/200", ["x-a", " 1"])],
    [
      "a pseudo-header after a regular field",
      Buffer.concat([request("/status/200", ["x-a", "1"]), literal(":authority", "h")]),
    ],
  ];
  for (const [what, block] of cases) {
    it(`${what}: RST_STREAM PROTOCOL_ERROR, and the connection goes on`, async () => {
      const handler = scriptedHandler();
      server = await startH2c(handler);
      const { frames } = await exchange(
        server.port,
        start(
          rawFrame(HEADERS, END_HEADERS | END_STREAM, 1, block),
          rawFrame(
            HEADERS,
            END_HEADERS | END_STREAM,
            3,
            request("/status/200", ["te", "trailers"]),
          ),
        ),
        { until: ended(3) },
      );
      expect(rstCode(frames, 1)).toBe(PROTOCOL_ERROR);
      expect(goawayCode(frames)).toBeUndefined();
      expect(frames.some((f) => f.type === GOAWAY)).toBe(false);
      expect(handler.heads.map((h) => h.path)).toEqual(["/status/200"]);
    });
  }
});

describe("DATA payloads handed to the core", () => {
  it("small payloads in a large read are copied; large ones stay views", () => {
    const chunk = Buffer.alloc(64 * 1024, 7);
    const small = detachPayload(chunk.subarray(100, 400));
    expect(small.buffer.byteLength).toBe(300);
    expect(Buffer.from(small).equals(chunk.subarray(100, 400))).toBe(true);
    const large = chunk.subarray(0, 32 * 1024);
    expect(detachPayload(large)).toBe(large);
  });

  it("a stream's small frames do not keep the socket's read chunk alive", async () => {
    const pushed: Uint8Array[] = [];
    const ignore: BodySink = { push: (c) => pushed.push(c), end() {}, abort() {} };
    const handler: Pick<EndpointHandler, "handle"> = { handle: () => ignore };
    server = await startH2c(handler);
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 200; i++) {
      const id = 1 + 2 * i;
      frames.push(rawFrame(HEADERS, END_HEADERS, id, request("/")));
      frames.push(rawFrame(DATA, END_STREAM, id, Buffer.alloc(40, i)));
    }
    await exchange(server.port, start(...frames), { ms: 300 });
    expect(pushed.length).toBe(200);
    for (const [i, c] of pushed.entries()) {
      expect(c.buffer.byteLength).toBeLessThanOrEqual(4 * c.length);
      expect(c[0]).toBe(i);
    }
  });
});
