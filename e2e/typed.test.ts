// Issue 4 acceptance: typed clients, the ingress client, the rich-type serde and schemas.
import { IngressError } from "@resolute/client";
import { endpoint, rpc } from "@resolute/core";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awakeables, caller, mailbox, signup } from "./support/durable-services.js";
import { counter, flaky, greeter, sideEffects } from "./support/services.js";
import { accounts, richState } from "./support/typed-services.js";

let env: RestateEnv;
let replaying: RestateEnv;
beforeAll(async () => {
  const ep = () =>
    endpoint()
      .bind(greeter)
      .bind(counter)
      .bind(caller)
      .bind(signup)
      .bind(awakeables)
      .bind(mailbox)
      .bind(accounts)
      .bind(richState)
      .bind(flaky);
  [env, replaying] = await Promise.all([
    startRestate({ endpoint: ep() }),
    startRestate({ endpoint: ep(), alwaysReplay: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([env?.stop(), replaying?.stop()]);
});

const unique = (p: string) => `${p}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

describe("rich types survive the journal, state, and the ingress client", () => {
  it("a Date and a Map returned by ctx.run and stored in state come back as a Date and a Map after replay", async () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    const r = await replaying.client.objectClient(richState, unique("r")).roundTrip({ at });
    expect(r).toMatchObject({
      runIsDate: true,
      runIsMap: true,
      stateIsDate: true,
      stateIsMap: true,
    });
    expect(r.stored.at).toEqual(at);
    expect(r.stored.tags).toEqual(new Map([["a", 1]]));
    expect(r.stored.seen).toEqual(new Set(["x"]));
    expect(r.stored.big).toBe(2n ** 70n);
    expect("missing" in r.stored).toBe(true);
  });

  it("plain JSON stays plain on the wire: curl-style callers see ordinary JSON", async () => {
    const res = await fetch(`${env.ingressUrl}/Counter/${unique("plain")}/add`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "41",
    });
    expect(await res.text()).toBe("41");
  });
});

describe("the ingress client", () => {
  it("calls services, objects and workflows, typed by inference", async () => {
    expect(await env.client.serviceClient(greeter).greet("Typed")).toBe("Hello, Typed!");
    const key = unique("c");
    expect(await env.client.objectClient(counter, key).add(2)).toBe(2);
    expect(await env.client.objectClient(counter, key).current()).toBe(2);
    const wf = env.client.workflowClient(signup, unique("w"));
    const submitted = await wf.workflowSubmit("cy@example.com");
    expect(submitted.invocationId).toMatch(/^inv_/);
    await wf.verify("K3Y");
    expect(await wf.workflowAttach()).toBe("cy@example.com verified with K3Y");
    expect(await wf.workflowOutput()).toBe("cy@example.com verified with K3Y");
  });

  it("references a definition by type only", async () => {
    const c = env.client.serviceClient<typeof greeter>({ name: "Greeter" });
    expect(await c.greet("ByType")).toBe("Hello, ByType!");
  });

  it("a typed call between two services", async () => {
    expect(await env.client.serviceClient(caller).callGreeter("Inner")).toBe("Hello, Inner!");
  });

  it("sends with a delay and fetches the result", async () => {
    const key = unique("s");
    const started = Date.now();
    const handle = await env.client
      .objectSendClient(counter, key)
      .add(5, rpc.sendOpts({ delay: 300 }));
    expect(await env.client.result(handle)).toBe(5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("an idempotent request sent twice runs once", async () => {
    const id = unique("idem");
    const opts = rpc.opts({ idempotencyKey: id });
    const a = await env.client.serviceClient(accounts).count(id, opts);
    const b = await env.client.serviceClient(accounts).count(id, opts);
    expect([a, b]).toEqual([1, 1]);
    expect(sideEffects.get(id)).toBe(1);
    expect(
      await env.client.idempotentResult({
        service: accounts,
        handler: "count",
        idempotencyKey: id,
      }),
    ).toBe(1);
  });

  it("resolves an awakeable", async () => {
    const box = unique("box");
    const handle = await env.client.serviceSendClient(awakeables).wait(box);
    let id: string | null = null;
    while (!id) {
      await new Promise((r) => setTimeout(r, 20));
      id = await env.client.objectClient(mailbox, box).get();
    }
    await env.client.resolveAwakeable(id, "from the client");
    expect(await env.client.result(handle)).toBe("resolved: from the client");
  });

  it("a schema violation comes back from the ingress as a clear terminal error with code 400", async () => {
    const message = "email: Invalid email address; age: Too small: expected number to be >=0";
    const res = await fetch(`${env.ingressUrl}/Accounts/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "not-an-email", age: -1 }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 400, message });
    // The typed client validates with the same schema before sending anything.
    const call = env.client.serviceClient(accounts).register({ email: "not-an-email", age: -1 });
    await expect(call).rejects.toMatchObject({ code: 400, message });
    await expect(call).rejects.not.toBeInstanceOf(IngressError);
    expect(await env.client.serviceClient(accounts).register({ email: "a@b.co", age: 3 })).toBe(
      "registered a@b.co",
    );
  });

  it("the discovery manifest carries the schemas' JSON Schema", async () => {
    const svc = (await (await fetch(`${env.adminUrl}/services/Accounts`)).json()) as {
      handlers: {
        name: string;
        input_json_schema?: { required?: string[] };
        output_json_schema?: { type?: string };
      }[];
    };
    const register = svc.handlers.find((h) => h.name === "register")!;
    expect(register.input_json_schema?.required).toEqual(["email", "age"]);
    expect(register.output_json_schema?.type).toBe("string");
  });
});

describe("ingress client errors and awakeable rejection", () => {
  it("a failed invocation surfaces as IngressError with the server's code and message", async () => {
    const call = env.client.serviceClient(caller).failingCall();
    expect(await call).toBe("caught 409");
    const direct = env.client.serviceClient<typeof flaky>({ name: "Flaky" });
    await expect(direct.terminal(418)).rejects.toMatchObject({ name: "IngressError", code: 418 });
  });

  it("rejects an awakeable", async () => {
    const box = unique("rej");
    const handle = await env.client.serviceSendClient(awakeables).wait(box);
    let id: string | null = null;
    while (!id) {
      await new Promise((r) => setTimeout(r, 20));
      id = await env.client.objectClient(mailbox, box).get();
    }
    await env.client.rejectAwakeable(id, "not today");
    expect(await env.client.result(handle)).toBe("rejected: not today");
  });
});
