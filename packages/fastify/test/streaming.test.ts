// serve() over h2c: bodies stream both ways while the request is open, nothing is buffered.
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Served, serve } from "../src/index.js";
import { h2connect, h2fetch, h2open, INVOCATION } from "./support/clients.js";
import { type FakeEndpoint, fakeEndpoint } from "./support/fake-endpoint.js";

describe("serve() over h2c", () => {
  let fake: FakeEndpoint;
  let served: Served;
  beforeAll(async () => {
    fake = fakeEndpoint();
    served = await serve(fake, { logger: false, port: 0 });
  });
  afterAll(() => served.close());

  it("builds the handler in BIDI_STREAM mode and reports the bound port", () => {
    expect(fake.modes).toEqual(["BIDI_STREAM"]);
    expect(served.port).toBeGreaterThan(0);
  });

  it("echoes chunk 1 before chunk 2 is sent", async () => {
    const session = h2connect(served.port);
    const stream = h2open(session, "/invoke/Greeter/greet?x=1", INVOCATION);
    const [headers] = await once(stream, "response");
    expect(headers[":status"]).toBe(200);

    stream.write(Buffer.from("first"));
    const [echo1] = await once(stream, "data");
    expect(echo1.toString()).toBe("first");

    const rest: Buffer[] = [];
    stream.on("data", (c: Buffer) => rest.push(c));
    stream.end(Buffer.from("second"));
    await once(stream, "end");
    expect(Buffer.concat(rest).toString()).toBe("second");
    session.close();

    const head = fake.heads.at(-1)!;
    expect(head).toMatchObject({ method: "POST", path: "/invoke/Greeter/greet" });
    expect(head.headers["content-type"]).toBe(INVOCATION["content-type"]);
  });

  it("streams a 5 MB body through in many chunks", async () => {
    const before = fake.chunks.length;
    const body = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = i % 251;
    const answer = await h2fetch(served.port, "/invoke/Big/echo", {
      method: "POST",
      headers: INVOCATION,
      body,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(body.length);
    expect(answer.body.equals(body)).toBe(true);
    // Arrived as it was sent, never gathered into one buffer.
    const pushed = fake.chunks.slice(before);
    expect(pushed.length).toBeGreaterThan(10);
    expect(Math.max(...pushed.map((c) => c.length))).toBeLessThan(1024 * 1024);
  });

  it("answers GET /health", async () => {
    const answer = await h2fetch(served.port, "/health");
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe("OK");
  });
});
