// Node's fetch (undici) gives up on a response without headers after its own headersTimeout
// (300 s), whatever the client's limits. Such a cut only means the answer is not ready: reads and
// keyed calls attach again to the same node at once, without using up a retry attempt, until the
// request's resultTimeout or signal ends the wait. A call without a key still cannot be repeated.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Context, rpc, service } from "@resolute/core";
import { afterEach, describe, expect, it } from "vitest";
import { connect, IngressTimeoutError, IngressUnavailableError } from "../src/index.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/**
 * A node whose answer is ready `delayMs` after it starts (as a running workflow's result is): it
 * answers each request with `body` once it is. Records each request's method, path and key.
 */
async function answering(body: string, delayMs = 0) {
  const readyAt = Date.now() + delayMs;
  const received: { line: string; key: string | undefined }[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received.push({
        line: `${req.method} ${req.url}`,
        key: req.headers["idempotency-key"] as string | undefined,
      });
      const timer = setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(body);
      }, readyAt - Date.now());
      res.on("close", () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** What undici's fetch rejects with when headersTimeout runs out (checked on Node 20). */
function headersTimeout(): TypeError {
  const cause = Object.assign(new Error("Headers Timeout Error"), {
    name: "HeadersTimeoutError",
    code: "UND_ERR_HEADERS_TIMEOUT",
  });
  return new TypeError("fetch failed", { cause });
}

/** The real fetch, except that its first `cuts` calls are cut off, after `afterMs`, as undici does. */
function cutting(cuts: number, afterMs = 0) {
  const calls: string[] = [];
  const fetcher: typeof fetch = async (input, init) => {
    calls.push(`${init?.method ?? "GET"} ${String(input)}`);
    if (calls.length <= cuts) {
      await new Promise((r) => setTimeout(r, afterMs));
      throw headersTimeout();
    }
    return fetch(input, init);
  };
  return { fetch: fetcher, calls };
}

const svc = service({
  name: "Svc",
  handlers: { run: async (_ctx: Context, input: string): Promise<unknown> => input },
});
const fast = { initialDelayMs: 1, maxDelayMs: 5 };

describe("fetch's own headers timeout", () => {
  it("re-attaches a result read without using up retry attempts", async () => {
    const node = await answering('"done"');
    const cut = cutting(5);
    const rs = connect({ url: node.url, retry: { ...fast, attempts: 1 }, fetch: cut.fetch });
    expect(await rs.result("inv_1")).toBe("done");
    expect(cut.calls).toEqual(
      Array(6).fill(`GET ${node.url}/restate/invocation/inv_1/attach`) as string[],
    );
    expect(node.received).toHaveLength(1);
  });

  it("re-sends a call with an idempotency key under the same key", async () => {
    const node = await answering('"done"');
    const cut = cutting(3);
    const rs = connect({ url: node.url, retry: { ...fast, attempts: 1 }, fetch: cut.fetch });
    const out = await rs.serviceClient(svc).run("x", rpc.opts({ idempotencyKey: "k-1" }));
    expect(out).toBe("done");
    expect(cut.calls).toHaveLength(4);
    expect(node.received).toEqual([{ line: "POST /Svc/run", key: "k-1" }]);
  });

  it("fails a call without an idempotency key at the first cut, telling to add one", async () => {
    const node = await answering('"done"');
    const cut = cutting(1);
    const rs = connect({ url: node.url, retry: fast, fetch: cut.fetch });
    const error = (await rs
      .serviceClient(svc)
      .run("x")
      .catch((e: unknown) => e)) as IngressUnavailableError;
    expect(error).toBeInstanceOf(IngressUnavailableError);
    expect(error).not.toBeInstanceOf(IngressTimeoutError);
    expect(error.attempts).toEqual([
      { url: node.url, reason: "fetch failed (UND_ERR_HEADERS_TIMEOUT)" },
    ]);
    expect(error.message).toMatch(/no idempotency key; give it one/);
    expect(cut.calls).toHaveLength(1);
  });

  it("ends the re-attaching when resultTimeout runs out over the whole wait", async () => {
    const node = await answering('"done"');
    const cut = cutting(Number.POSITIVE_INFINITY, 100);
    const rs = connect({
      url: node.url,
      retry: { ...fast, attempts: 1 },
      resultTimeout: 400,
      fetch: cut.fetch,
    });
    const error = (await rs.result("inv_1").catch((e: unknown) => e)) as IngressUnavailableError;
    expect(error).toBeInstanceOf(IngressUnavailableError);
    expect(error.attempts).toHaveLength(1);
    expect(error.attempts[0]!.reason).toMatch(
      /^no response within the 400 ms timeout \(re-attached \d+ times after fetch's headers timeout\)$/,
    );
    // Several re-attaches fit in 400 ms of 100 ms cuts; the exact number depends on the machine.
    expect(cut.calls.length).toBeGreaterThan(1);
  });

  it("ends the re-attaching when the signal aborts", async () => {
    const node = await answering('"done"');
    const cut = cutting(Number.POSITIVE_INFINITY, 20);
    const controller = new AbortController();
    const rs = connect({ url: node.url, fetch: cut.fetch }).withOptions({
      signal: controller.signal,
    });
    const pending = rs.result("inv_1").catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error("stop waiting")), 200);
    expect(((await pending) as Error).message).toBe("stop waiting");
  });

  it("survives real undici headers timeouts (a short one, through a dispatcher)", async () => {
    // undici checks its timeouts on a coarse clock (about every 0.5-1 s), so the answer comes late.
    const node = await answering('"late"', 3_000);
    // Node's bundled undici: its global Agent's class, with a 300 ms headersTimeout.
    await fetch("data:,warm-up");
    const global = (globalThis as Record<symbol, unknown>)[
      Symbol.for("undici.globalDispatcher.1")
    ] as { constructor: new (o: { headersTimeout: number }) => unknown };
    const dispatcher = new global.constructor({ headersTimeout: 300 });
    let calls = 0;
    const rs = connect({
      url: node.url,
      retry: { ...fast, attempts: 1 },
      fetch: (input, init) => {
        calls++;
        return fetch(input, { ...init, dispatcher } as RequestInit);
      },
    });
    expect(await rs.workflowClient(svc, "wf-1").workflowAttach()).toBe("late");
    expect(calls).toBeGreaterThan(1);
  }, 15_000);

  it("rejects a fetch option that is not a function", () => {
    expect(() => connect({ url: "http://localhost:8080", fetch: 1 as never })).toThrow(
      expect.objectContaining({ code: "RES_ERR_INVALID_ARGUMENT" }),
    );
  });
});
