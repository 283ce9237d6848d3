// serve() answers HTTP/2 and HTTP/1.1 on one port, whatever the protocol mode: each
// connection's first bytes decide, even when the HTTP/2 preface arrives in pieces.
import { once } from "node:events";
import { Agent, request } from "node:http";
import { connect as netConnect } from "node:net";
import { type Context, endpoint, service } from "@resolute/core";
import { afterEach, describe, expect, it } from "vitest";
import { type Served, serve } from "../src/index.js";
import { h1fetch, h2fetch } from "./support/clients.js";
import { fakeEndpoint } from "./support/fake-endpoint.js";

const greeter = service({
  name: "Greeter",
  handlers: { greet: async (_ctx: Context, name: string) => `hi ${name}` },
});
const MANIFEST_V3 = "application/vnd.restate.endpointmanifest.v3+json";

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe("serve() transports", () => {
  it.each([false, true])("http1: %s serves both protocols and announces its mode", async (h1) => {
    served = await serve(endpoint().bind(greeter), { port: 0, logger: false, http1: h1 });
    const mode = h1 ? "REQUEST_RESPONSE" : "BIDI_STREAM";
    for (const fetch of [h1fetch, h2fetch]) {
      const health = await fetch(served.port, "/health");
      expect(health.status).toBe(200);
      expect(health.body.toString()).toBe("OK");
      const manifest = await fetch(served.port, "/discover", { headers: { accept: MANIFEST_V3 } });
      expect(manifest.status).toBe(200);
      expect(JSON.parse(manifest.body.toString()).protocolMode).toBe(mode);
    }
  });

  it("unknown paths and methods get the core's own 404 over both protocols", async () => {
    served = await serve(endpoint().bind(greeter), { port: 0, logger: false });
    for (const fetch of [h1fetch, h2fetch]) {
      for (const [method, path] of [
        ["GET", "/nope"],
        ["PUT", "/invoke/Greeter/greet"],
        ["POST", "/invoke/Nobody/greet"],
      ] as const) {
        const answer = await fetch(served.port, path, { method });
        expect(answer.status).toBe(404);
        expect(JSON.parse(answer.body.toString()).code).toBe("RES_ERR_UNKNOWN_HANDLER");
      }
    }
  });

  it("an HTTP/2 preface split across packets is still recognised", async () => {
    served = await serve(fakeEndpoint(), { port: 0, logger: false });
    const socket = netConnect(served.port, "127.0.0.1");
    await once(socket, "connect");
    socket.setNoDelay(true);
    const received: Buffer[] = [];
    socket.on("data", (c: Buffer) => received.push(c));
    const preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
    for (const piece of [preface.subarray(0, 1), preface.subarray(1, 9), preface.subarray(9)]) {
      socket.write(piece);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // An empty SETTINGS frame, then GET /health on stream 1 (HPACK: :method GET, :scheme http,
    // :path and :authority as literals) with END_HEADERS | END_STREAM.
    const block = Buffer.concat([
      Buffer.from([0x82, 0x86, 0x44, 7]),
      Buffer.from("/health"),
      Buffer.from([0x41, 1]),
      Buffer.from("x"),
    ]);
    const headers = Buffer.concat([Buffer.from([0, 0, block.length, 0x1, 0x5, 0, 0, 0, 1]), block]);
    socket.write(Buffer.concat([Buffer.from([0, 0, 0, 0x4, 0, 0, 0, 0, 0]), headers]));
    while (!Buffer.concat(received).includes("OK")) await once(socket, "data");
    // The server spoke HTTP/2: its first frame is its SETTINGS.
    expect(Buffer.concat(received)[3]).toBe(0x4);
    socket.destroy();
  });

  it("close() ends idle HTTP/1.1 keep-alive connections instead of waiting for them", async () => {
    served = await serve(fakeEndpoint(), {
      port: 0,
      logger: false,
      http1: true,
      closeTimeout: 60_000,
    });
    const agent = new Agent({ keepAlive: true });
    const res = await new Promise<import("node:http").IncomingMessage>((resolve, reject) =>
      request({ host: "127.0.0.1", port: served!.port, path: "/health", agent }, resolve)
        .on("error", reject)
        .end(),
    );
    res.resume();
    await once(res, "end");
    expect(Object.keys(agent.freeSockets)).toHaveLength(1); // the connection stays open, idle
    await served.close(); // would hang until the test times out if it waited for closeTimeout
    served = undefined;
    agent.destroy();
  });

  it("close() ends a busy HTTP/1.1 keep-alive connection once its response is done", async () => {
    served = await serve(fakeEndpoint(), { port: 0, logger: false, closeTimeout: 60_000 });
    const agent = new Agent({ keepAlive: true });
    const req = request({
      host: "127.0.0.1",
      port: served.port,
      path: "/invoke/S/h",
      method: "POST",
      agent,
    });
    req.write("part");
    const [res] = (await once(req, "response")) as [import("node:http").IncomingMessage];
    await once(res, "data");
    const closing = served.close();
    served = undefined;
    req.end();
    res.resume();
    await once(res, "end");
    await closing;
    agent.destroy();
  });
});
