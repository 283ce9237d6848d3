// The examples behave as the demo prints them, against the real server.
import { counter } from "@resolute/examples/counter";
import { examplesEndpoint } from "@resolute/examples/endpoint";
import { greeter } from "@resolute/examples/greeter";
import { signup } from "@resolute/examples/signup";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: examplesEndpoint });
});
afterAll(async () => {
  await env?.stop();
});

describe("examples", () => {
  it("greeter and counter", async () => {
    expect(await env.client.serviceClient(greeter).greet("Ann")).toBe("Hello, Ann!");
    expect(await env.client.objectClient(counter, "e").add(5)).toBe(5);
    await env.restartEndpoint();
    expect(await env.client.objectClient(counter, "e").add(2)).toBe(7);
    expect(await env.client.objectClient(counter, "e").current()).toBe(7);
    await env.client.objectClient(counter, "e").reset();
    expect(await env.stateOf(counter, "e").get("count")).toBeUndefined();
  });

  it("signup workflow: verified with the right code, expired with a wrong one", async () => {
    const ok = env.client.workflowClient(signup, "ann@example.com");
    await ok.workflowSubmit("ann@example.com");
    let code: string | null = null;
    while (code === null) {
      await new Promise((r) => setTimeout(r, 20));
      code = await ok.pendingCode();
    }
    await ok.verify(code);
    expect(await ok.workflowAttach()).toBe(true);

    const bad = env.client.workflowClient(signup, "bo@example.com");
    await bad.workflowSubmit("bo@example.com");
    while ((await bad.status()) !== "waiting") await new Promise((r) => setTimeout(r, 20));
    await bad.verify("wrong");
    expect(await bad.workflowAttach()).toBe(false);
    expect(await bad.status()).toBe("expired");
  });
});
