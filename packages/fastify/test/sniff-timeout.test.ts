// The preface sniffer's one timer: a connection that shows no protocol in time is closed; one
// that did may then stay idle for as long as it likes.
import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sniffPreface } from "../src/preface-sniff.js";

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
const TIMEOUT = 100;

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function listen(): Promise<{ port: number; decided: Array<boolean> }> {
  const decided: boolean[] = [];
  server = createServer((socket) => {
    sniffPreface(socket, (http2) => decided.push(http2), TIMEOUT);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as { port: number }).port, decided };
}

async function client(port: number): Promise<{ socket: Socket; closed: Promise<unknown> }> {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  const closed = once(socket, "close");
  await once(socket, "connect");
  return { socket, closed };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("sniffPreface's timeout", () => {
  it("closes a connection that sends nothing", async () => {
    const { port, decided } = await listen();
    const { closed } = await client(port);
    await closed;
    expect(decided).toEqual([]);
  });

  it("closes a connection that stops inside the preface", async () => {
    const { port, decided } = await listen();
    const { socket, closed } = await client(port);
    socket.write(PREFACE.subarray(0, 5));
    await closed;
    expect(decided).toEqual([]);
  });

  it("leaves a connection alone once its protocol is known, however long it idles", async () => {
    const { port, decided } = await listen();
    const h2 = await client(port);
    const h1 = await client(port);
    h2.socket.write(PREFACE);
    h1.socket.write("GET / HTTP/1.1\r\n");
    let gone = false;
    void h2.closed.then(() => (gone = true));
    void h1.closed.then(() => (gone = true));
    await sleep(TIMEOUT * 4);
    expect(gone).toBe(false);
    expect(decided.sort()).toEqual([false, true]);
    h2.socket.destroy();
    h1.socket.destroy();
  });
});
