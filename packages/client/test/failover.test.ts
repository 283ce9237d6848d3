// The client's fail-over between several ingress URLs, against small local HTTP servers that
// answer, refuse connections, answer 502/503/504 or drop the connection mid-request.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Context,
  type ObjectContext,
  object,
  rpc,
  service,
  type WorkflowContext,
  workflow,
} from "@resolute/core";
import { afterEach, describe, expect, it } from "vitest";
import { connect, IngressError, IngressUnavailableError } from "../src/index.js";

interface Hit {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
}

type Behaviour = (hit: Hit) => { status: number; body?: string } | "drop";

interface Fake {
  url: string;
  hits: Hit[];
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function fake(behaviour: Behaviour): Promise<Fake> {
  const hits: Hit[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on("end", () => {
      const hit = {
        method: req.method ?? "",
        path: req.url ?? "",
        idempotencyKey: req.headers["idempotency-key"] as string | undefined,
      };
      hits.push(hit);
      const answer = behaviour(hit);
      if (answer === "drop") {
        // The request arrived, then the node died before answering.
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(answer.body ?? "");
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const ok =
  (body: unknown = "done") =>
  () => ({ status: 200, body: JSON.stringify(body) });
const status = (code: number) => () => ({ status: code, body: `{"message":"status ${code}"}` });

/** A URL where nothing listens: connecting is refused. */
async function refusing(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

// Only the names and handler signatures matter: the fake servers answer for them.
const svc = service({
  name: "Svc",
  handlers: { run: async (_ctx: Context, input: string): Promise<unknown> => input },
});
const obj = object({
  name: "Svc",
  handlers: { add: async (_ctx: ObjectContext, n: number): Promise<unknown> => n },
});
const wf = workflow({
  name: "Svc",
  handlers: { run: async (_ctx: WorkflowContext, input: string): Promise<unknown> => input },
});
const fast = { initialDelayMs: 1, maxDelayMs: 5 };

describe("several ingress URLs", () => {
  it("spreads requests over all URLs in turn", async () => {
    const nodes = await Promise.all([fake(ok()), fake(ok()), fake(ok())]);
    const rs = connect({ url: nodes.map((n) => n.url) });
    for (let i = 0; i < 6; i++) expect(await rs.serviceClient(svc).run("x")).toBe("done");
    expect(nodes.map((n) => n.hits.length)).toEqual([2, 2, 2]);
  });

  it("sends a request without idempotency key elsewhere when the connection is refused", async () => {
    const live = await fake(ok());
    const rs = connect({ url: [await refusing(), live.url], retry: fast });
    for (let i = 0; i < 4; i++) expect(await rs.serviceClient(svc).run("x")).toBe("done");
    // Each call reached a server exactly once: a refused connection carried nothing.
    expect(live.hits).toHaveLength(4);
    expect(live.hits.every((h) => h.idempotencyKey === undefined)).toBe(true);
  });

  it("does not repeat a request without idempotency key after a 503 or a dropped connection", async () => {
    const busy = await fake(status(503));
    const other = await fake(ok());
    const rs = connect({ url: [busy.url, other.url], retry: fast });
    const error = await rs
      .serviceClient(svc)
      .run("x")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngressError);
    expect((error as IngressError).status).toBe(503);
    expect(busy.hits).toHaveLength(1);
    expect(other.hits).toHaveLength(0);

    const dropping = await fake(() => "drop");
    const rs2 = connect({ url: [dropping.url, other.url], retry: fast });
    const dropped = await rs2
      .serviceSendClient(svc)
      .run("x")
      .catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(IngressUnavailableError);
    expect((dropped as Error).message).toMatch(/Not retried .* no idempotency key/);
    expect((dropped as Error).message).toContain(dropping.url);
    expect(other.hits).toHaveLength(0);
  });

  it("repeats a request with the user's idempotency key on another URL after 502/503/504", async () => {
    const nodes = await Promise.all([fake(status(502)), fake(status(504)), fake(ok(7))]);
    const rs = connect({ url: nodes.map((n) => n.url), retry: fast });
    const result = await rs.objectClient(obj, "k").add(1, rpc.opts({ idempotencyKey: "add-1" }));
    expect(result).toBe(7);
    const keys = nodes.flatMap((n) => n.hits.map((h) => h.idempotencyKey));
    expect(keys).toEqual(["add-1", "add-1", "add-1"]);
  });

  it("generates one idempotency key per request with retry: { idempotent: true }, kept across attempts", async () => {
    let calls = 0;
    const flaky = await fake(() => (calls++ === 0 ? "drop" : { status: 200, body: "1" }));
    const rs = connect({ url: [flaky.url], retry: { ...fast, idempotent: true } });
    expect(await rs.serviceClient(svc).run("a")).toBe(1);
    await rs.serviceSendClient(svc).run("b");
    const [dropped, repeated, other] = flaky.hits;
    expect(dropped!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(repeated!.idempotencyKey).toBe(dropped!.idempotencyKey);
    expect(other!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(other!.idempotencyKey).not.toBe(dropped!.idempotencyKey);
  });

  it("reads results and completes awakeables through any node", async () => {
    const down = await fake(status(503));
    const up = await fake(ok("result"));
    const rs = connect({ url: [down.url, up.url], retry: fast });
    expect(await rs.result("inv_1")).toBe("result");
    expect(await rs.output("inv_1")).toBe("result");
    expect(await rs.idempotentResult({ service: svc, handler: "run", idempotencyKey: "k1" })).toBe(
      "result",
    );
    await rs.resolveAwakeable("sign_1", "v");
    await rs.rejectAwakeable("sign_1", "no");
    expect(up.hits.map((h) => h.path)).toEqual([
      "/restate/invocation/inv_1/attach",
      "/restate/invocation/inv_1/output",
      "/restate/invocation/Svc/run/k1/attach",
      "/restate/awakeables/sign_1/resolve",
      "/restate/awakeables/sign_1/reject",
    ]);
  });

  it("submits a workflow again after a failure without a key: its run starts once per key", async () => {
    const down = await fake(status(503));
    const up = await fake(() => ({
      status: 200,
      body: '{"invocationId":"inv_wf","status":"Accepted"}',
    }));
    const rs = connect({ url: [down.url, up.url], retry: { ...fast, idempotent: true } });
    const handle = await rs.workflowClient(wf, "wf-1").workflowSubmit("go");
    expect(handle.invocationId).toBe("inv_wf");
    // A workflow's run starts at most once per key: repeating it is safe without a key.
    expect([...down.hits, ...up.hits].map((h) => h.idempotencyKey)).toEqual([undefined, undefined]);
  });

  it("tries a URL that just failed last, for the next requests too", async () => {
    const dropping = await fake(() => "drop");
    const live = await fake(ok());
    const rs = connect({ url: [dropping.url, live.url], retry: { ...fast, idempotent: true } });
    for (let i = 0; i < 4; i++) expect(await rs.serviceClient(svc).run("x")).toBe("done");
    // Round-robin alone would start requests 1 and 3 at the dropping URL.
    expect(dropping.hits).toHaveLength(1);
    expect(live.hits).toHaveLength(4);
  });

  it("asks another node when one does not know the service yet, and fails if none does", async () => {
    const notFound = () => ({
      status: 404,
      body: `{"code":404,"message":"service 'Svc' not found, make sure to register the service before calling it."}`,
    });
    const starting = await fake(notFound);
    const ready = await fake(ok());
    const rs = connect({ url: [starting.url, ready.url], retry: fast });
    // No idempotency key needed: the node rejected the call before any invocation existed.
    expect(await rs.serviceClient(svc).run("x")).toBe("done");
    expect([starting.hits.length, ready.hits.length]).toEqual([1, 1]);

    const other = await fake(notFound);
    const none = connect({ url: [starting.url, other.url], retry: fast });
    const error = (await none
      .serviceClient(svc)
      .run("x")
      .catch((e: unknown) => e)) as IngressError;
    expect(error).toBeInstanceOf(IngressError);
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/service 'Svc' not found/);
    expect([starting.hits.length, other.hits.length]).toEqual([2, 1]);
  });

  it("stops after the attempt bound and names every URL tried", async () => {
    const a = await fake(status(503));
    const b = await refusing();
    const rs = connect({ url: [a.url, b], retry: { ...fast, attempts: 5 } });
    const error = (await rs
      .serviceClient(svc)
      .run("x", rpc.opts({ idempotencyKey: "i" }))
      .catch((e: unknown) => e)) as IngressUnavailableError;
    expect(error).toBeInstanceOf(IngressUnavailableError);
    expect(error.attempts).toHaveLength(5);
    expect(error.urls).toEqual([a.url, b]);
    expect(error.message).toContain(`${a.url} (HTTP 503 status 503)`);
    expect(error.message).toContain(`${b} (connection refused)`);
    expect(error.message).toMatch(/failed on every attempt \(5\)/);
    expect(a.hits.length).toBe(3);
  });

  it("passes other errors through at once", async () => {
    const bad = await fake(() => ({ status: 400, body: '{"message":"bad input","code":400}' }));
    const other = await fake(ok());
    const rs = connect({ url: [bad.url, other.url], retry: { ...fast, idempotent: true } });
    const error = (await rs
      .serviceClient(svc)
      .run("x")
      .catch((e: unknown) => e)) as IngressError;
    expect(error).toBeInstanceOf(IngressError);
    expect(error.message).toBe("bad input");
    expect(other.hits).toHaveLength(0);
  });

  it("rejects unusable options with a clear message", () => {
    expect(() => connect({ url: [] })).toThrow(/at least one ingress URL/);
    expect(() => connect({ url: ["localhost:8080"] })).toThrow(/must start with http/);
    expect(() => connect({ url: "http://x", retry: { attempts: 0 } })).toThrow(
      /retry.attempts must be a number >= 1/,
    );
    expect(() => connect({ url: "http://x", retry: { maxDelayMs: -1 } })).toThrow(
      /retry.maxDelayMs must be a number >= 0/,
    );
  });
});
