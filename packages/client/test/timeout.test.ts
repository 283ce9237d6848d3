// The per-attempt timeout: a node that accepts connections but never answers is abandoned after
// the timeout. A request that may be repeated goes on to another URL; one that may not fails with
// IngressTimeoutError, sent once. Calls that wait for a handler are not cut by the default.
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Context, rpc, service } from "@resolute/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  connect,
  IngressError,
  IngressTimeoutError,
  IngressUnavailableError,
} from "../src/index.js";
import { DEFAULT_TIMEOUT_MS } from "../src/timeouts.js";
import { hungNode, type Received } from "./hung-node.js";

const closers: (() => Promise<void>)[] = [];
async function hung() {
  const node = await hungNode();
  closers.push(node.close);
  return node;
}

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A node that answers every request with `body`, after `delayMs`. */
async function answering(
  body: string,
  delayMs = 0,
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: HttpServer = createHttpServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push({
        requestLine: `${req.method} ${req.url}`,
        idempotencyKey: req.headers["idempotency-key"] as string | undefined,
      });
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(body);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const svc = service({
  name: "Svc",
  handlers: { run: async (_ctx: Context, input: string): Promise<unknown> => input },
});
const fast = { initialDelayMs: 1, maxDelayMs: 5 };
const accepted = '{"invocationId":"inv_1","status":"Accepted"}';

describe("per-attempt timeout", () => {
  it("moves a send with an idempotency key on to the next URL when a node hangs", async () => {
    const stuck = await hung();
    const live = await answering(accepted);
    const rs = connect({ url: [stuck.url, live.url], retry: fast, timeout: 200 });
    const handle = await rs
      .serviceSendClient(svc)
      .run("x", rpc.sendOpts({ idempotencyKey: "send-1" }));
    expect(handle.invocationId).toBe("inv_1");
    expect(stuck.received.map((r) => r.idempotencyKey)).toEqual(["send-1"]);
    expect(live.received.map((r) => r.idempotencyKey)).toEqual(["send-1"]);
  });

  it("moves a call on with resultTimeout and retry: { idempotent: true }, under one key", async () => {
    const stuck = await hung();
    const live = await answering('"done"');
    const rs = connect({
      url: [stuck.url, live.url],
      retry: { ...fast, idempotent: true },
      resultTimeout: { milliseconds: 200 },
    });
    expect(await rs.serviceClient(svc).run("x")).toBe("done");
    expect(stuck.received).toHaveLength(1);
    expect(live.received).toHaveLength(1);
    expect(live.received[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(live.received[0]!.idempotencyKey).toBe(stuck.received[0]!.idempotencyKey);
  });

  it("fails a send without idempotency key with IngressTimeoutError naming the URL, sent once", async () => {
    const stuck = await hung();
    const live = await answering(accepted);
    const rs = connect({ url: [stuck.url, live.url], retry: fast, timeout: 200 });
    const error = (await rs
      .serviceSendClient(svc)
      .run("x")
      .catch((e: unknown) => e)) as IngressTimeoutError;
    expect(error).toBeInstanceOf(IngressTimeoutError);
    // Existing handlers of IngressUnavailableError keep catching it.
    expect(error).toBeInstanceOf(IngressUnavailableError);
    expect(error.url).toBe(stuck.url);
    expect(error.timeoutMs).toBe(200);
    expect(error.message).toContain(stuck.url);
    expect(error.message).toContain("200 ms timeout");
    expect(error.message).toMatch(/Not retried .* no idempotency key/);
    expect(error.attempts).toEqual([
      { url: stuck.url, reason: "no response within the 200 ms timeout" },
    ]);
    expect(stuck.received.map((r) => r.requestLine)).toEqual(["POST /Svc/run/send HTTP/1.1"]);
    expect(live.received).toHaveLength(0);
  });

  it("fails a call without key with IngressTimeoutError once resultTimeout expires", async () => {
    const stuck = await hung();
    const rs = connect({ url: [stuck.url], retry: fast, resultTimeout: 200 });
    const error = await rs
      .serviceClient(svc)
      .run("x")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngressTimeoutError);
    expect((error as Error).message).toContain(stuck.url);
    expect(stuck.received).toHaveLength(1);
  });

  it("lists every timed-out attempt when all URLs hang", async () => {
    const [a, b] = await Promise.all([hung(), hung()]);
    const rs = connect({ url: [a.url, b.url], retry: { ...fast, attempts: 3 }, timeout: 100 });
    const error = (await rs.output("inv_1").catch((e: unknown) => e)) as IngressUnavailableError;
    expect(error).toBeInstanceOf(IngressUnavailableError);
    expect(error).not.toBeInstanceOf(IngressTimeoutError);
    expect(error.attempts.map((x) => x.url)).toEqual([a.url, b.url, a.url]);
    expect(error.message).toContain(`${b.url} (no response within the 100 ms timeout)`);
  });

  it("does not apply timeout to calls and attach, which wait for the handler", async () => {
    const slow = await answering('"late"', 400);
    const rs = connect({ url: [slow.url], timeout: 50 });
    expect(await rs.serviceClient(svc).run("x")).toBe("late");
    expect(await rs.result("inv_1")).toBe("late");
    // A send through the same client is held to it.
    const error = await rs
      .serviceSendClient(svc)
      .run("x")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngressTimeoutError);
  });

  it("limits the wait for the headers only, not the reading of the answer after them", async () => {
    const server = createHttpServer((req, res) => {
      req.resume();
      res.writeHead(200, { "content-type": "application/json" });
      res.flushHeaders();
      setTimeout(() => res.end('"slow body"'), 300);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const rs = connect({ url, resultTimeout: 100 });
    expect(await rs.serviceClient(svc).run("x")).toBe("slow body");
  });

  it("has a default only for requests answered at once, and rejects unusable values", () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    expect(() => connect({ url: "http://x", timeout: 0 })).toThrow(/timeout must be more than 0/);
    expect(() => connect({ url: "http://x", resultTimeout: "5s" as never })).toThrow(
      /Invalid duration "5s" for the client option resultTimeout/,
    );
    expect(() => connect({ url: "http://x", timeout: null, resultTimeout: null })).not.toThrow();
  });

  it("still passes other errors through at once", async () => {
    const server = createHttpServer((_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end('{"message":"bad input","code":400}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const rs = connect({ url, timeout: 1_000, resultTimeout: 1_000 });
    await expect(rs.serviceClient(svc).run("x")).rejects.toBeInstanceOf(IngressError);
  });
});
