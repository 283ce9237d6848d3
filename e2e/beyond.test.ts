// Issue 6 against the real server: abort signals in ctx.run, native combinators.
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  aborted,
  beyondEndpoint,
  hangingServer,
  hookLog,
  setHangingUrl,
} from "./support/beyond-services.js";
import { attach, ok, send } from "./support/ingress.js";

let env: RestateEnv;
let hanging: Awaited<ReturnType<typeof hangingServer>>;
beforeAll(async () => {
  hanging = await hangingServer();
  setHangingUrl(hanging.url);
  env = await startRestate({ endpoint: beyondEndpoint() });
});
afterAll(async () => {
  await env?.stop();
  hanging?.server.close();
});

const unique = (p: string) => `${p}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

describe("the AbortSignal of ctx.run", () => {
  it("aborts when the run loses a RestatePromise.race", async () => {
    const id = unique("race");
    expect(await ok(env.ingressUrl, "Beyond/loseRace", id)).toBe("timer won");
    expect(aborted.get(id)).toBe("CancelledError");
  });

  it("aborts with a TimeoutError when orTimeout expires", async () => {
    const id = unique("timeout");
    expect(await ok(env.ingressUrl, "Beyond/timeout", id)).toBe("timed out");
    expect(aborted.get(id)).toBe("TimeoutError");
  });

  it("aborts when the invocation is cancelled, and a fetch given the signal stops", async () => {
    const id = unique("fetch");
    const inv = await send(env.ingressUrl, "Beyond/fetchUntilCancelled", id);
    for (let i = 0; i < 100 && hanging.open() === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(hanging.open()).toBeGreaterThan(0);
    await fetch(`${env.adminUrl}/invocations/${inv}/cancel`, { method: "PATCH" });
    const r = await attach(env.ingressUrl, inv);
    expect(r.status).toBe(409);
    // fetch rejects with the signal's reason: the CancelledError the run was aborted with.
    expect(aborted.get(id)).toBe("CancelledError");
    for (let i = 0; i < 100 && hanging.open() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hanging.open()).toBe(0);
  });
});

describe("the AbortSignal when the attempt ends", () => {
  it("aborts a run still executing when another run's failure ends the attempt", async () => {
    const id = unique("attempt");
    expect(await ok(env.ingressUrl, "AttemptEnds/go", id)).toEqual(["a", "b"]);
    expect(aborted.get(id)).toBe("CancelledError");
  });
});

describe("hooks against the real server", () => {
  it("wrap the attempt and each ctx.run execution", async () => {
    const id = (await ok(env.ingressUrl, "Hooked/go")) as string;
    // The hook's last line comes just after the response is sent.
    for (let i = 0; i < 250 && hookLog.get(id)?.at(-1) !== "attempt ok"; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(hookLog.get(id)).toEqual(["attempt", "run one", "run two", "attempt ok"]);
  });
});

describe("native promise combinators over durable promises", () => {
  it("Promise.race and Promise.allSettled give the durable result", async () => {
    expect(await ok(env.ingressUrl, "Beyond/nativeRace")).toBe("fast");
    expect(await ok(env.ingressUrl, "Beyond/nativeAllSettled")).toEqual(["fulfilled", "rejected"]);
  });
});
