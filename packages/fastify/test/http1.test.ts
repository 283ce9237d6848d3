// serve({ http1: true }): plain HTTP/1.1 in REQUEST_RESPONSE mode.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Served, serve } from "../src/index.js";
import { h1fetch, INVOCATION } from "./support/clients.js";
import { type FakeEndpoint, fakeEndpoint } from "./support/fake-endpoint.js";

describe("serve() over HTTP/1.1", () => {
  let fake: FakeEndpoint;
  let served: Served;
  beforeAll(async () => {
    fake = fakeEndpoint();
    served = await serve(fake, { logger: false, port: 0, http1: true });
  });
  afterAll(() => served.close());

  it("builds the handler in REQUEST_RESPONSE mode", () => {
    expect(fake.modes).toEqual(["REQUEST_RESPONSE"]);
  });

  it("passes method, path and headers, and streams the body through", async () => {
    const body = Buffer.alloc(1024 * 1024, 7);
    const answer = await h1fetch(served.port, "/invoke/Greeter/greet?x=1", {
      method: "POST",
      headers: { ...INVOCATION, "x-extra": "yes" },
      body,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.equals(body)).toBe(true);
    const head = fake.heads.at(-1)!;
    expect(head).toMatchObject({ method: "POST", path: "/invoke/Greeter/greet" });
    expect(head.headers["x-extra"]).toBe("yes");
    expect(fake.ends).toBe(1);
  });

  it("answers GET /health", async () => {
    const answer = await h1fetch(served.port, "/health");
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe("OK");
  });
});
