// endpoint().defaultServiceOptions(...) reaches every bound service's manifest entry unless the
// service (or handler) sets the option itself; endpoint().setLogger(...) takes the official
// LoggerTransport function (or a LogSink) and wins over the adapter's logger.
import { describe, expect, it } from "vitest";
import type { LogMetadata } from "../../src/endpoint/logger-transport.js";
import {
  type Context,
  type EndpointBuilder,
  endpoint,
  handlers,
  object,
  service,
} from "../../src/index.js";
import { invokeOnce, json } from "./invoke-once.js";

type Json = Record<string, any>;

async function manifest(ep: EndpointBuilder): Promise<{ services: Json[] }> {
  const handler = ep.handler({ protocolMode: "REQUEST_RESPONSE", logger: { log() {} } });
  const chunks: Uint8Array[] = [];
  await new Promise<void>((resolve) => {
    const body = handler.handle(
      {
        method: "GET",
        path: "/discover",
        headers: { accept: "application/vnd.restate.endpointmanifest.v4+json" },
      },
      { head() {}, write: (c) => chunks.push(c), end: resolve },
    );
    body.end();
  });
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

const byName = (m: { services: Json[] }, name: string) => m.services.find((s) => s.name === name)!;

const plain = service({ name: "Plain", handlers: { hi: async () => "hi" } });
const own = service({
  name: "Own",
  handlers: {
    hi: async () => "hi",
    fast: handlers.handler({ inactivityTimeout: 5_000 }, async () => "fast"),
  },
  options: { inactivityTimeout: 120_000, retryPolicy: { maxAttempts: 3 } },
});
const counter = object({ name: "Counter", handlers: { add: async () => 1 } });

describe("defaultServiceOptions", () => {
  const defaults = {
    inactivityTimeout: { minutes: 1 },
    journalRetention: { days: 1 },
    ingressPrivate: true,
    enableLazyState: true,
    retryPolicy: { maxAttempts: 10, initialInterval: 100, onMaxAttempts: "pause" as const },
  };

  it("reaches the manifest of every bound service, bound before or after the call", async () => {
    const ep = endpoint().bind(plain).defaultServiceOptions(defaults).bind(counter);
    const m = await manifest(ep);
    for (const name of ["Plain", "Counter"]) {
      expect(byName(m, name)).toMatchObject({
        inactivityTimeout: 60_000,
        journalRetention: 86_400_000,
        ingressPrivate: true,
        retryPolicyMaxAttempts: 10,
        retryPolicyInitialInterval: 100,
        retryPolicyOnMaxAttempts: "PAUSE",
      });
    }
    expect(byName(m, "Counter").enableLazyState).toBe(true);
    // Lazy state is for objects and workflows: a plain service does not get it.
    expect(byName(m, "Plain").enableLazyState).toBeUndefined();
  });

  it("a service's own value wins (a whole retryPolicy), and handler options still win", async () => {
    const m = await manifest(endpoint().defaultServiceOptions(defaults).bind(own));
    const s = byName(m, "Own");
    expect(s.inactivityTimeout).toBe(120_000);
    expect(s.retryPolicyMaxAttempts).toBe(3);
    expect(s.retryPolicyInitialInterval).toBeUndefined();
    expect(s.journalRetention).toBe(86_400_000);
    const fast = s.handlers.find((h: Json) => h.name === "fast");
    expect(fast.inactivityTimeout).toBe(5_000);
  });

  it("a later call replaces the earlier defaults, as in the official SDK", async () => {
    const ep = endpoint()
      .defaultServiceOptions({ ingressPrivate: true })
      .defaultServiceOptions({ abortTimeout: 1_000 })
      .bind(plain);
    const s = byName(await manifest(ep), "Plain");
    expect(s.abortTimeout).toBe(1_000);
    expect(s.ingressPrivate).toBeUndefined();
  });

  it("without defaults the manifest carries none of these fields", async () => {
    const s = byName(await manifest(endpoint().bind(plain)), "Plain");
    expect(s.inactivityTimeout).toBeUndefined();
    expect(s.retryPolicyMaxAttempts).toBeUndefined();
  });

  it("default hooks wrap the handlers of services without their own", async () => {
    const seen: string[] = [];
    const ep = endpoint()
      .defaultServiceOptions({
        hooks: [
          () => ({
            interceptor: {
              handler: async (next) => {
                seen.push("hook");
                return next();
              },
            },
          }),
        ],
      })
      .bind(plain);
    await invokeOnce(ep, "/invoke/Plain/hi", json(null));
    expect(seen).toEqual(["hook"]);
  });
});

describe("setLogger", () => {
  const chatty = service({
    name: "Chatty",
    handlers: {
      talk: async (ctx: Context) => {
        ctx.console.info("hello", 42);
        throw new Error("boom");
      },
    },
  });

  it("takes the official LoggerTransport: ctx.console lines as USER, the endpoint's as SYSTEM", async () => {
    const lines: { meta: LogMetadata; args: unknown[] }[] = [];
    const adapterLines: unknown[] = [];
    const ep = endpoint()
      .bind(chatty)
      .setLogger((meta, ...args) => lines.push({ meta, args }));
    await invokeOnce(ep, "/invoke/Chatty/talk", json(null), {
      logger: { log: (_l, _c, args) => adapterLines.push(args) },
    });
    expect(adapterLines).toEqual([]);
    expect(lines).toHaveLength(2);
    const [user, system] = lines;
    expect(user?.meta).toMatchObject({
      source: "USER",
      level: "info",
      replaying: false,
      context: {
        serviceName: "Chatty",
        handlerName: "talk",
        invocationTarget: "Chatty/talk",
      },
    });
    expect(user?.meta.context?.invocationId).toMatch(/^inv_/);
    expect(user?.args).toEqual(["hello", 42]);
    expect(system?.meta).toMatchObject({ source: "SYSTEM", level: "warn" });
    expect(String(system?.args[0])).toMatch(/Attempt 1 of Chatty\/talk .* boom/);
  });

  it("takes a LogSink too", async () => {
    const levels: string[] = [];
    const ep = endpoint()
      .bind(chatty)
      .setLogger({ log: (level) => levels.push(level) });
    await invokeOnce(ep, "/invoke/Chatty/talk", json(null));
    expect(levels).toEqual(["info", "warn"]);
  });
});
