// examples/greeter against the real server: what its README shows.
import { counter } from "@resolute/example-greeter/counter";
import greeterEndpoint from "@resolute/example-greeter/endpoint";
import { greeter } from "@resolute/example-greeter/greeter";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: greeterEndpoint });
});
afterAll(async () => {
  await env?.stop();
});

describe("examples/greeter", () => {
  it("greets, and validates the schema'd handler's input", async () => {
    const rs = env.client.serviceClient(greeter);
    expect(await rs.greet("Ann")).toBe("Hello, Ann!");
    expect(await rs.welcome({ name: "Ann", visits: 1 })).toBe("Welcome, Ann!");
    expect(await rs.welcome({ name: "Bo", visits: 3 })).toBe("Welcome back, Bo (visit 3)");
    const bad = await fetch(`${env.ingressUrl}/Greeter/welcome`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Ann", visits: 0 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("visits");
  });

  it("the counter keeps its state across an endpoint restart", async () => {
    const c = env.client.objectClient(counter, "e");
    expect(await c.add(5)).toBe(5);
    await env.restartEndpoint();
    expect(await c.add(2)).toBe(7);
    expect(await c.current()).toBe(7);
    await c.reset();
    expect(await env.stateOf(counter, "e").get("count")).toBeUndefined();
  });
});
