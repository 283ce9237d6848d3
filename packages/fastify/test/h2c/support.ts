// Test support for the h2c connection: a net.Server serving each socket with
// serveH2cConnection, a scriptable handler, and a raw-socket client that reads back frames.
import { once } from "node:events";
import { createServer, connect as netConnect, type Server, type Socket } from "node:net";
import type { BodySink, EndpointHandler, RequestHead, ResponseSink } from "@resolute/core/adapter";
import { type H2cConnection, serveH2cConnection } from "../../src/h2c/index.js";

const IGNORE: BodySink = { push() {}, end() {}, abort() {} };

export interface ScriptedHandler extends Pick<EndpointHandler, "handle"> {
  readonly heads: RequestHead[];
  readonly aborts: unknown[];
  /** Responses of /hold requests, for the test to end. */
  readonly held: ResponseSink[];
  ends: number;
  /** Resolves with the next abort's reason. */
  nextAbort(): Promise<unknown>;
}

/**
 * /throw: handle() throws. /status/N: answers N with x-method / x-path headers and the request
 * headers as a JSON body. /echo: echoes the body, ends with it. /hold: echoes, stays open until
 * the test ends `held[i]`. /explode: push() throws.
 */
export function scriptedHandler(): ScriptedHandler {
  let waiting: ((reason: unknown) => void) | undefined;
  const h: ScriptedHandler = {
    heads: [],
    aborts: [],
    held: [],
    ends: 0,
    nextAbort: () => new Promise((resolve) => (waiting = resolve)),
    handle(head, res) {
      h.heads.push(head);
      if (head.path === "/throw") throw new Error("boom");
      if (head.path.startsWith("/status/")) {
        res.head(Number(head.path.slice(8)), {
          "content-type": "application/json",
          "x-method": head.method,
          "x-path": head.path,
        });
        res.write(Buffer.from(JSON.stringify(head.headers)));
        res.end();
        return IGNORE;
      }
      res.head(200, { "content-type": "application/octet-stream" });
      if (head.path === "/hold") h.held.push(res);
      return {
        push(chunk) {
          if (head.path === "/explode") throw new Error("bad frame");
          res.write(chunk);
        },
        end() {
          h.ends++;
          if (head.path !== "/hold") res.end();
        },
        abort(reason) {
          h.aborts.push(reason);
          waiting?.(reason);
        },
      };
    },
  };
  return h;
}

export interface H2cServer {
  readonly port: number;
  readonly connections: H2cConnection[];
  readonly errors: unknown[];
  close(): Promise<void>;
}

/**
 * Serves `handler` on a free port. With `sniff`, each connection's first bytes are read (until
 * the preface is complete) and handed over as `head`, as serve()'s preface sniffer does.
 */
