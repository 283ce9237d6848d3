// Payload and naming edge cases against the real server.
import { type Context, endpoint, type ObjectContext, object, service } from "@resolute/core";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingress } from "./support/ingress.js";

const edge = service({
  name: "Edge",
  handlers: {
    big: async (ctx: Context, size: number) => {
      const s = await ctx.run("make", () => "x".repeat(size));
      return s.length;
    },
    echoBig: async (_ctx: Context, s: string) => s,
    nothing: async (_ctx: Context) => undefined,
    noInput: async (_ctx: Context, input?: unknown) =>
      input === undefined ? "no input" : `got ${JSON.stringify(input)}`,
  },
});

let wakeups = 0;
let attempts = 0;
const patient = service({
  name: "Patient",
  options: {
    inactivityTimeout: { seconds: 1 },
    hooks: [
      () => {
        attempts++;
        return {};
      },
    ],
  },
  handlers: {
    /** Sleeps past the inactivity timeout: the server closes the stream, the handler suspends. */
    wait: async (ctx: Context) => {
      await ctx.sleep(2500);
      wakeups++;
      return "rested";
    },
  },
});

const unicode = object({
  name: "Unicode",
  handlers: {
    put: async (ctx: ObjectContext, v: string) => {
      ctx.set("ключ 🔑", v);
      return { key: ctx.key, keys: await ctx.stateKeys(), v: await ctx.get<string>("ключ 🔑") };
    },
  },
});

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: endpoint().bind(edge).bind(unicode).bind(patient) });
});
afterAll(async () => {
  await env?.stop();
});

describe("edge cases", () => {
  it("a bidirectional stream closed by the inactivity timeout suspends and resumes", async () => {
    const r = await ingress(env.ingressUrl, "Patient/wait");
    expect(r.body).toBe("rested");
    expect(wakeups).toBe(1);
    expect(attempts).toBe(2); // suspended when the stream closed, then replayed once
    const svc = (await (await fetch(`${env.adminUrl}/services/Patient`)).json()) as {
      inactivity_timeout: string;
    };
    expect(svc.inactivity_timeout).toBe("1s");
  });

  it("a 5 MB ctx.run result and a 2 MB input/output stream through in pieces", async () => {
    expect((await ingress(env.ingressUrl, "Edge/big", 5 * 1024 * 1024)).body).toBe(5 * 1024 * 1024);
    const s = "é".repeat(1024 * 1024);
    const r = await ingress(env.ingressUrl, "Edge/echoBig", s);
    expect(r.status).toBe(200);
    expect(r.body).toBe(s);
  });

  it("a handler returning undefined answers with an empty body; no body means undefined input", async () => {
    const r = await ingress(env.ingressUrl, "Edge/nothing");
    expect(r.status).toBe(200);
    expect(r.text).toBe("");
    expect((await ingress(env.ingressUrl, "Edge/noInput")).body).toBe("no input");
    expect((await ingress(env.ingressUrl, "Edge/noInput", { a: 1 })).body).toBe('got {"a":1}');
  });

  it("unicode object keys and state keys", async () => {
    const key = "Ñandú 🐦 key";
    const r = await ingress(env.ingressUrl, `Unicode/${encodeURIComponent(key)}/put`, "valeur");
    expect(r.body).toEqual({ key, keys: ["ключ 🔑"], v: "valeur" });
    expect(await env.stateOf(unicode, key).get("ключ 🔑")).toBe("valeur");
  });
});
