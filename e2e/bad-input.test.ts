// Bad input straight to the endpoint (as a misbehaving server or a stray client would send it):
// each gets a clear error, and the endpoint keeps serving real invocations.

import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeMessage, encodeFrame } from "../packages/core/src/protocol/codec.js";
import { MessageType } from "../packages/core/src/protocol/message-type.js";
import { h2request } from "./support/h2.js";
import { ok } from "./support/ingress.js";
import { e2eEndpoint } from "./support/services.js";

const V6 = "application/vnd.restate.invocation.v6";
let env: RestateEnv;
let base: string;

beforeAll(async () => {
  env = await startRestate({ endpoint: e2eEndpoint() });
  base = env.endpointUrl!;
});
afterAll(async () => {
  await env?.stop();
});

function frames(...fs: Uint8Array[]): Uint8Array {
  return Uint8Array.from(fs.flatMap((f) => [...f]));
}

const start = encodeFrame(MessageType.Start, {
  id: new Uint8Array(24).fill(7),
  debugId: "inv_test",
  knownEntries: 1,
});
const input = encodeFrame(MessageType.InputCommand, { value: new TextEncoder().encode('"Bob"') });

/** The frames of a response body: [type, payload]. */
function decodeBody(body: Buffer): { type: number; payload: Buffer }[] {
  const out: { type: number; payload: Buffer }[] = [];
  for (let at = 0; at + 8 <= body.length; ) {
    const len = body.readUInt32BE(at + 4);
    out.push({ type: body.readUInt16BE(at), payload: body.subarray(at + 8, at + 8 + len) });
    at += 8 + len;
  }
  return out;
}

describe("bad input to the endpoint", () => {
  it("a well-formed invocation is answered with Output and End", async () => {
    const r = await h2request(base, "/invoke/Greeter/greet", {
      headers: { "content-type": V6 },
      body: frames(start, input),
    });
    expect(r.status).toBe(200);
    const types = decodeBody(r.body).map((f) => f.type);
    // RunCommand + ProposeRunCompletion, then the stream closes: nothing more can arrive, so it suspends.
    expect(types).toEqual([
      MessageType.RunCommand,
      MessageType.ProposeRunCompletion,
      MessageType.Suspension,
    ]);
  });

  it("a frame stream cut mid-message gets a protocol violation (571)", async () => {
    const cut = frames(start, input).subarray(0, start.length + 5);
    const r = await h2request(base, "/invoke/Greeter/greet", {
      headers: { "content-type": V6 },
      body: cut,
    });
    const out = decodeBody(r.body);
    expect(out.map((f) => f.type)).toEqual([MessageType.Error]);
    const error = decodeMessage(MessageType.Error, out[0]!.payload) as {
      code: number;
      message: string;
    };
    expect(error.code).toBe(571);
    expect(error.message).toContain("ended before the journal was complete");
  });

  it("an unknown message type gets a protocol violation (571)", async () => {
    const bogus = new Uint8Array([0x7a, 0xbc, 0, 0, 0, 0, 0, 0]);
    const r = await h2request(base, "/invoke/Greeter/greet", {
      headers: { "content-type": V6 },
      body: frames(bogus, start, input),
    });
    const out = decodeBody(r.body);
    expect(out.map((f) => f.type)).toEqual([MessageType.Error]);
    const error = decodeMessage(MessageType.Error, out[0]!.payload) as {
      code: number;
      message: string;
    };
    expect(error.code).toBe(571);
    expect(error.message).toMatch(/unknown message type 0x7abc/);
  });

  it("a wrong content type is refused with 415", async () => {
    const r = await h2request(base, "/invoke/Greeter/greet", {
      headers: { "content-type": "application/json" },
      body: new TextEncoder().encode('"x"'),
    });
    expect(r.status).toBe(415);
    expect(JSON.parse(r.body.toString()).message).toMatch(
      /application\/vnd\.restate\.invocation\.v5 to v7/,
    );
  });

  it("an unknown service or handler is refused with 404 naming what exists", async () => {
    const s = await h2request(base, "/invoke/Nope/greet", {
      headers: { "content-type": V6 },
      body: frames(start, input),
    });
    expect(s.status).toBe(404);
    expect(JSON.parse(s.body.toString()).message).toMatch(/No service "Nope".*Greeter/);
    const h = await h2request(base, "/invoke/Greeter/nope", {
      headers: { "content-type": V6 },
      body: frames(start, input),
    });
    expect(h.status).toBe(404);
    expect(JSON.parse(h.body.toString()).message).toMatch(/has no handler "nope"; it has: greet/);
  });

  it("discovery without an acceptable version is refused with 415", async () => {
    const r = await h2request(base, "/discover", {
      method: "GET",
      headers: { accept: "application/json" },
    });
    expect(r.status).toBe(415);
  });

  it("the endpoint keeps serving real invocations afterwards", async () => {
    expect(await ok(env.ingressUrl, "Greeter/greet", "Carol")).toBe("Hello, Carol!");
    const health = await h2request(base, "/health", { method: "GET" });
    expect(health.status).toBe(200);
  });
});
