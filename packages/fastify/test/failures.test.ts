// The unhappy paths: a peer that resets mid-request, a core that throws.
import { once } from "node:events";
import { request } from "node:http";
import { constants } from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Served, serve } from "../src/index.js";
import { h1fetch, h2connect, h2fetch, h2open, INVOCATION } from "./support/clients.js";
import { type FakeEndpoint, fakeEndpoint } from "./support/fake-endpoint.js";

describe("failures over h2c", () => {
  let fake: FakeEndpoint;
  let served: Served;
  beforeAll(async () => {
    fake = fakeEndpoint();
    served = await serve(fake, { logger: false, port: 0 });
  });
  afterAll(() => served.close());

  it("a stream reset mid-request aborts the body, without ending it", async () => {
    const session = h2connect(served.port);
    const stream = h2open(session, "/invoke/S/h", INVOCATION);
    stream.write("part");
    await once(stream, "data");
    const aborted = fake.nextAbort();
    const ends = fake.ends;
    stream.destroy(); // RST_STREAM without END_STREAM
    expect(await aborted).toBeInstanceOf(Error);
    expect(fake.ends).toBe(ends);
    session.close();
  });

  it("a dropped connection aborts the body", async () => {
    const session = h2connect(served.port);
    const stream = h2open(session, "/invoke/S/h", INVOCATION);
    stream.write("part");
    await once(stream, "data");
    const aborted = fake.nextAbort();
    session.destroy();
    expect(await aborted).toBeDefined();
  });

  it("a reset after the body ended still aborts: the response can no longer be written", async () => {
    const session = h2connect(served.port);
    const stream = h2open(session, "/invoke/S/hold", INVOCATION);
    stream.end("all");
    await once(stream, "data");
    expect(fake.ends).toBeGreaterThan(0);
    const aborted = fake.nextAbort();
    stream.close(constants.NGHTTP2_CANCEL);
    expect(await aborted).toBeDefined();
    session.close();
  });

  it("a handler that throws synchronously gives 500 JSON and the server keeps serving", async () => {
    const answer = await h2fetch(served.port, "/throw", { method: "POST", body: "ignored" });
    expect(answer.status).toBe(500);
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(answer.body.toString())).toEqual({ message: "boom" });
    expect((await h2fetch(served.port, "/health")).status).toBe(200);
  });

  it("a core that throws on a body chunk resets that stream only", async () => {
    const aborted = fake.nextAbort();
    const session = h2connect(served.port);
    const stream = h2open(session, "/invoke/S/explode", INVOCATION);
    stream.end("frame");
    await new Promise((resolve) => stream.on("close", resolve));
    expect(stream.rstCode).toBe(constants.NGHTTP2_INTERNAL_ERROR);
    expect(((await aborted) as Error).message).toBe("bad frame");
    expect((await h2fetch(served.port, "/health")).status).toBe(200);
    session.close();
  });
});

describe("failures over HTTP/1.1", () => {
  let fake: FakeEndpoint;
  let served: Served;
  beforeAll(async () => {
    fake = fakeEndpoint();
    served = await serve(fake, { logger: false, port: 0, http1: true });
  });
  afterAll(() => served.close());

  it("a client disconnecting mid-request aborts the body", async () => {
    const aborted = fake.nextAbort();
    const req = request({
      host: "127.0.0.1",
      port: served.port,
      path: "/invoke/S/h",
      method: "POST",
      headers: INVOCATION,
    });
    req.on("error", () => {});
    req.write("part");
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    expect(await aborted).toBeDefined();
  });

  it("a handler that throws synchronously gives 500 JSON and the server keeps serving", async () => {
    const answer = await h1fetch(served.port, "/throw", { method: "POST", body: "ignored" });
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body.toString())).toEqual({ message: "boom" });
    expect((await h1fetch(served.port, "/health")).status).toBe(200);
  });
});
