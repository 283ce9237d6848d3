// Random requests over real HTTP/2 connections to a served endpoint: each gets an answer (or a
// stream reset), and the server keeps serving.
import { type Context, endpoint, service } from "@resolute/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Served, serve } from "../src/index.js";
import { h2answer, h2connect, h2open } from "./support/clients.js";

let served: Served;
beforeAll(async () => {
  const greeter = service({
    name: "Greeter",
    handlers: { greet: async (_ctx: Context, n: string) => `hi ${n}` },
  });
  served = await serve(endpoint({ maxMessageSize: 1024 }).bind(greeter), {
    port: 0,
    logger: false,
  });
});
afterAll(async () => {
  await served.close();
});

describe("fuzzing the HTTP routes", () => {
  it("answers random methods, paths, content types and bodies, and keeps serving", async () => {
    const session = h2connect(served.port);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PUT"),
        fc.oneof(
          fc.constantFrom("/invoke/Greeter/greet", "/discover", "/health", "/invoke/x/y"),
          fc.webPath(),
        ),
        fc.constantFrom("application/vnd.restate.invocation.v6", "application/json", "text/plain"),
        fc.uint8Array({ maxLength: 2048 }),
        async (method, path, contentType, body) => {
          const stream = h2open(session, path.startsWith("/") ? path : `/${path}`, {
            ":method": method,
            "content-type": contentType,
          });
          stream.end(method === "GET" ? undefined : body);
          const answer = await h2answer(stream);
          expect([200, 400, 404, 415, 500]).toContain(answer.status);
        },
      ),
      { numRuns: 300 },
    );
    session.close();
    const check = h2connect(served.port);
    const health = h2open(check, "/health", { ":method": "GET" });
    health.end();
    expect((await h2answer(health)).status).toBe(200);
    check.close();
  }, 60_000);
});