export async function startH2c(
  handler: Pick<EndpointHandler, "handle">,
  { sniff = false } = {},
): Promise<H2cServer> {
  const connections: H2cConnection[] = [];
  const errors: unknown[] = [];
  const serve = (socket: Socket, head?: Buffer) =>
    connections.push(
      serveH2cConnection(socket, handler, {
        onError: (e) => errors.push(e),
        ...(head ? { head } : {}),
      }),
    );
  const server: Server = createServer((socket) => {
    if (!sniff) return serve(socket);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length < PREFACE.length) return;
      socket.off("data", onData);
      socket.pause();
      serve(socket, head);
    };
    socket.on("data", onData);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  return {
    port,
    connections,
    errors,
    async close() {
      for (const c of connections) c.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

// --- raw frames ---------------------------------------------------------------------------------

export const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

export function rawFrame(type: number, flags: number, streamId: number, payload: Uint8Array) {
  const b = Buffer.alloc(9 + payload.length);
  b.writeUIntBE(payload.length, 0, 3);
  b[3] = type;
  b[4] = flags;
  b.writeUInt32BE(streamId, 5);
  b.set(payload, 9);
  return b;
}

export const EMPTY_SETTINGS = rawFrame(4, 0, 0, new Uint8Array(0));

// Wire values the raw-frame tests write and read, spelled out from RFC 9113 (sections 6, 7)
// rather than imported from the implementation under test. PRIORITY is left to each test: it
// names a frame type (2) and a HEADERS flag (0x20).
export const DATA = 0;
export const HEADERS = 1;
export const RST_STREAM = 3;
export const SETTINGS = 4;
export const PING = 6;
export const GOAWAY = 7;
export const WINDOW_UPDATE = 8;
export const CONTINUATION = 9;
export const END_STREAM = 1;
export const ACK = 1;
export const END_HEADERS = 4;
export const PADDED = 8;
export const PROTOCOL_ERROR = 1;
export const REFUSED_STREAM = 7;
export const ENHANCE_YOUR_CALM = 0xb;

/** An HPACK literal without indexing, new name (RFC 7541 section 6.2.2); strings under 128 bytes. */
export function literal(name: string, value: string): Buffer {
  const n = Buffer.from(name, "latin1");
  const v = Buffer.from(value, "latin1");
  return Buffer.concat([Uint8Array.of(0x00, n.length), n, Uint8Array.of(v.length), v]);
}

/**
 * A request header block: :method GET (static index 2) or POST (3), :scheme http (6), :path as
 * a literal with the static name :path (4), then `fields`.
 */
export function requestBlock(method: "GET" | "POST", path: string, ...fields: Uint8Array[]) {
  const p = Buffer.from(path, "latin1");
  const m = method === "GET" ? 0x82 : 0x83;
  return Buffer.concat([Uint8Array.of(m, 0x86, 0x04, p.length), p, ...fields]);
}

export interface Frame {
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
}

/**
 * Sends `bytes`, then reads until the server closes, `until` holds for the frames read so far,
 * or `ms` pass; returns the frames.
 */
export async function exchange(
  port: number,
  bytes: Uint8Array,
  { ms = 2000, until }: { ms?: number; until?: (frames: Frame[]) => boolean } = {},
) {
  const socket: Socket = netConnect(port, "127.0.0.1");
  socket.on("error", () => {});
  const received: Buffer[] = [];
  let done: (closed: boolean) => void = () => {};
  const finished = new Promise<boolean>((resolve) => (done = resolve));
  socket.on("data", (c: Buffer) => {
    received.push(c);
    if (until?.(parseFrames(Buffer.concat(received)))) done(false);
  });
  socket.once("close", () => done(true));
  const timer = setTimeout(() => done(false), ms);
  await once(socket, "connect");
  socket.write(bytes);
  const closed = await finished;
  clearTimeout(timer);
  socket.destroy();
  return { closed, frames: parseFrames(Buffer.concat(received)) };
}

export function parseFrames(bytes: Buffer): Frame[] {
  const frames: Frame[] = [];
  let at = 0;
  while (at + 9 <= bytes.length) {
    const length = bytes.readUIntBE(at, 3);
    if (at + 9 + length > bytes.length) break;
    frames.push({
      type: bytes[at + 3]!,
      flags: bytes[at + 4]!,
      streamId: bytes.readUInt32BE(at + 5) & 0x7fffffff,
      payload: bytes.subarray(at + 9, at + 9 + length),
    });
    at += 9 + length;
  }
  return frames;
}

/** The error code of the GOAWAY among `frames`, if there is one. */
export function goawayCode(frames: Frame[]): number | undefined {
  const g = frames.find((f) => f.type === 7);
  return g?.payload.readUInt32BE(4);
}

export interface RawClient {
  send(bytes: Uint8Array): void;
  /** Resolves with the frames read so far once `pred` holds for them (or rejects after 2 s). */
  waitFor(pred: (frames: Frame[]) => boolean): Promise<Frame[]>;
  readonly closed: Promise<void>;
  destroy(): void;
}

/** An interactive raw-socket client (preface and frames are up to the test). */
export async function rawClient(port: number): Promise<RawClient> {
  const socket: Socket = netConnect(port, "127.0.0.1");
  socket.on("error", () => {});
  let received = Buffer.alloc(0);
  const waiters = new Set<() => void>();
  socket.on("data", (c: Buffer) => {
    received = Buffer.concat([received, c]);
    for (const w of waiters) w();
  });
  const closed = once(socket, "close").then(() => {});
  await once(socket, "connect");
  return {
    send: (bytes) => void socket.write(bytes),
    waitFor: (pred) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const frames = parseFrames(received);
          if (!pred(frames)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(frames);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error("timed out waiting for frames"));
        }, 2000);
        waiters.add(check);
        check();
      }),
    closed,
    destroy: () => socket.destroy(),
  };
}
