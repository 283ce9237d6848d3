// The real-server harness itself (@resolute/testing startRestate), against the real Restate server:
// lifecycle, registration, restarts, state reads, port handling and clean shutdown.
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscoveryServer,
  discoveryOnlyEndpoint,
  startDiscoveryServer,
} from "../packages/testing/test/harness-support/discovery-only.js";
import {
  eventually,
  getJson,
  portAccepts,
} from "../packages/testing/test/harness-support/probes.js";

// @resolute/fastify may not exist yet while the workspace is being built up.
const fastify = await import("@resolute/fastify").catch(() => undefined);

const portOf = (url: string) => Number(new URL(url).port);

async function deployments(env: RestateEnv): Promise<any[]> {
  return (await getJson(`${env.adminUrl}/deployments`)).deployments;
}

async function setState(env: RestateEnv, key: string, state: Record<string, unknown>) {
  const newState = Object.fromEntries(
    Object.entries(state).map(([k, v]) => [k, [...Buffer.from(JSON.stringify(v))]]),
  );
  const res = await fetch(`${env.adminUrl}/services/Counter/state`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ object_key: key, new_state: { ...newState, empty: [] } }),
  });
  expect(res.status).toBeLessThan(300);
}

describe("a server with a registered endpointUrl", () => {
  let endpoint: DiscoveryServer;
  let env: RestateEnv;
  beforeAll(async () => {
    endpoint = await startDiscoveryServer();
    env = await startRestate({ endpointUrl: endpoint.url });
  });
  afterAll(async () => {
    await env?.stop();
    await endpoint?.close();
  });

  it("is healthy and lists the endpoint as an HTTP/2 deployment", async () => {
    expect((await fetch(`${env.adminUrl}/health`)).status).toBe(200);
    expect((await fetch(`${env.ingressUrl}/restate/health`)).status).toBe(200);
    expect(env.endpointUrl).toBe(endpoint.url);
    const [deployment, ...rest] = await deployments(env);
    expect(rest).toEqual([]);
    expect(deployment.uri).toBe(`${endpoint.url}/`);
    expect(deployment.http_version).toBe("HTTP/2.0");
    expect(deployment.services.map((s: { name: string }) => s.name).sort()).toEqual([
      "Counter",
      "Greeter",
    ]);
  });

  it("reads object state: values decoded from JSON, keys sorted, missing is undefined", async () => {
    await setState(env, "o'1", { count: 42, who: { name: "Ann" } });
    const state = env.stateOf({ name: "Counter" }, "o'1");
    await eventually(async () => expect(await state.get("count")).toBe(42));
    expect(await state.get("who")).toEqual({ name: "Ann" });
    expect(await state.get("empty")).toBeUndefined();
    expect(await state.get("missing")).toBeUndefined();
    expect(await state.keys()).toEqual(["count", "empty", "who"]);
    expect(await env.stateOf({ name: "Counter" }, "other").keys()).toEqual([]);
  });

  it("restartServer keeps ports, registration and state (same data directory)", async () => {
    const discoveries = endpoint.discoveries;
    await env.restartServer();
    expect((await fetch(`${env.ingressUrl}/restate/health`)).status).toBe(200);
    const [deployment] = await deployments(env);
    expect(deployment.uri).toBe(`${endpoint.url}/`);
    expect(endpoint.discoveries).toBe(discoveries); // not re-registered
    expect(await env.stateOf({ name: "Counter" }, "o'1").get("count")).toBe(42);
    expect(env.logs()).toMatch(/restarting restate-server/);
  });

  it("register() registers again (force), and endpoint control needs an owned endpoint", async () => {
    const discoveries = endpoint.discoveries;
    await env.register();
    expect(endpoint.discoveries).toBe(discoveries + 1);
    expect((await deployments(env)).length).toBe(1);
    await expect(env.killEndpoint()).rejects.toThrow(/pass endpoint \(not endpointUrl\)/);
  });

  it("stop() closes the ports and is idempotent", async () => {
    await env.stop();
    await env.stop();
    expect(await portAccepts(portOf(env.ingressUrl))).toBe(false);
    expect(await portAccepts(portOf(env.adminUrl))).toBe(false);
    await expect(env.restartServer()).rejects.toThrow(/was stopped/);
  });
});

describe("ports", () => {
  it("parallel starts get distinct ports, even from one small range", async () => {
    const from = 20000 + Math.floor(Math.random() * 30000);
    const range: [number, number] = [from, from + 9];
    const envs = await Promise.all([
      startRestate(),
      startRestate(),
      startRestate({ portRange: range }),
      startRestate({ portRange: range }),
    ]);
    try {
      const ports = envs.flatMap((e) => [portOf(e.ingressUrl), portOf(e.adminUrl)]);
      expect(new Set(ports).size).toBe(ports.length);
      for (const env of envs.slice(2)) {
        for (const port of [portOf(env.ingressUrl), portOf(env.adminUrl)]) {
          expect(port).toBeGreaterThanOrEqual(from);
          expect(port).toBeLessThanOrEqual(from + 9);
        }
      }
      for (const env of envs) expect((await fetch(`${env.adminUrl}/health`)).status).toBe(200);
    } finally {
      await Promise.all(envs.map((e) => e.stop()));
    }
  });

  it("an HTTP/1.1 endpoint is registered with use_http_11", async () => {
    const endpoint = await startDiscoveryServer(true);
    try {
      await using env = await startRestate({ endpointUrl: endpoint.url, http1: true });
      const [deployment] = await deployments(env);
      expect(deployment.http_version).toBe("HTTP/1.1");
      expect(deployment.protocol_type).toBe("RequestResponse");
    } finally {
      await endpoint.close();
    }
  });

  it("a registration that fails says what to check", async () => {
    const endpoint = await startDiscoveryServer(true); // HTTP/1.1 only, registered as HTTP/2
    try {
      await expect(startRestate({ endpointUrl: endpoint.url })).rejects.toThrow(
        /Registering the endpoint .* failed.*GET \/discover/s,
      );
    } finally {
      await endpoint.close();
    }
  });
});

describe.skipIf(!fastify)("a served endpoint (@resolute/fastify)", () => {
  it("is served from the port range, killed, started and restarted on the same port", async () => {
    const from = 20000 + Math.floor(Math.random() * 30000);
    const env = await startRestate({
      endpoint: discoveryOnlyEndpoint(),
      portRange: [from, from + 19],
    });
    try {
      const port = portOf(env.endpointUrl!);
      expect(port).toBeGreaterThanOrEqual(from);
      expect(port).toBeLessThanOrEqual(from + 19);
      expect((await deployments(env))[0].uri).toBe(`${env.endpointUrl}/`);
      await env.killEndpoint();
      expect(await portAccepts(port)).toBe(false);
      await env.startEndpoint();
      expect(await portAccepts(port)).toBe(true);
      await env.restartEndpoint();
      await env.register();
      expect((await deployments(env)).length).toBe(1);
    } finally {
      await env.stop();
    }
    expect(await portAccepts(portOf(env.endpointUrl!))).toBe(false);
    expect(await portAccepts(portOf(env.adminUrl))).toBe(false);
  });

  it("serves in HTTP/1.1 request/response mode with http1", async () => {
    await using env = await startRestate({ endpoint: discoveryOnlyEndpoint(), http1: true });
    const [deployment] = await deployments(env);
    expect(deployment.http_version).toBe("HTTP/1.1");
    expect(deployment.protocol_type).toBe("RequestResponse");
  });
});
