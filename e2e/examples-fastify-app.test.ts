// examples/fastify-app against the real server: the app serves its own routes and the Resolute
// endpoint under /restate on one port; its own route calls the endpoint through the ingress.
import { buildApp } from "@resolute/example-fastify-app/app";
import { type RestateEnv, startRestate } from "@resolute/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let env: RestateEnv;
let app: FastifyInstance;
let appUrl: string;
beforeAll(async () => {
  // The server first (the app needs its ingress URL), then the app, then the registration.
  env = await startRestate();
  app = await buildApp({ ingressUrl: env.ingressUrl });
  appUrl = await app.listen({ port: 0, host: "127.0.0.1" });
  const registration = await fetch(`${env.adminUrl}/deployments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ uri: `${appUrl}/restate`, use_http_11: true }),
  });
  expect(registration.ok).toBe(true);
});
afterAll(async () => {
  await app?.close();
  await env?.stop();
});

describe("examples/fastify-app", () => {
  it("the app's own routes work beside the endpoint", async () => {
    expect(await (await fetch(`${appUrl}/health`)).json()).toEqual({ ok: true });
  });

  it("an app route calls the mounted endpoint through the ingress; state is durable", async () => {
    expect(await (await fetch(`${appUrl}/hello/ann`)).json()).toEqual({
      greeting: "Hello ann",
      visit: 1,
    });
    expect(await (await fetch(`${appUrl}/hello/ann`)).json()).toMatchObject({ visit: 2 });
    const direct = await fetch(`${env.ingressUrl}/Visits/ann/record`, { method: "POST" });
    expect(await direct.json()).toBe(3);
  });

  it("the endpoint under /restate answers discovery; other paths stay the app's", async () => {
    const discover = await fetch(`${appUrl}/restate/discover`, {
      headers: { accept: "application/vnd.restate.endpointmanifest.v3+json" },
    });
    expect(discover.ok).toBe(true);
    expect(JSON.stringify(await discover.json())).toContain("Visits");
    expect((await fetch(`${appUrl}/nope`)).status).toBe(404);
  });
});
