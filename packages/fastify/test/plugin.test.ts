// The resolute plugin mounted under a prefix beside the application's own routes and hooks.
import { fastify } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolute } from "../src/index.js";
import { h1fetch, h2fetch, INVOCATION } from "./support/clients.js";
import { type FakeEndpoint, fakeEndpoint } from "./support/fake-endpoint.js";

describe("resolute plugin in an h2c app", () => {
  const app = fastify({ http2: true });
  const fake: FakeEndpoint = fakeEndpoint();
  const seen: string[] = [];
  let port = 0;

  beforeAll(async () => {
    app.addHook("onRequest", async (request) => {
      seen.push(request.url);
    });
    app.get("/hello", async () => ({ hello: "world" }));
    app.post("/json", async (request) => ({ got: request.body }));
    await app.register(resolute, { endpoint: fake, prefix: "/restate" });
    await app.listen({ port: 0, host: "127.0.0.1" });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(() => app.close());

  it("defaults to BIDI_STREAM on an HTTP/2 app", () => {
    expect(fake.modes).toEqual(["BIDI_STREAM"]);
  });

  it("serves the endpoint under the prefix, with the full path and no query", async () => {
    const answer = await h2fetch(port, "/restate/invoke/Greeter/greet?q=1", {
      method: "POST",
      headers: INVOCATION,
      body: "ping",
    });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe("ping");
    expect(fake.heads.at(-1)?.path).toBe("/restate/invoke/Greeter/greet");
    expect((await h2fetch(port, "/restate/health")).body.toString()).toBe("OK");
  });

  it("leaves the app's routes, hooks and JSON body parsing alone", async () => {
    const hello = await h2fetch(port, "/hello");
    expect(JSON.parse(hello.body.toString())).toEqual({ hello: "world" });

    const json = await h2fetch(port, "/json", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ a: 1 }),
    });
    expect(JSON.parse(json.body.toString())).toEqual({ got: { a: 1 } });

    // The plugin's catch-all parser stays inside the plugin.
    const foreign = await h2fetch(port, "/json", {
      method: "POST",
      headers: INVOCATION,
      body: "x",
    });
    expect(foreign.status).toBe(415);

    expect(seen).toEqual(expect.arrayContaining(["/hello", "/json", "/restate/health"]));
  });

  it("does not parse JSON sent to the endpoint: the core gets the raw bytes", async () => {
    const answer = await h2fetch(port, "/restate/invoke/A/b", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(answer.body.toString()).toBe("{not json");
  });
});

describe("resolute plugin in an HTTP/1.1 app", () => {
  it("defaults to REQUEST_RESPONSE, and protocolMode overrides it", async () => {
    const app = fastify();
    const plain = fakeEndpoint();
    const forced = fakeEndpoint();
    await app.register(resolute, { endpoint: plain, prefix: "/a" });
    await app.register(resolute, { endpoint: forced, prefix: "/b", protocolMode: "BIDI_STREAM" });
    await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const port = (app.server.address() as { port: number }).port;
      expect(plain.modes).toEqual(["REQUEST_RESPONSE"]);
      expect(forced.modes).toEqual(["BIDI_STREAM"]);
      const answer = await h1fetch(port, "/a/invoke/S/h", {
        method: "POST",
        headers: INVOCATION,
        body: "hi",
      });
      expect(answer.body.toString()).toBe("hi");
      expect((await h1fetch(port, "/b/health")).body.toString()).toBe("OK");
    } finally {
      await app.close();
    }
  });
});
