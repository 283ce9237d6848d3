// The per-attempt timeout against the real Restate server: the first ingress URL is a node that
// accepts connections and never answers; calls, sends and a workflow still go through the real
// ingress, each handler step runs once, and a handler slower than resultTimeout is attached to
// again instead of being started a second time.
import {
  type Context,
  endpoint,
  rpc,
  service,
  type WorkflowContext,
  workflow,
} from "@resolute/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The testing package is not a dependency of this one: its sources are loaded directly.
import { type RestateEnv, startRestate } from "../../testing/src/index.js";
import { connect, IngressTimeoutError, IngressUnavailableError } from "../src/index.js";
import { type HungNode, hungNode } from "./hung-node.js";

const ran = new Map<string, number>();
const count = (key: string) => ran.set(key, (ran.get(key) ?? 0) + 1);

const greeter = service({
  name: "TimeoutGreeter",
  handlers: {
    greet: async (ctx: Context, name: string) =>
      ctx.run("greet", () => {
        count(`greet:${name}`);
        return `Hello, ${name}!`;
      }),
    slow: async (ctx: Context, name: string) => {
      await ctx.run("slow", () => {
        count(`slow:${name}`);
      });
      await ctx.sleep(1_500);
      return `slow ${name}`;
    },
  },
});

const signup = workflow({
  name: "TimeoutSignup",
  handlers: {
    run: async (ctx: WorkflowContext, email: string) => {
      await ctx.run("send", () => {
        count(`signup:${ctx.key}`);
      });
      await ctx.sleep(500);
      return `signed up ${email}`;
    },
  },
});

describe("a hung ingress URL in front of the real server", () => {
  let env: RestateEnv;
  let stuck: HungNode;

  beforeAll(async () => {
    stuck = await hungNode();
    env = await startRestate({ endpoint: endpoint().bind(greeter).bind(signup) });
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
    await stuck?.close();
  }, 60_000);

  it("calls, sends and a workflow succeed through the other URL, each step run once", async () => {
    const rs = connect({
      url: [stuck.url, env.ingressUrl],
      retry: { idempotent: true, initialDelayMs: 10, maxDelayMs: 50 },
      timeout: 500,
      resultTimeout: 2_000,
    });
    const before = stuck.received.length;
    for (const name of ["a", "b", "c", "d"]) {
      expect(await rs.serviceClient(greeter).greet(name)).toBe(`Hello, ${name}!`);
    }
    const handle = await rs.serviceSendClient(greeter).greet("e");
    expect(await rs.result(handle)).toBe("Hello, e!");
    await rs.workflowClient(signup, "ann").workflowSubmit("ann@example.com");
    expect(await rs.workflowClient(signup, "ann").workflowAttach()).toBe(
      "signed up ann@example.com",
    );

    // The hung URL was tried (it is first in turn for some of these) and abandoned each time.
    expect(stuck.received.length).toBeGreaterThan(before);
    for (const key of ["greet:a", "greet:b", "greet:c", "greet:d", "greet:e", "signup:ann"]) {
      expect(ran.get(key), key).toBe(1);
    }
  }, 60_000);

  it("a call slower than resultTimeout is attached to again, not started twice", async () => {
    const once = connect({ url: [env.ingressUrl], retry: { attempts: 1 }, resultTimeout: 300 });
    const abandoned = await once
      .serviceClient(greeter)
      .slow("x", rpc.opts({ idempotencyKey: "slow-x" }))
      .catch((e: unknown) => e);
    expect(abandoned).toBeInstanceOf(IngressUnavailableError);
    expect((abandoned as Error).message).toContain("no response within the 300 ms timeout");

    const rs = connect({
      url: [env.ingressUrl],
      retry: { attempts: 20, initialDelayMs: 100, maxDelayMs: 200 },
      resultTimeout: 300,
    });
    const result = await rs
      .serviceClient(greeter)
      .slow("x", rpc.opts({ idempotencyKey: "slow-x" }));
    expect(result).toBe("slow x");
    expect(ran.get("slow:x")).toBe(1);
  }, 60_000);

  it("a call without idempotency key to the hung URL fails with the timeout, naming it", async () => {
    const rs = connect({ url: [stuck.url, env.ingressUrl], resultTimeout: 300 });
    const error = await rs
      .serviceClient(greeter)
      .greet("z")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngressTimeoutError);
    expect((error as IngressTimeoutError).url).toBe(stuck.url);
    expect(ran.get("greet:z")).toBeUndefined();
  }, 60_000);
});
