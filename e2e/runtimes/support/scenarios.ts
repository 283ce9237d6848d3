// The scenarios every runtime must pass: the example endpoint served by that runtime, registered
// with a real Restate server over HTTP/1.1 (request/response mode), driven through the ingress.
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_MESSAGE_SIZE } from "../../../examples/deploy-shared/src/endpoint.js";
import { h2request } from "../../support/h2.js";
import { attach, ingress, ok, send } from "../../support/ingress.js";
import { decodeMessage, framesOf, invocation, MessageType, V6 } from "./frames.js";

export interface Endpoint {
  readonly url: string;
  /** Whether the runtime is still serving (undefined where it cannot be observed). */
  alive?(): boolean;
  output?(): string;
  stop(): Promise<void>;
}

const unique = (p: string) => `${p}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

async function until<T>(fn: () => Promise<T>, done: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`Still not there: ${JSON.stringify(v)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface ScenarioOptions {
  /** Served over HTTP/2 cleartext in BIDI_STREAM mode, registered without use_http_11. */
  readonly bidirectional?: boolean;
}

/** A request straight to the endpoint, over HTTP/1.1 or, for bidirectional endpoints, h2c. */
async function direct(
  url: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string },
  h2: boolean,
): Promise<Response> {
  if (!h2) return fetch(`${url}${path}`, init);
  const body = typeof init.body === "string" ? new TextEncoder().encode(init.body) : init.body;
  const r = await h2request(url, path, {
    method: init.method ?? "GET",
    headers: init.headers ?? {},
    ...(body ? { body } : {}),
    timeoutMs: 30_000,
  });
  return new Response(new Uint8Array(r.body), { status: r.status });
}

export function runtimeScenarios(
  runtime: string,
  start: () => Promise<Endpoint>,
  options: ScenarioOptions = {},
): void {
  const mode = options.bidirectional ? "BIDI_STREAM" : "REQUEST_RESPONSE";
  describe(`${runtime}: the example endpoint through createFetchHandler`, () => {
    let served: Endpoint;
    let env: RestateEnv;
    const call = (path: string, body?: unknown) => ok(env.ingressUrl, path, body);

    beforeAll(async () => {
      served = await start();
      env = await startRestate({ endpointUrl: served.url, http1: !options.bidirectional });
    }, 120_000);
    afterAll(async () => {
      await env?.stop();
      await served?.stop();
    });

    it(`declares ${mode} in its manifest`, async () => {
      const r = await direct(
        served.url,
        "/discover",
        { headers: { accept: "application/vnd.restate.endpointmanifest.v3+json" } },
        options.bidirectional === true,
      );
      expect(r.status).toBe(200);
      const manifest = (await r.json()) as { protocolMode: string; services: { name: string }[] };
      expect(manifest.protocolMode).toBe(mode);
      expect(manifest.services.map((s) => s.name)).toContain("Greeter");
    });

    it("answers a service call", async () => {
      expect(await call("Greeter/greet", "Ada")).toBe("Hello, Ada!");
    });

    it("keeps object state across calls", async () => {
      const key = unique("c");
      expect(await call(`Counter/${key}/add`, 2)).toBe(2);
      expect(await call(`Counter/${key}/add`, 3)).toBe(5);
      expect(await call(`Counter/${key}/current`)).toBe(5);
    });

    it("suspends on a sleep and resumes after it", async () => {
      expect(await call("Waiter/nap", 500)).toBe("rested");
    });

    it("resumes an awakeable resolved from the ingress", async () => {
      const box = unique("box");
      const waiting = send(env.ingressUrl, "Waiter/approval", box);
      const id = await until(
        () => call(`Mailbox/${box}/get`),
        (v) => v !== null,
      );
      const resolved = await fetch(`${env.ingressUrl}/restate/awakeables/${id}/resolve`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify("ops"),
      });
      expect(resolved.status).toBe(202);
      expect((await attach(env.ingressUrl, await waiting)).body).toBe("approved by ops");
    });

    it("runs a workflow to the end once its durable promise is resolved", async () => {
      const key = unique("wf");
      await send(env.ingressUrl, `Signup/${key}/run`, "ann@example.com");
      expect(await call(`Signup/${key}/verify`, "1234")).toBe("ok");
      const r = await fetch(`${env.ingressUrl}/restate/workflow/Signup/${key}/attach`);
      expect(r.status).toBe(200);
      expect(await r.json()).toBe("ann@example.com verified with 1234");
    });

    it("calls one service from another", async () => {
      expect(await call("Caller/greetTwice", "Bo")).toBe("Hello, Bo! Hello, Bo again!");
    });

    it("fails with a TerminalError at once", async () => {
      const r = await ingress(env.ingressUrl, "Failures/refuse", "no reason");
      expect(r.status).toBe(409);
      expect(r.text).toContain("refused: no reason");
    });

    it("retries a plain error until the handler succeeds", async () => {
      expect(await call("Failures/flaky", unique("f"))).toBe("succeeded on attempt 3");
    });

    it("answers bad input like the Fastify adapter and keeps serving", async () => {
      const post = (path: string, contentType: string, body: Uint8Array | string) =>
        direct(
          served.url,
          path,
          { method: "POST", headers: { "content-type": contentType }, body },
          options.bidirectional === true,
        );
      const cut = await post("/invoke/Greeter/greet", V6, invocation("Ada").subarray(0, 20));
      const frames = framesOf(new Uint8Array(await cut.arrayBuffer()));
      expect(frames.map((f) => f.type)).toEqual([MessageType.Error]);
      expect((decodeMessage(MessageType.Error, frames[0]!.payload) as { code: number }).code).toBe(
        571,
      );

      const wrongType = await post("/invoke/Greeter/greet", "application/json", '"x"');
      expect(wrongType.status).toBe(415);
      expect(((await wrongType.json()) as { message: string }).message).toMatch(
        /invocation\.v5 to v7/,
      );

      const unknown = await post("/nowhere", V6, invocation("Ada"));
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { code: string }).code).toBe("RES_ERR_UNKNOWN_HANDLER");

      const noHandler = await post("/invoke/Greeter/nope", V6, invocation("Ada"));
      expect(noHandler.status).toBe(404);
      expect(((await noHandler.json()) as { message: string }).message).toMatch(
        /has no handler "nope"/,
      );

      const tooLarge = await post(
        "/invoke/Greeter/greet",
        V6,
        invocation("y".repeat(MAX_MESSAGE_SIZE + 1024)),
      );
      const refused = framesOf(new Uint8Array(await tooLarge.arrayBuffer()));
      expect(refused.map((f) => f.type)).toEqual([MessageType.Error]);
      const error = decodeMessage(MessageType.Error, refused[0]!.payload) as {
        code: number;
        message: string;
      };
      expect(error.code).toBe(571);
      expect(error.message).toContain(`maximum message size of ${MAX_MESSAGE_SIZE} bytes`);

      if (served.alive) expect(served.alive()).toBe(true);
      expect(await call("Greeter/greet", "Eve")).toBe("Hello, Eve!");
    });
  });
}
