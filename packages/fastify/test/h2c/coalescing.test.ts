// What makes the connection cheap per step: everything the core writes in one event-loop turn
// leaves in ONE socket write, and a turn's chunks of one stream become one DATA frame that
// carries END_STREAM when the response ends in the same turn.
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import type { EndpointHandler } from "@resolute/core/adapter";
import { afterEach, expect, it } from "vitest";
import { serveH2cConnection } from "../../src/h2c/index.js";
import { EMPTY_SETTINGS, PREFACE, parseFrames, rawClient, rawFrame } from "./support.js";

const POST_ROOT = Uint8Array.of(0x83, 0x86, 0x84);
let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => server?.close(r));
});

/**
 * Serves `handler` on a socket whose writes are recorded, completes the handshake, sends one
 * `POST /` and waits for its END_STREAM. Returns the socket writes made after the handshake;
 * `onWrite` hears of each of them as it happens.
 */
async function writesOfOneRequest(
  handler: Pick<EndpointHandler, "handle">,
  onWrite: () => void = () => {},
): Promise<Buffer[]> {
  const writes: Buffer[] = [];
  let handshaken = false;
  server = createServer((socket) => {
    const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
    socket.write = ((chunk: Buffer) => {
      if (handshaken) {
        onWrite();
        writes.push(Buffer.from(chunk));
      }
      return write(chunk);
    }) as typeof socket.write;
    serveH2cConnection(socket, handler);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const c = await rawClient((server.address() as { port: number }).port);
  c.send(Buffer.concat([PREFACE, EMPTY_SETTINGS]));
  await c.waitFor((f) => f.some((x) => x.type === 4 && x.flags === 1)); // our SETTINGS ACK
  handshaken = true;
  c.send(rawFrame(1, 4 | 1, 1, POST_ROOT)); // HEADERS, END_HEADERS | END_STREAM
  await c.waitFor((f) => f.some((x) => x.type === 0 && x.flags & 1));
  c.destroy();
  return writes;
}

it("sends a turn's HEADERS and DATA in one write, the chunks joined into one DATA frame", async () => {
  const handler: Pick<EndpointHandler, "handle"> = {
    handle(_head, res) {
      return {
        push() {},
        end() {
          res.head(200, { "content-type": "text/plain" });
          res.write(Buffer.from("one "));
          res.write(Buffer.from("two "));
          res.write(Buffer.from("three"));
          res.end();
        },
        abort() {},
      };
    },
  };
  const writes = await writesOfOneRequest(handler);
  expect(writes.length).toBe(1);
  const frames = parseFrames(writes[0]!);
  expect(frames.map((f) => [f.type, f.flags, f.streamId])).toEqual([
    [1, 4, 1], // HEADERS, END_HEADERS
    [0, 1, 1], // one DATA, END_STREAM
  ]);
  expect(frames[1]!.payload.toString()).toBe("one two three");
});

it("writes a turn's frames once its microtasks are done, before the event loop moves on", async () => {
  const log: string[] = [];
  const handler: Pick<EndpointHandler, "handle"> = {
    handle(_head, res) {
      return {
        push() {},
        async end() {
          setImmediate(() => log.push("immediate"));
          res.head(200, { "content-type": "text/plain" });
          res.write(Buffer.from("now "));
          // Like a handler's reaction to a result: a few promise hops later, same turn.
          await null;
          await null;
          res.write(Buffer.from("later"));
          res.end();
        },
        abort() {},
      };
    },
  };
  const writes = await writesOfOneRequest(handler, () => log.push("write"));
  expect(log).toEqual(["write", "immediate"]);
  const frames = parseFrames(writes[0]!);
  expect(frames.map((f) => [f.type, f.flags, f.streamId])).toEqual([
    [1, 4, 1], // HEADERS, END_HEADERS
    [0, 1, 1], // one DATA, END_STREAM
  ]);
  expect(frames[1]!.payload.toString()).toBe("now later");
});
