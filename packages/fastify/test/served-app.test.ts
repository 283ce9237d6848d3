// served.app: a Fastify instance for the same handler, built on first read, whose server is
// serve()'s listening server; served.server is that server.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { type Served, serve } from "../src/index.js";
import { h2fetch, INVOCATION } from "./support/clients.js";
import { fakeEndpoint } from "./support/fake-endpoint.js";

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe("served.app and served.server", () => {
  it("server is the listening server, and app's server is the same", async () => {
    served = await serve(fakeEndpoint(), { port: 0, logger: false });
    expect(served.server.listening).toBe(true);
    expect((served.server.address() as { port: number }).port).toBe(served.port);
    expect(served.app.server).toBe(served.server);
    expect(served.app).toBe(served.app); // built once
  });

  it("app serves the endpoint and its own routes through inject(), with the same handler", async () => {
    const fake = fakeEndpoint();
    served = await serve(fake, { port: 0, logger: false });
    served.app.get("/hello", async () => ({ hello: "world" }));
    const hello = await served.app.inject({ method: "GET", url: "/hello" });
    expect(hello.json()).toEqual({ hello: "world" });
    const echo = await served.app.inject({
      method: "POST",
      url: "/invoke/S/h",
      headers: INVOCATION,
      payload: "ping",
    });
    expect(echo.body).toBe("ping");
    expect(fake.modes).toEqual(["BIDI_STREAM"]); // no second handler was built
    // The port is still served by serve() itself, not by the app's routes.
    expect((await h2fetch(served.port, "/health")).body.toString()).toBe("OK");
  });

  it("close() also closes the app, running its onClose hooks", async () => {
    served = await serve(fakeEndpoint(), { port: 0, logger: false });
    let closed = false;
    served.app.addHook("onClose", async () => {
      closed = true;
    });
    await served.app.ready();
    await served.close();
    served = undefined;
    expect(closed).toBe(true);
  });

  it("with a logger option, adapter errors are logged through it", async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(chunk.toString()));
        cb();
      },
    });
    served = await serve(fakeEndpoint(), { port: 0, logger: { level: "warn", stream } });
    const answer = await h2fetch(served.port, "/throw", { method: "POST" });
    expect(answer.status).toBe(500);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        msg: "Resolute endpoint threw while starting a request",
        err: expect.objectContaining({ message: "boom" }),
      }),
    );
  });
});
