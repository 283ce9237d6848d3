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
