// rs.withOptions(): per-request limits and the caller's AbortSignal, on a view that shares the
// client's URLs and their round-robin turn. The caller's signal wins over timeout and retries.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Context, rpc, service } from "@resolute/core";
import { afterEach, describe, expect, it } from "vitest";
import { connect, IngressTimeoutError } from "../src/index.js";
import { hungNode } from "./hung-node.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function hung() {
  const node = await hungNode();
  closers.push(node.close);
  return node;
}

/** A node that answers every request at once; `hits` counts them. */
async function live(): Promise<{ url: string; hits: string[] }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(200, { "content-type": "application/json" });
    res.end('"done"');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const svc = service({
  name: "Svc",
  handlers: { run: async (_ctx: Context, input: string): Promise<unknown> => input },
});

describe("withOptions", () => {
  it("rejects with the caller's reason when its signal aborts, and retries nothing", async () => {
    const stuck = await hung();
    const other = await live();
    // An idempotency key would allow a retry on the other URL: the signal stops that too.
    const rs = connect({ url: [stuck.url, other.url], retry: { idempotent: true } });
    const controller = new AbortController();
    const call = rs.withOptions({ signal: controller.signal }).serviceClient(svc).run("x");
    const reason = new Error("the user went away");
    setTimeout(() => controller.abort(reason), 100);
    await expect(call).rejects.toBe(reason);
    expect(stuck.received).toHaveLength(1);
    expect(other.hits).toHaveLength(0);
  });

  it("stops a request during the backoff between attempts", async () => {
    const stuck = await hung();
    const rs = connect({
      url: [stuck.url],
      // A backoff of up to ~23 days (jittered): in practice the abort always comes first.
      retry: { initialDelayMs: 2_000_000_000, maxDelayMs: 2_000_000_000 },
      timeout: 50,
    });
    const controller = new AbortController();
    const send = rs
      .withOptions({ signal: controller.signal })
      .serviceSendClient(svc)
      .run("x", rpc.sendOpts({ idempotencyKey: "k" }));
    // The first attempt times out at 50 ms; the next one waits for its backoff.
    setTimeout(() => controller.abort(), 300);
    const error = await send.catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(stuck.received).toHaveLength(1);
  });

  it("fails at once with a signal already aborted, sending nothing", async () => {
    const other = await live();
    const rs = connect({ url: [other.url] });
    const error = await rs
      .withOptions({ signal: AbortSignal.abort() })
      .serviceClient(svc)
      .run("x")
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(other.hits).toHaveLength(0);
  });

  it("sets the timeout of requests made through the view only", async () => {
    const stuck = await hung();
    const rs = connect({ url: [stuck.url], resultTimeout: 60_000 });
    const error = await rs
      .withOptions({ resultTimeout: 100 })
      .serviceClient(svc)
      .run("x")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngressTimeoutError);
    expect((error as IngressTimeoutError).timeoutMs).toBe(100);
  });

  it("shares the client's round-robin turn", async () => {
    const nodes = await Promise.all([live(), live()]);
    const rs = connect({ url: nodes.map((n) => n.url) });
    for (let i = 0; i < 4; i++) {
      expect(await rs.withOptions({ timeout: 1_000 }).serviceClient(svc).run("x")).toBe("done");
    }
    expect(nodes.map((n) => n.hits.length)).toEqual([2, 2]);
  });

  it("refuses a signal that is not an AbortSignal", () => {
    const rs = connect({ url: "http://127.0.0.1:1" });
    expect(() => rs.withOptions({ signal: {} as AbortSignal })).toThrow(/must be an AbortSignal/);
  });
});
