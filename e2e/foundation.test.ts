// Issue 2 acceptance, against the real Restate server.
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingress, ok } from "./support/ingress.js";
import { e2eEndpoint, sideEffects } from "./support/services.js";

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: e2eEndpoint() });
});
afterAll(async () => {
  await env?.stop();
});

describe("services and objects through the ingress", () => {
  it("Greeter/greet returns the greeting", async () => {
    expect(await ok(env.ingressUrl, "Greeter/greet", "Alice")).toBe("Hello, Alice!");
  });

  it("Counter keeps its state across calls and across an endpoint restart", async () => {
    expect(await ok(env.ingressUrl, "Counter/c1/add", 5)).toBe(5);
    expect(await ok(env.ingressUrl, "Counter/c1/add", 2)).toBe(7);
    expect(await ok(env.ingressUrl, "Counter/other/add", 1)).toBe(1);
    await env.restartEndpoint();
    expect(await ok(env.ingressUrl, "Counter/c1/add", 3)).toBe(10);
    expect(await ok(env.ingressUrl, "Counter/c1/current")).toBe(10);
    expect(await env.stateOf({ name: "Counter" }, "c1").get("count")).toBe(10);
  });

  it("clear, clearAll and stateKeys", async () => {
    await ok(env.ingressUrl, "Counter/c2/setMany", { b: 1, a: "x", count: 4 });
    expect(await ok(env.ingressUrl, "Counter/c2/keys")).toEqual(["a", "b", "count"]);
    await ok(env.ingressUrl, "Counter/c2/clear");
    expect(await ok(env.ingressUrl, "Counter/c2/keys")).toEqual(["a", "b"]);
    await ok(env.ingressUrl, "Counter/c2/clearAll");
    expect(await ok(env.ingressUrl, "Counter/c2/keys")).toEqual([]);
    expect(await env.stateOf({ name: "Counter" }, "c2").get("a")).toBeUndefined();
  });

  it("lazy state: values and keys are fetched from the server", async () => {
    expect(await ok(env.ingressUrl, "LazyCounter/l1/add", 2)).toEqual({
      count: 2,
      keys: ["count"],
    });
    expect(await ok(env.ingressUrl, "LazyCounter/l1/add", 3)).toEqual({
      count: 5,
      keys: ["count"],
    });
  });
});

describe("ctx.run and errors", () => {
  it("a plain error in ctx.run is retried without re-running completed steps", async () => {
    const id = `r${Date.now()}`;
    expect(await ok(env.ingressUrl, "Flaky/steps", { id, failures: 2 })).toEqual({
      one: 1,
      two: 3,
    });
    expect(sideEffects.get(`${id}:one`)).toBe(1);
    expect(sideEffects.get(`${id}:two`)).toBe(3);
  });

  it("a plain error in the handler is retried until it succeeds", async () => {
    const id = `h${Date.now()}`;
    expect(await ok(env.ingressUrl, "Flaky/handlerRetry", id)).toBe(3);
  });

  it("TerminalError gives an error response with its message and code", async () => {
    const r = await ingress(env.ingressUrl, "Flaky/terminal", 418);
    expect(r.status).toBe(418);
    expect(r.text).toContain("this request is not acceptable");
  });

  it("a TerminalError inside ctx.run is journaled and surfaces to the handler once", async () => {
    const id = `t${Date.now()}`;
    expect(await ok(env.ingressUrl, "Flaky/terminalInRun", id)).toBe("caught 422: refused in run");
    expect(sideEffects.get(`${id}:refuse`)).toBe(1);
  });

  it("a run whose retry policy is exhausted fails terminally", async () => {
    const id = `x${Date.now()}`;
    expect(await ok(env.ingressUrl, "Flaky/exhausted", id)).toBe("gave up: still failing");
    expect(sideEffects.get(`${id}:exhausted`)).toBe(3);
  });

  it("a non-JSON body for a JSON handler is a clear terminal error", async () => {
    const r = await ingress(env.ingressUrl, "Flaky/json", undefined, { raw: "{not json" });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/Invalid input for Flaky\/json|JSON/);
    expect(await ok(env.ingressUrl, "Flaky/json", { a: 21 })).toBe(42);
  });
});
