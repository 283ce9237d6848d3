// The h2c connection against Node's own HTTP/2 client (nghttp2, a strict peer): requests and
// responses through the transport seam, large bodies under flow control both ways, many
// concurrent streams, resets, PING, graceful shutdown and destroy.
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { type ClientHttp2Session, type ClientHttp2Stream, connect, constants } from "node:http2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  EMPTY_SETTINGS,
  type H2cServer,
  PREFACE,
  rawClient,
  rawFrame,
  type ScriptedHandler,
  scriptedHandler,
  startH2c,
} from "./support.js";

let handler: ScriptedHandler;
let server: H2cServer;
const sessions: ClientHttp2Session[] = [];

beforeEach(async () => {
  handler = scriptedHandler();
  server = await startH2c(handler);
});
afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy();
  await server.close();
});

function session(settings?: { initialWindowSize?: number; maxFrameSize?: number }) {
  const s = connect(`http://127.0.0.1:${server.port}`, settings ? { settings } : {});
  s.on("error", () => {});
  sessions.push(s);
  return s;
}

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: Buffer;
}

async function answer(stream: ClientHttp2Stream): Promise<Answer> {
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  const [headers] = (await once(stream, "response")) as [Record<string, unknown>];
  await once(stream, "end");
  return { status: Number(headers[":status"]), headers, body: Buffer.concat(chunks) };
}

