// Issue 5 acceptance: HTTP/1.1 request/response mode, and the Fastify plugin inside an app with
// its own routes and hooks, both registered with the real Restate server.
import { endpoint } from "@resolute/core";
import { resolute } from "@resolute/fastify";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { fastify } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timers } from "./support/durable-services.js";
import { ok } from "./support/ingress.js";
import { counter, greeter, sideEffects } from "./support/services.js";

describe("HTTP/1.1 request/response mode", () => {
  let env: RestateEnv;
  beforeAll(async () => {
    env = await startRestate({
      endpoint: endpoint().bind(greeter).bind(counter).bind(timers),
      http1: true,
    });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it("is declared in discovery and registered as such", async () => {
    const deployments = (await (await fetch(`${env.adminUrl}/deployments`)).json()) as {
      deployments: { protocol_type?: string; http_version?: string }[];
    };
    expect(deployments.deployments[0]).toMatchObject({ protocol_type: "RequestResponse" });
  });

  it("answers invocations, suspends instead of waiting, and resumes by replay", async () => {
    expect(await ok(env.ingressUrl, "Greeter/greet", "Http1")).toBe("Hello, Http1!");
    expect(await ok(env.ingressUrl, "Counter/h1/add", 4)).toBe(4);
    const id = `h1-${Date.now()}`;
    expect(await ok(env.ingressUrl, "Timers/sleepFor", { id, ms: 200 })).toEqual({
      before: 1,
      after: 1,
    });
    expect(sideEffects.get(`${id}:before`)).toBe(1);
  });
});

describe("the resolute plugin inside an existing Fastify app", () => {
  let env: RestateEnv;
  const app = fastify({ http2: true });
  const seen: string[] = [];
  beforeAll(async () => {
    app.addHook("onRequest", async (req) => {
      seen.push(req.url);
    });
    app.post("/hello", async (req) => ({ hello: (req.body as { name: string }).name }));
    await app.register(resolute, {
      endpoint: endpoint().bind(greeter).bind(counter),
      prefix: "/restate",
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = (app.server.address() as { port: number }).port;
    env = await startRestate({ endpointUrl: `http://127.0.0.1:${port}/restate` });
  });
  afterAll(async () => {
    await env?.stop();
    await app.close();
  });

  it("serves Restate invocations under the prefix", async () => {
    expect(await ok(env.ingressUrl, "Greeter/greet", "Plugin")).toBe("Hello, Plugin!");
    expect(await ok(env.ingressUrl, "Counter/p1/add", 9)).toBe(9);
    expect(seen.some((u) => u.startsWith("/restate/invoke/Greeter/greet"))).toBe(true);
    expect(seen.some((u) => u.startsWith("/restate/discover"))).toBe(true);
  });

  it("leaves the application's own routes and JSON parsing alone", async () => {
    const res = await app.inject({ method: "POST", url: "/hello", payload: { name: "app" } });
    expect(res.json()).toEqual({ hello: "app" });
  });
});
