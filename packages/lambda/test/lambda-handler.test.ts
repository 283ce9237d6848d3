// createLambdaHandler() with fixture events for each trigger: REST API (v1), HTTP API (v2) and
// function URLs, base64 both ways, and events it must refuse.
import { type Context, endpoint, service } from "@resolute/core";
import { describe, expect, it } from "vitest";
import {
  decodeMessage,
  framesOf,
  invocation,
  MessageType,
  V6,
} from "../../fetch/test/support/frames.js";
import { createLambdaHandler } from "../src/index.js";
import { functionUrlEvent, httpApiEvent, restApiEvent } from "./fixtures/events.js";

const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (_ctx: Context, name: string) => `Hello, ${name}!`,
    huge: async (_ctx: Context, size: number) => "x".repeat(size),
  },
});
const handler = createLambdaHandler(endpoint({ maxMessageSize: 64 * 1024 }).bind(greeter));
const accept = { Accept: "application/vnd.restate.endpointmanifest.v3+json" };
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

function outputOf(result: { body: string; isBase64Encoded: boolean }): string {
  expect(result.isBase64Encoded).toBe(true);
  const frames = framesOf(Buffer.from(result.body, "base64"));
  expect(frames.map((f) => f.type)).toEqual([MessageType.OutputCommand, MessageType.End]);
  const out = decodeMessage(MessageType.OutputCommand, frames[0]!.payload) as { value: Uint8Array };
  return new TextDecoder().decode(out.value);
}

describe("createLambdaHandler", () => {
  it("answers discovery from a REST API (v1) event in request/response mode", async () => {
    const r = await handler(restApiEvent("GET", "/discover", { headers: accept }));
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(false);
    expect(r.headers["content-type"]).toBe(accept.Accept);
    const manifest = JSON.parse(r.body) as { protocolMode: string };
    expect(manifest.protocolMode).toBe("REQUEST_RESPONSE");
  });

  it("runs an invocation from an HTTP API (v2) event with a base64 body", async () => {
    const r = await handler(
      httpApiEvent("POST", "/invoke/Greeter/greet", {
        headers: { "Content-Type": V6 },
        body: b64(invocation("Ada")),
        base64: true,
      }),
    );
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toBe(V6);
    expect(outputOf(r)).toBe('"Hello, Ada!"');
  });

  it("runs an invocation from a REST API (v1) event behind a stage prefix", async () => {
    const event = restApiEvent("POST", "/restate/invoke/Greeter/greet", {
      headers: { "Content-Type": V6 },
      body: b64(invocation("Bob")),
      base64: true,
    });
    expect(outputOf(await handler(event))).toBe('"Hello, Bob!"');
  });

  it("runs an invocation from the event the Restate server sends when it invokes by ARN", async () => {
    // The server's own Lambda client: REST-style fields, lower-case headers, always base64.
    const event = {
      path: "/invoke/Greeter/greet",
      httpMethod: "POST",
      headers: { "content-type": V6, "x-restate-user-agent": "restate-server/1.7.12" },
      body: b64(invocation("Ivy")),
      isBase64Encoded: true,
    };
    expect(outputOf(await handler(event))).toBe('"Hello, Ivy!"');
    const discover = await handler({
      path: "/discover",
      httpMethod: "GET",
      headers: { accept: accept.Accept },
      body: "",
      isBase64Encoded: true,
    });
    expect(JSON.parse(discover.body)).toMatchObject({ protocolMode: "REQUEST_RESPONSE" });
  });

  it("runs an invocation from a function URL event", async () => {
    const r = await handler(
      functionUrlEvent("POST", "/invoke/Greeter/greet", {
        headers: { "content-type": V6 },
        body: b64(invocation("Cleo")),
        base64: true,
      }),
    );
    expect(outputOf(r)).toBe('"Hello, Cleo!"');
    const health = await handler(functionUrlEvent("GET", "/health"));
    expect(health).toMatchObject({ statusCode: 200, body: "OK", isBase64Encoded: false });
  });

  it("refuses an event that is not an HTTP request with a clear 400", async () => {
    for (const event of [{ Records: [{ eventSource: "aws:sqs" }] }, null, "ping"]) {
      const r = await handler(event);
      expect(r.statusCode).toBe(400);
      const error = JSON.parse(r.body) as { code: string; message: string };
      expect(error.code).toBe("RES_ERR_UNSUPPORTED_EVENT");
      expect(error.message).toMatch(/API Gateway .* function URL/);
    }
  });

  it("gives the same answers as the other adapters to bad requests", async () => {
    const unknown = await handler(httpApiEvent("POST", "/nowhere", { body: "x" }));
    expect(unknown.statusCode).toBe(404);
    expect(JSON.parse(unknown.body).code).toBe("RES_ERR_UNKNOWN_HANDLER");
    const wrongType = await handler(
      httpApiEvent("POST", "/invoke/Greeter/greet", {
        headers: { "content-type": "application/json" },
        body: '"x"',
      }),
    );
    expect(wrongType.statusCode).toBe(415);
    const cut = await handler(
      httpApiEvent("POST", "/invoke/Greeter/greet", {
        headers: { "content-type": V6 },
        body: b64(invocation("Ada").subarray(0, 20)),
        base64: true,
      }),
    );
    const frames = framesOf(Buffer.from(cut.body, "base64"));
    expect(frames.map((f) => f.type)).toEqual([MessageType.Error]);
    expect((decodeMessage(MessageType.Error, frames[0]!.payload) as { code: number }).code).toBe(
      571,
    );
  });

  it("refuses a message over maxMessageSize like the other adapters", async () => {
    const r = await handler(
      httpApiEvent("POST", "/invoke/Greeter/greet", {
        headers: { "content-type": V6 },
        body: b64(invocation("y".repeat(100 * 1024))),
        base64: true,
      }),
    );
    const frames = framesOf(Buffer.from(r.body, "base64"));
    expect(frames.map((f) => f.type)).toEqual([MessageType.Error]);
    const error = decodeMessage(MessageType.Error, frames[0]!.payload) as {
      code: number;
      message: string;
    };
    expect(error.code).toBe(571);
    expect(error.message).toMatch(/65536/);
  });

  it("answers a clear 500 instead of a response over Lambda's 6 MB limit", async () => {
    const big = createLambdaHandler(endpoint().bind(greeter));
    const r = await big(
      httpApiEvent("POST", "/invoke/Greeter/huge", {
        headers: { "content-type": V6 },
        body: b64(invocation(5 * 1024 * 1024)),
        base64: true,
      }),
    );
    expect(r.statusCode).toBe(500);
    const error = JSON.parse(r.body) as { code: string; message: string };
    expect(error.code).toBe("RES_ERR_RESPONSE_TOO_LARGE");
    expect(error.message).toMatch(/6291456-byte limit/);
    // And the handler keeps serving.
    const ok = await big(
      httpApiEvent("POST", "/invoke/Greeter/greet", {
        headers: { "content-type": V6 },
        body: b64(invocation("Dan")),
        base64: true,
      }),
    );
    expect(outputOf(ok)).toBe('"Hello, Dan!"');
  });
});
