// serve()'s HTTP/1.1 side runs on a node:http server that never listens; node:http's guard
// against clients that never finish a request head must still run (a slow-loris client would
// otherwise hold its connection forever).
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Http1Connections } from "../src/http1-connections.js";
import { fakeEndpoint } from "./support/fake-endpoint.js";

const log = { error() {} };
let server: Server | undefined;
let http1: Http1Connections | undefined;

afterEach(async () => {
  http1?.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  http1 = undefined;
});

async function listen(limits: { headersTimeout: number; checkInterval: number }) {
  const handler = fakeEndpoint().handler({ protocolMode: "REQUEST_RESPONSE" });
  const conns = new Http1Connections(handler, log, limits);
  http1 = conns;
  server = createServer((socket) => conns.take(socket, Buffer.alloc(0)));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return port;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
  });
}

/** Everything the peer sent until it closed the connection. */
function readUntilClosed(socket: Socket): Promise<string> {
  let text = "";
  socket.on("data", (chunk) => {
    text += chunk;
  });
  return new Promise((resolve) => socket.on("close", () => resolve(text)));
}

describe("HTTP/1.1 request-head timeout", () => {
  it("closes a connection whose request head never completes, with 408", async () => {
    const port = await listen({ headersTimeout: 200, checkInterval: 50 });
    const socket = await open(port);
    const closed = readUntilClosed(socket);
    socket.write("GET /health HTTP/1.1\r\nhost: x\r\n"); // no blank line: the head never ends
    const text = await closed;
    expect(text).toMatch(/^HTTP\/1\.1 408/);
  });

  it("answers a client that sends its head in time", async () => {
    const port = await listen({ headersTimeout: 200, checkInterval: 50 });
    const socket = await open(port);
    const closed = readUntilClosed(socket);
    socket.write("GET /health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
    expect(await closed).toMatch(/^HTTP\/1\.1 200/);
  });
});
