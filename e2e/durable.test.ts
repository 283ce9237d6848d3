// Issue 3 acceptance: timers, calls, awakeables, workflows, combinators, cancellation and
// suspension against the real Restate server, including endpoint and server restarts.
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { durableEndpoint } from "./support/durable-services.js";
import { attach, ingress, ok, send } from "./support/ingress.js";
import { sideEffects } from "./support/services.js";

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: durableEndpoint() });
});
afterAll(async () => {
  await env?.stop();
});

const unique = (p: string) => `${p}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("timers", () => {
  it("sleeps for a number of milliseconds and for an object duration", async () => {
    const started = Date.now();
    expect(await ok(env.ingressUrl, "Timers/sleepFor", { id: unique("s"), ms: 300 })).toEqual({
      before: 1,
      after: 1,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await ok(env.ingressUrl, "Timers/sleepObject", 1)).toBe("woke");
  });

  it("a sleep survives the endpoint being killed and started again; each run executes once", async () => {
    const id = unique("kill");
    const inv = await send(env.ingressUrl, "Timers/sleepFor", { id, ms: 1500 });
    // Killed once the step is journaled: before that, re-running it is what a crash should do.
    await until(
      async () => sideEffects.get(`${id}:before-journaled`),
      (v) => v !== undefined,
    );
    await env.killEndpoint();
    await new Promise((r) => setTimeout(r, 2000));
    await env.startEndpoint();
    const r = await attach(env.ingressUrl, inv);
    expect(r.body).toEqual({ before: 1, after: 1 });
    expect(sideEffects.get(`${id}:before`)).toBe(1);
    expect(sideEffects.get(`${id}:after`)).toBe(1);
  });

  it("a sleep survives a restart of the Restate server on its data directory", async () => {
    const id = unique("srv");
    const inv = await send(env.ingressUrl, "Timers/sleepFor", { id, ms: 2000 });
    await until(
      async () => sideEffects.get(`${id}:before-journaled`),
      (v) => v !== undefined,
    );
    await env.restartServer();
    const r = await attach(env.ingressUrl, inv);
    expect(r.body).toEqual({ before: 1, after: 1 });
    expect(sideEffects.get(`${id}:after`)).toBe(1);
  });

  it("1,000 concurrent sleeping invocations all complete", async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => unique(`many${i}`));
    const invs: string[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      invs.push(
        ...(await Promise.all(
          ids
            .slice(i, i + 100)
            .map((id) => send(env.ingressUrl, "Timers/sleepFor", { id, ms: 1000 })),
        )),
      );
    }
    const results: unknown[] = [];
    for (let i = 0; i < invs.length; i += 100) {
      results.push(
        ...(await Promise.all(
          invs.slice(i, i + 100).map(async (inv) => (await attach(env.ingressUrl, inv)).body),
        )),
      );
    }
    expect(results).toEqual(ids.map(() => ({ before: 1, after: 1 })));
    expect(ids.every((id) => sideEffects.get(`${id}:after`) === 1)).toBe(true);
  }, 120_000);

  it("orTimeout fails with a TimeoutError when nothing arrives", async () => {
    expect(await ok(env.ingressUrl, "Timers/timeout", 100)).toBe("timed out (408)");
  });
});

describe("calls", () => {
  it("request/response calls to a service and an object", async () => {
    expect(await ok(env.ingressUrl, "Caller/callGreeter", "Zed")).toBe("Hello, Zed!");
    const key = unique("cc");
    expect(await ok(env.ingressUrl, "Caller/callCounter", { key, n: 3 })).toBe(3);
    expect(await ok(env.ingressUrl, "Caller/callCounter", { key, n: 4 })).toBe(7);
  });

  it("one-way sends return the callee's invocation id, also with a delay", async () => {
    const key = unique("send");
    const id = await ok(env.ingressUrl, "Caller/sendCounter", { key, n: 2 });
    expect(id).toMatch(/^inv_/);
    expect((await attach(env.ingressUrl, id as string)).body).toBe(2);
    const started = Date.now();
    const delayed = await ok(env.ingressUrl, "Caller/sendCounter", { key, n: 5, delayMs: 500 });
    expect((await attach(env.ingressUrl, delayed as string)).body).toBe(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it("calls and sends to a workflow from a handler", async () => {
    const key = unique("wfc");
    expect(await ok(env.ingressUrl, "Caller/driveWorkflow", key)).toEqual({
      result: `${key}@example.com verified with OK`,
      status: "verified",
    });
  });

  it("a call with an idempotency key runs once", async () => {
    expect(
      await ok(env.ingressUrl, "Caller/idempotent", { key: unique("idem"), idem: "k1" }),
    ).toEqual([1, 1]);
  });

  it("genericCall with raw bytes, attach by invocation id, and terminal errors of callees", async () => {
    expect(await ok(env.ingressUrl, "Caller/generic", "Gen")).toBe('"Hello, Gen!"');
    expect(await ok(env.ingressUrl, "Caller/genericSendRaw", unique("gs"))).toBe("3");
    const r = (await ok(env.ingressUrl, "Caller/sendThenAttach", { key: unique("at"), n: 4 })) as {
      id: string;
      result: number;
    };
    expect(r.id).toMatch(/^inv_/);
    expect(r.result).toBe(4);
    expect(await ok(env.ingressUrl, "Caller/failingCall")).toBe("caught 409");
  });
});

describe("headers", () => {
  it("headers given with rpc.opts reach the callee's request", async () => {
    expect(await ok(env.ingressUrl, "Caller/withHeaders")).toBe("abc-123");
  });
});

describe("awakeables and workflows", () => {
  it("an awakeable is resolved from outside through the ingress", async () => {
    const box = unique("box");
    const waiting = send(env.ingressUrl, "Awakeables/wait", box);
    const id = await until(
      () => ok(env.ingressUrl, `Mailbox/${box}/get`),
      (v) => v !== null,
    );
    const res = await fetch(`${env.ingressUrl}/restate/awakeables/${id}/resolve`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify("yes"),
    });
    expect(res.status).toBe(202);
    expect((await attach(env.ingressUrl, await waiting)).body).toBe("resolved: yes");
  });

  it("an awakeable is rejected from outside, and resolved by another handler", async () => {
    const box = unique("box");
    const waiting = send(env.ingressUrl, "Awakeables/wait", box);
    const id = await until(
      () => ok(env.ingressUrl, `Mailbox/${box}/get`),
      (v) => v !== null,
    );
    await fetch(`${env.ingressUrl}/restate/awakeables/${id}/reject`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "no way",
    });
    expect((await attach(env.ingressUrl, await waiting)).body).toMatch(/^rejected: /);

    const box2 = unique("box");
    const waiting2 = send(env.ingressUrl, "Awakeables/wait", box2);
    const id2 = await until(
      () => ok(env.ingressUrl, `Mailbox/${box2}/get`),
      (v) => v !== null,
    );
    await ok(env.ingressUrl, "Awakeables/resolveOther", { id: id2, value: "from a handler" });
    expect((await attach(env.ingressUrl, await waiting2)).body).toBe("resolved: from a handler");
  });

  it("named signals: ctx.signal waits, ctx.invocation(id).signal resolves or rejects it", async () => {
    const box = unique("sig");
    const waiting = send(env.ingressUrl, "Awakeables/waitSignal", box);
    const id = await until(
      () => ok(env.ingressUrl, `Mailbox/${box}/get`),
      (v) => v !== null,
    );
    await ok(env.ingressUrl, "Awakeables/sendSignal", { id, value: "go" });
    expect((await attach(env.ingressUrl, await waiting)).body).toBe("signal: go");

    const box2 = unique("sig");
    const waiting2 = send(env.ingressUrl, "Awakeables/waitSignal", box2);
    const id2 = await until(
      () => ok(env.ingressUrl, `Mailbox/${box2}/get`),
      (v) => v !== null,
    );
    await ok(env.ingressUrl, "Awakeables/sendSignal", { id: id2, reject: "denied" });
    expect((await attach(env.ingressUrl, await waiting2)).body).toBe("signal rejected: denied");
  });

  it("a workflow runs once per key; promises and state are shared with its handlers", async () => {
    const key = unique("wf");
    const run = send(env.ingressUrl, `Signup/${key}/run`, "ann@example.com");
    await until(
      () => ok(env.ingressUrl, `Signup/${key}/status`),
      (v) => v === "waiting",
    );
    expect(await ok(env.ingressUrl, `Signup/${key}/peek`)).toBeNull();
    expect(await ok(env.ingressUrl, `Signup/${key}/verify`, "C0DE")).toBe("ok");
    expect((await attach(env.ingressUrl, await run)).body).toBe(
      "ann@example.com verified with C0DE",
    );
    expect(await ok(env.ingressUrl, `Signup/${key}/status`)).toBe("verified");
    expect(await ok(env.ingressUrl, `Signup/${key}/peek`)).toBe("C0DE");
    const again = await ingress(env.ingressUrl, `Signup/${key}/run`, "ann@example.com");
    expect(again.status).toBe(409);
    const second = await ingress(env.ingressUrl, `Signup/${key}/verify`, "other");
    expect(second.status).toBe(409);
    expect(sideEffects.get(`signup:${key}`)).toBe(1);
  });
});

describe("workflow promise rejection", () => {
  it("a rejected durable promise fails the workflow's get with the reason", async () => {
    const key = unique("wfr");
    const run = send(env.ingressUrl, `Signup/${key}/run`, "bo@example.com");
    await until(
      () => ok(env.ingressUrl, `Signup/${key}/status`),
      (v) => v === "waiting",
    );
    expect(await ok(env.ingressUrl, `Signup/${key}/refuse`, "expired")).toBe("refused");
    expect((await attach(env.ingressUrl, await run)).body).toBe("refused: expired");
    expect(await ok(env.ingressUrl, `Signup/${key}/status`)).toBe("refused");
  });
});

describe("combinators and deterministic helpers", () => {
  it.each([
    ["race", "fast"],
    ["all", [1, 2, 3]],
    ["nativeAll", ["x", "y"]],
    ["any", "second"],
    ["allSettled", ["rejected", "fulfilled"]],
  ])("%s", async (name, expected) => {
    expect(await ok(env.ingressUrl, `Combinators/${name}`)).toEqual(expected);
  });

  it("rand and date are journaled: values are well formed", async () => {
    const r = (await ok(env.ingressUrl, "Combinators/deterministic")) as {
      r: number;
      u: string;
      now: number;
      r2: number;
    };
    expect(r.r).toBeGreaterThanOrEqual(0);
    expect(r.r).toBeLessThan(1);
    expect(r.u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(r.now - Date.now())).toBeLessThan(60_000);
    expect(r.r2).not.toBe(r.r);
  });
});

describe("cancellation", () => {
  it("a cancelled invocation sees CancelledError at its await, compensates, and ends with 409", async () => {
    const id = unique("cancel");
    const inv = await send(env.ingressUrl, "Cancellable/longSleep", id);
    await new Promise((r) => setTimeout(r, 500));
    const res = await fetch(`${env.adminUrl}/invocations/${inv}/cancel`, { method: "PATCH" });
    expect(res.status).toBeLessThan(300);
    const r = await attach(env.ingressUrl, inv);
    expect(r.status).toBe(409);
    expect(r.text).toContain("Cancelled");
    expect(sideEffects.get(`${id}:compensated`)).toBe(1);
  });

  it("cancelling an invocation cancels the call it waits on", async () => {
    const id = unique("parent");
    const inv = await send(env.ingressUrl, "Cancellable/parent", id);
    await new Promise((r) => setTimeout(r, 500));
    await fetch(`${env.adminUrl}/invocations/${inv}/cancel`, { method: "PATCH" });
    expect((await attach(env.ingressUrl, inv)).status).toBe(409);
    await until(
      async () => sideEffects.get(`${id}-child:compensated`),
      (v) => v === 1,
    );
    expect(sideEffects.get(`${id}-child:compensated`)).toBe(1);
    expect(sideEffects.get(`${id}:parent-compensated`)).toBe(1);
  });

  it("ctx.cancel cancels another invocation by id", async () => {
    const id = unique("other");
    const other = (await ok(env.ingressUrl, "Cancellable/cancelOther", id)) as string;
    expect((await attach(env.ingressUrl, other)).status).toBe(409);
    expect(sideEffects.get(`${id}-other:compensated`)).toBe(1);
  });
});