function request(s: ClientHttp2Session, path: string, method = "POST", extra = {}) {
  const stream = s.request({ ":method": method, ":path": path, ...extra });
  stream.on("error", () => {});
  return stream;
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("requests and responses", () => {
  it("hands the handler method, path without query and lower-case headers; sends status and headers", async () => {
    const s = session();
    const stream = request(s, "/status/201?x=1", "GET", { "x-multi": ["a", "b"], "X-One": "1" });
    stream.end();
    const a = await answer(stream);
    expect(a.status).toBe(201);
    expect(a.headers["x-method"]).toBe("GET");
    expect(a.headers["x-path"]).toBe("/status/201");
    expect(a.headers["content-type"]).toBe("application/json");
    const seen = JSON.parse(a.body.toString());
    expect(seen[":method"]).toBe("GET");
    expect(seen[":path"]).toBe("/status/201?x=1");
    expect(seen["x-multi"]).toEqual(["a", "b"]);
    expect(seen["x-one"]).toBe("1");
    expect(handler.heads[0]).toMatchObject({ method: "GET", path: "/status/201" });
  });

  it("echoes a POST body and ends the response after the request ends", async () => {
    const s = session();
    const stream = request(s, "/echo");
    const a = answer(stream);
    stream.write("hello ");
    stream.end("world");
    const got = await a;
    expect(got.status).toBe(200);
    expect(got.body.toString()).toBe("hello world");
    expect(handler.ends).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(server.connections[0]!.openStreams).toBe(0);
  });

  it("answers 500 with a JSON message when handle() throws", async () => {
    const s = session();
    const stream = request(s, "/throw");
    stream.end();
    const a = await answer(stream);
    expect(a.status).toBe(500);
    expect(JSON.parse(a.body.toString())).toEqual({ message: "boom" });
    expect(server.errors).toHaveLength(1);
  });

  it("serves 100 concurrent streams on one connection", async () => {
    const s = session();
    const answers = Array.from({ length: 100 }, (_, i) => {
      const stream = request(s, "/echo");
      const a = answer(stream);
      stream.end(`stream ${i}`);
      return a;
    });
    const got = await Promise.all(answers);
    expect(got.map((a) => a.body.toString())).toEqual(
      Array.from({ length: 100 }, (_, i) => `stream ${i}`),
    );
    expect(server.connections).toHaveLength(1);
  });

  it("answers PING", async () => {
    const s = session();
    await once(s, "connect");
    const rtt = await new Promise<number>((resolve, reject) =>
      s.ping((err, duration) => (err ? reject(err) : resolve(duration))),
    );
    expect(rtt).toBeGreaterThanOrEqual(0);
  });
});

describe("flow control", () => {
  for (const settings of [undefined, { initialWindowSize: 65_535, maxFrameSize: 16_384 }]) {
    it(`echoes two 6 MiB bodies at once (client settings ${JSON.stringify(settings)})`, async () => {
      const s = session(settings);
      const bodies = [randomBytes(6 << 20), randomBytes(6 << 20)];
      const answers = bodies.map((body) => {
        const stream = request(s, "/echo");
        const a = answer(stream);
        // In pieces, so the response flows while the request still does.
        for (let at = 0; at < body.length; at += 256 << 10) {
          stream.write(body.subarray(at, at + (256 << 10)));
        }
        stream.end();
        return a;
      });
      const got = await Promise.all(answers);
      expect(got.map((a) => a.body.length)).toEqual([6 << 20, 6 << 20]);
      expect(got.map((a) => sha(a.body))).toEqual(bodies.map(sha));
    });
  }

  it("sends a response of several MiB written at once to a client with small windows", async () => {
    const s = session({ initialWindowSize: 65_535, maxFrameSize: 16_384 });
    const body = randomBytes(5 << 20);
    const stream = request(s, "/hold");
    const a = answer(stream);
    stream.end();
    while (handler.held.length === 0) await new Promise((r) => setImmediate(r));
    handler.held[0]!.write(body);
    handler.held[0]!.end();
    expect(sha((await a).body)).toBe(sha(body));
  });
});

describe("resets", () => {
  it("aborts the body sink when the client resets mid-request", async () => {
    const s = session();
    const stream = request(s, "/hold");
    stream.write("partial");
    await once(stream, "response");
    const aborted = handler.nextAbort();
    stream.close(constants.NGHTTP2_CANCEL);
    const reason = await aborted;
    expect(reason).toMatchObject({ h2Code: constants.NGHTTP2_CANCEL });
    expect(server.connections[0]!.openStreams).toBe(0);
  });

  it("resets the stream with INTERNAL_ERROR and aborts the sink when push() throws", async () => {
    const s = session();
    const stream = request(s, "/explode");
    const aborted = handler.nextAbort();
    stream.write("x");
    await new Promise((r) => stream.on("close", r)); // once() would reject on 'error'
    expect(stream.rstCode).toBe(constants.NGHTTP2_INTERNAL_ERROR);
    expect(String(await aborted)).toContain("bad frame");
    expect(server.errors).toHaveLength(1);
  });
});

describe("closing", () => {
  it("shutdown(): refuses new streams, lets open ones finish, then closes", async () => {
    const s = session();
    const held = request(s, "/hold");
    const a = answer(held);
    held.write("still here");
    while (handler.held.length === 0) await new Promise((r) => setImmediate(r));
    const conn = server.connections[0]!;
    conn.shutdown();
    conn.shutdown(); // idempotent
    await once(s, "goaway");
    expect(() => request(s, "/echo")).toThrow();
    expect(conn.openStreams).toBe(1);
    handler.held[0]!.end();
    held.end();
    expect((await a).body.toString()).toBe("still here");
    await conn.closed;
    expect(conn.openStreams).toBe(0);
    expect(handler.aborts).toHaveLength(0);
  });

  it("destroy(): aborts open streams and closes the socket at once", async () => {
    const s = session();
    const held = request(s, "/hold");
    held.write("x");
    await once(held, "response");
    const conn = server.connections[0]!;
    const aborted = handler.nextAbort();
    conn.destroy();
    await aborted;
    await conn.closed;
    await once(s, "close");
    expect(conn.openStreams).toBe(0);
  });

  it("finishes open streams after the client's GOAWAY, then closes", async () => {
    const s = session();
    const held = request(s, "/hold");
    const a = answer(held);
    held.write("x");
    while (handler.held.length === 0) await new Promise((r) => setImmediate(r));
    s.close(); // GOAWAY from the client; the stream goes on
    await new Promise((r) => setTimeout(r, 20));
    handler.held[0]!.end();
    held.end();
    expect((await a).body.toString()).toBe("x");
    await server.connections[0]!.closed;
    expect(handler.aborts).toHaveLength(0);
  });
});

describe("bytes already read by a preface sniffer", () => {
  it("are parsed before the socket's own, whether the preface came whole or in pieces", async () => {
    await server.close();
    server = await startH2c(handler, { sniff: true });
    const s = session();
    const stream = request(s, "/echo");
    const a = answer(stream);
    stream.end("sniffed");
    expect((await a).body.toString()).toBe("sniffed");

    const c = await rawClient(server.port);
    const bytes = Buffer.concat([
      PREFACE,
      EMPTY_SETTINGS,
      rawFrame(1, 4, 1, Uint8Array.of(0x83, 0x86, 0x84)), // POST / (HPACK static entries)
      rawFrame(0, 1, 1, Buffer.from("pieces")),
    ]);
    c.send(bytes.subarray(0, 10)); // the sniffer waits for the rest of the preface
    await new Promise((r) => setTimeout(r, 20));
    c.send(bytes.subarray(10, 30)); // the preface and 6 bytes of the SETTINGS frame
    await new Promise((r) => setTimeout(r, 20));
    c.send(bytes.subarray(30));
    const frames = await c.waitFor((f) => f.some((x) => x.type === 0 && x.flags & 1));
    c.destroy();
    const body = frames.filter((f) => f.type === 0).map((f) => f.payload.toString());
    expect(body.join("")).toBe("pieces");
  });
});
