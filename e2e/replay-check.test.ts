// Replay checking against the real server: every await suspends and the handler is replayed
// from its journal, so a handler that branches on the wall clock is caught with the source line.
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beyondEndpoint } from "./support/beyond-services.js";
import { durableEndpoint } from "./support/durable-services.js";
import { attach, ok, send } from "./support/ingress.js";

let env: RestateEnv;
let clean: RestateEnv;
beforeAll(async () => {
  [env, clean] = await Promise.all([
    startRestate({ endpoint: beyondEndpoint(), alwaysReplay: true }),
    startRestate({ endpoint: durableEndpoint(), alwaysReplay: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([env?.stop(), clean?.stop()]);
});

async function lastFailure(adminUrl: string, id: string): Promise<string> {
  const res = await fetch(`${adminUrl}/query`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: `SELECT last_failure FROM sys_invocation WHERE id = '${id}'` }),
  });
  const body = (await res.json()) as { rows: { last_failure?: string }[] };
  return body.rows[0]?.last_failure ?? "";
}

describe("replay checking (alwaysReplay)", () => {
  it("named signals suspend and resume across replays", async () => {
    const box = `rsig-${Date.now()}`;
    const waiting = send(clean.ingressUrl, "Awakeables/waitSignal", box);
    let id: unknown = null;
    while (id === null) {
      await new Promise((r) => setTimeout(r, 20));
      id = await ok(clean.ingressUrl, `Mailbox/${box}/get`);
    }
    await ok(clean.ingressUrl, "Awakeables/sendSignal", { id, value: "later" });
    expect((await attach(clean.ingressUrl, await waiting)).body).toBe("signal: later");
  });

  it("reports a wall-clock branch as a journal mismatch naming the source line", async () => {
    const id = await send(env.ingressUrl, "Beyond/clockBranch");
    let failure = "";
    for (let i = 0; i < 200 && !failure.includes("Journal mismatch"); i++) {
      await new Promise((r) => setTimeout(r, 50));
      failure = await lastFailure(env.adminUrl, id);
    }
    expect(failure).toMatch(
      /Journal mismatch at command index \d+: the journal recorded Run named "step (even|odd)" \(ctx\.run\), but the handler now issued Run named "step (even|odd)" \(ctx\.run\)/,
    );
    expect(failure).toMatch(/beyond-services\.ts:\d+:\d+/);
    await fetch(`${env.adminUrl}/invocations/${id}/kill`, { method: "PATCH" });
  });

  it("native Promise.race and Promise.allSettled replay like the durable combinators", async () => {
    expect(await ok(env.ingressUrl, "Beyond/nativeRace")).toBe("fast");
    expect(await ok(env.ingressUrl, "Beyond/nativeAllSettled")).toEqual(["fulfilled", "rejected"]);
  });

  it("deterministic handlers pass unchanged: timers, calls, workflows, combinators", async () => {
    expect(
      await ok(clean.ingressUrl, "Timers/sleepFor", { id: `rc${Date.now()}`, ms: 100 }),
    ).toEqual({ before: 1, after: 1 });
    expect(await ok(clean.ingressUrl, "Caller/callGreeter", "Replay")).toBe("Hello, Replay!");
    expect(await ok(clean.ingressUrl, "Combinators/all")).toEqual([1, 2, 3]);
    expect(await ok(clean.ingressUrl, "Combinators/nativeAll")).toEqual(["x", "y"]);
    expect(await ok(clean.ingressUrl, "Combinators/race")).toBe("fast");
    const key = `rwf-${Date.now()}`;
    expect(await ok(clean.ingressUrl, "Caller/driveWorkflow", key)).toEqual({
      result: `${key}@example.com verified with OK`,
      status: "verified",
    });
  });
});
