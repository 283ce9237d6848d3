// The ingress client's errors carry their stable codes (docs/reference/errors.md) when real
// requests to restate-server fail: an unknown service or handler, a handler's terminal failure,
// output asked for too early, a response that does not come in time, a node that is down.
import { createServer } from "node:net";
import {
  connect,
  IngressError,
  IngressTimeoutError,
  IngressUnavailableError,
} from "@resolute/client";
import {
  type Context,
  endpoint,
  ResoluteError,
  service,
  TerminalError,
  type WorkflowContext,
  workflow,
} from "@resolute/core";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const codes = service({
  name: "ErrCodes",
  handlers: {
    refuse: async (_ctx: Context) => {
      throw new TerminalError("not allowed for this account", { errorCode: 422 });
    },
    slow: async (ctx: Context) => {
      await ctx.sleep(1_500);
      return "late";
    },
  },
});

/** The same service name with a handler the deployment does not have. */
const codesWithExtra = service({
  name: "ErrCodes",
  handlers: { missing: async (_ctx: Context) => "never" },
});

/** A service that is never registered. */
const unregistered = service({
  name: "ErrCodesUnregistered",
  handlers: { go: async (_ctx: Context) => "never" },
});

const waiting = workflow({
  name: "ErrCodesWaiting",
  handlers: {
    run: async (ctx: WorkflowContext) => ctx.promise<string>("go").get(),
  },
});

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: endpoint().bind(codes).bind(waiting) });
});
afterAll(async () => {
  await env?.stop();
});

/** The error a promise rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("the request succeeded");
}

/** A loopback port nothing listens on: taken from the OS, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("ingress client error codes against restate-server", () => {
  it("an unknown service is RES_ERR_INGRESS_NOT_FOUND, with the ingress's 404 and advice", async () => {
    const e = await failure(connect({ url: env.ingressUrl }).serviceClient(unregistered).go());
    expect(e).toBeInstanceOf(IngressError);
    expect(e).toMatchObject({ resoluteCode: "RES_ERR_INGRESS_NOT_FOUND", status: 404, code: 404 });
    expect((e as Error).message).toMatch(/ErrCodesUnregistered.*not found.*register/);
  });

  it("an unknown handler of a known service is RES_ERR_INGRESS_NOT_FOUND too", async () => {
    const e = await failure(
      connect({ url: env.ingressUrl }).serviceClient(codesWithExtra).missing(),
    );
    expect(e).toMatchObject({ resoluteCode: "RES_ERR_INGRESS_NOT_FOUND", status: 404 });
    expect((e as Error).message).toMatch(/handler 'missing' was not found/);
  });

  it("a handler's terminal failure is RES_ERR_INVOCATION_FAILED and keeps its code and message", async () => {
    const e = await failure(connect({ url: env.ingressUrl }).serviceClient(codes).refuse());
    expect(e).toBeInstanceOf(IngressError);
    expect(e).toMatchObject({
      resoluteCode: "RES_ERR_INVOCATION_FAILED",
      status: 422,
      code: 422,
      message: "not allowed for this account",
    });
  });

  it("output asked for before the workflow ends is RES_ERR_INGRESS_REJECTED (470)", async () => {
    const rs = connect({ url: env.ingressUrl });
    const wf = rs.workflowClient(waiting, `early-${Date.now()}`);
    await wf.workflowSubmit();
    const e = await failure(wf.workflowOutput());
    expect(e).toMatchObject({ resoluteCode: "RES_ERR_INGRESS_REJECTED", status: 470 });
  });

  it("a call that gets no response within resultTimeout is RES_ERR_INGRESS_TIMEOUT", async () => {
    const rs = connect({ url: env.ingressUrl, resultTimeout: 300 });
    const e = await failure(rs.serviceClient(codes).slow());
    expect(e).toBeInstanceOf(IngressTimeoutError);
    expect(e).toBeInstanceOf(ResoluteError);
    expect(e).toMatchObject({
      code: "RES_ERR_INGRESS_TIMEOUT",
      resoluteCode: "RES_ERR_INGRESS_TIMEOUT",
      timeoutMs: 300,
      url: env.ingressUrl,
    });
    expect((e as Error).message).toMatch(/give it one \(idempotencyKey\)/);
  });

  it("a node that is down is RES_ERR_INGRESS_UNAVAILABLE, naming each attempt", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const rs = connect({ url, retry: { attempts: 2, initialDelayMs: 10 } });
    const e = await failure(rs.serviceClient(codes).refuse());
    expect(e).toBeInstanceOf(IngressUnavailableError);
    expect(e).not.toBeInstanceOf(IngressTimeoutError);
    expect(e).toMatchObject({
      code: "RES_ERR_INGRESS_UNAVAILABLE",
      resoluteCode: "RES_ERR_INGRESS_UNAVAILABLE",
      urls: [url],
    });
    expect((e as IngressUnavailableError).attempts).toHaveLength(2);
    expect((e as Error).message).toMatch(/Check that the Restate nodes are running/);
  });
});
