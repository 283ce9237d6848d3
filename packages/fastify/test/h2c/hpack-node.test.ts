// HPACK against Node's own (nghttp2): a node:http2 client talks to a raw TCP server that
// decodes the client's request header blocks with HpackDecoder (Huffman strings and dynamic
// table references included, as nghttp2 produces them) and answers with blocks from
// encodeResponseHeaders, which the client's decoder must read back as sent.
import * as http2 from "node:http2";
import * as net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeResponseHeaders, HpackDecoder } from "../../src/h2c/hpack.js";

const PREFACE_LENGTH = 24;
const HEADERS = 0x1;
const SETTINGS = 0x4;
const END_STREAM = 0x1;
const END_HEADERS = 0x4;
const PADDED = 0x8;
const PRIORITY = 0x20;

function frame(type: number, flags: number, stream: number, payload: Uint8Array): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream, 5);
  return Buffer.concat([head, payload]);
}

/** What each request's answer should be, keyed by the request's :path. */
const answers = new Map<string, { status: number; headers: Record<string, string> }>();
/** Each request's decoded header list, in arrival order. */
const received: Array<Array<[string, string]>> = [];

/** Reads frames; decodes HEADERS payloads (one decoder per connection) and answers each. */
function serveConnection(socket: net.Socket): void {
  const decoder = new HpackDecoder();
  let buffered = Buffer.alloc(0);
  let prefaceSeen = false;
  socket.write(frame(SETTINGS, 0, 0, new Uint8Array()));
  socket.on("data", (chunk: Buffer) => {
    try {
      onData(chunk);
    } catch (error) {
      // A decoding failure: ends the connection, so the client's request fails with it.
      socket.destroy(error as Error);
    }
  });
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    if (!prefaceSeen) {
      if (buffered.length < PREFACE_LENGTH) return;
      buffered = buffered.subarray(PREFACE_LENGTH);
      prefaceSeen = true;
    }
    while (buffered.length >= 9) {
      const length = buffered.readUIntBE(0, 3);
      if (buffered.length < 9 + length) return;
      const [type, flags] = [buffered[3]!, buffered[4]!];
      const stream = buffered.readUInt32BE(5) & 0x7fffffff;
      let payload = buffered.subarray(9, 9 + length);
      buffered = buffered.subarray(9 + length);
      if (type === SETTINGS && (flags & 1) === 0)
        socket.write(frame(SETTINGS, 1, 0, new Uint8Array()));
      if (type !== HEADERS) continue;
      if (flags & PADDED) payload = payload.subarray(1, payload.length - payload[0]!);
      if (flags & PRIORITY) payload = payload.subarray(5);
      const fields = decoder.decode(payload); // END_HEADERS is set: these blocks are small
      received.push(fields);
      const path = fields.find(([name]) => name === ":path")![1];
      const { status, headers } = answers.get(path)!;
      const block = encodeResponseHeaders(status, headers);
      socket.write(frame(HEADERS, END_HEADERS | END_STREAM, stream, block));
    }
  };
  socket.on("error", () => {});
}

let server: net.Server;
let port: number;
beforeAll(async () => {
  server = net.createServer(serveConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function request(
  session: http2.ClientHttp2Session,
  headers: http2.OutgoingHttpHeaders,
): Promise<http2.IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers, { endStream: true });
    stream.on("response", (h) => resolve(h));
    stream.on("error", reject);
    stream.on("close", () => reject(new Error("stream closed without a response")));
    stream.resume();
  });
}

describe("HPACK interop with node:http2", () => {
  it("decodes nghttp2's request blocks across a connection, and nghttp2 reads our responses", async () => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    try {
      const cases = [
        { status: 200, headers: { "content-type": "application/vnd.restate.invocation.v5" } },
        { status: 404, headers: { "x-restate-error": "not found", "content-length": "0" } },
        { status: 503, headers: { "retry-after": "1", "x-custom": "\u00e9t\u00e9 \u00ff" } },
        { status: 299, headers: { server: "s".repeat(300) } },
      ];
      for (const [i, answer] of cases.entries()) {
        const path = `/invoke/Greeter/greet${i}`;
        answers.set(path, answer);
        const sent = {
          ":method": "POST",
          ":path": path,
          "content-type": "application/vnd.restate.invocation.v5",
          "x-restate-invocation-id": `inv_${"1a2b3c".repeat(5)}${i}`,
          "user-agent": "restate/1.7",
        };
        const response = await request(session, sent);
        // nghttp2 indexes repeated fields, so later requests exercise the dynamic table.
        expect(Object.fromEntries(received.at(-1)!)).toMatchObject({
          ...sent,
          ":scheme": "http",
          ":authority": `127.0.0.1:${port}`,
        });
        expect(response[":status"]).toBe(answer.status);
        for (const [name, value] of Object.entries(answer.headers)) {
          expect(response[name]).toBe(value); // Node reads header octets as latin1 too
        }
      }
    } finally {
      session.close();
    }
  });
});
