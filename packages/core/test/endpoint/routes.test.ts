// Exact routes: /invoke/{service}/{handler} is tried first, so handlers named "health" or
// "discover" run (and are signed) like any other; only …/health and …/discover are special.
import { describe, expect, it } from "vitest";
import { audienceOf } from "../../src/endpoint/identity.js";
import { routeOf } from "../../src/endpoint/routes.js";
import { endpoint, service } from "../../src/index.js";
import { serverKey } from "../support/server-key.js";
import { invokeOnce, json } from "./invoke-once.js";

describe("routeOf", () => {
  it.each([
    ["/invoke/S/health", { kind: "invoke", at: 0, service: "S", handler: "health" }],
    ["/invoke/S/discover", { kind: "invoke", at: 0, service: "S", handler: "discover" }],
    ["/restate/invoke/S/h", { kind: "invoke", at: 8, service: "S", handler: "h" }],
    ["/invoke/invoke/h", { kind: "invoke", at: 0, service: "invoke", handler: "h" }],
    ["/invoke/S/invoke", { kind: "invoke", at: 0, service: "S", handler: "invoke" }],
    ["/health", { kind: "health" }],
    ["/restate/health", { kind: "health" }],
    ["/discover", { kind: "discover" }],
    ["/invoke/S", { kind: "unknown" }],
    ["/invoke/S/h/x", { kind: "unknown" }],
    ["/healthz", { kind: "unknown" }],
  ])("%s", (path, route) => {
    expect(routeOf(path)).toEqual(route);
  });

  it("the identity audience of a handler named invoke or health is its whole invoke path", () => {
    expect(audienceOf("/p/invoke/invoke/h")).toBe("/invoke/invoke/h");
    expect(audienceOf("/invoke/S/health")).toBe("/invoke/S/health");
  });
});

const named = service({
  name: "S",
  handlers: {
    health: async () => "health handler ran",
    discover: async () => "discover handler ran",
  },
});

describe("handlers named health and discover", () => {
  it.each(["health", "discover"])("POST /invoke/S/%s runs the handler", async (name) => {
    const a = await invokeOnce(endpoint().bind(named), `/invoke/S/${name}`, json(null));
    const out = a.frames.find((f) => f.msg.value !== undefined);
    expect(new TextDecoder().decode(out?.msg.value as Uint8Array)).toBe(`"${name} handler ran"`);
  });

  it("with request identity on, an unsigned POST to /invoke/S/health is refused (401)", async () => {
    const ep = endpoint().bind(named).withIdentityV1(serverKey().kid);
    const a = await invokeOnce(ep, "/invoke/S/health", json(null));
    expect(a.status).toBe(401);
    expect(a.body).toMatch(/Unauthorized/);
  });
});

// The handler caches the paths it resolved: a second request to one skips parsing the route,
// and must still be answered exactly as the first.
describe("a path requested again", () => {
  const ep = endpoint().bind(named);
  const handler = ep.handler({ protocolMode: "REQUEST_RESPONSE", logger: { log() {} } });
  const text = (a: { frames: { msg: Record<string, unknown> }[] }) => {
    const out = a.frames.find((f) => f.msg.value !== undefined);
    return new TextDecoder().decode(out?.msg.value as Uint8Array);
  };

  it("runs the same handler, and a GET to it is still no route", async () => {
    for (let i = 0; i < 3; i++) {
      const a = await invokeOnce(ep, "/invoke/S/health", json(null), { handler });
      expect(text(a)).toBe('"health handler ran"');
    }
    const get = await invokeOnce(ep, "/invoke/S/health", json(null), { handler, method: "GET" });
    expect(get.status).toBe(404);
    expect(get.body).toMatch(/No route for GET \/invoke\/S\/health/);
  });

  it.each([
    ["application/vnd.restate.invocation.v5", 200],
    ["application/vnd.restate.invocation.v7", 200],
    ["application/vnd.restate.invocation.v4", 415],
    ["application/vnd.restate.invocation.v8", 415],
    ["application/vnd.restate.invocation.v6; charset=utf-8", 415],
    ["application/json", 415],
  ])("content type %s is answered %i", async (contentType, status) => {
    const a = await invokeOnce(ep, "/invoke/S/discover", json(null), {
      handler,
      headers: { "content-type": contentType },
    });
    expect(a.status).toBe(status);
    if (status === 200) expect(text(a)).toBe('"discover handler ran"');
  });
});
