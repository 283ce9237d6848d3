// createFetchHandler() against the real core, with web-standard Request/Response objects only.
import { type Context, endpoint, service, TerminalError } from "@resolute/core";
import type { BodySink, ServableEndpoint } from "@resolute/core/adapter";
import { describe, expect, it } from "vitest";
import { createFetchHandler } from "../src/index.js";
import { decodeMessage, framesOf, invocation, MessageType, V6 } from "./support/frames.js";

const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (_ctx: Context, name: string) => `Hello, ${name}!`,
    refuse: async (_ctx: Context) => {
      throw new TerminalError("not today", { errorCode: 409 });
    },
  },
});

const handle = createFetchHandler(endpoint().bind(greeter));
const url = (path: string) => `http://endpoint.test${path}`;
const discoverAccept = "application/vnd.restate.endpointmanifest.v3+json";

async function invoke(path: string, body: Uint8Array | ReadableStream<Uint8Array>) {
  const response = await handle(
    new Request(url(path), {
      method: "POST",
      headers: { "content-type": V6 },
      body,
      // Node requires this for a streamed request body.
      ...({ duplex: "half" } as object),
    }),
  );
  return {
    status: response.status,
    frames: framesOf(new Uint8Array(await response.arrayBuffer())),
  };
}

describe("createFetchHandler", () => {
  it("declares REQUEST_RESPONSE by default and BIDI_STREAM when asked", async () => {
    const get = (h: typeof handle) =>
      h(new Request(url("/discover"), { headers: { accept: discoverAccept } }));
    const rr = await get(handle);
    expect(rr.status).toBe(200);
    expect(rr.headers.get("content-type")).toBe(discoverAccept);
    const manifest = (await rr.json()) as { protocolMode: string; services: { name: string }[] };
    expect(manifest.protocolMode).toBe("REQUEST_RESPONSE");
    expect(manifest.services.map((s) => s.name)).toEqual(["Greeter"]);
    const bidi = createFetchHandler(endpoint().bind(greeter), { bidirectional: true });
    expect(((await (await get(bidi)).json()) as { protocolMode: string }).protocolMode).toBe(
      "BIDI_STREAM",
    );
  });

  it("answers /health, also behind a prefix and with a query string", async () => {
    const r = await handle(new Request(url("/restate/health?probe=1")));
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("OK");
  });

  it("runs an invocation: Output then End", async () => {
    const r = await invoke("/invoke/Greeter/greet", invocation("Ada"));
    expect(r.status).toBe(200);
    expect(r.frames.map((f) => f.type)).toEqual([MessageType.OutputCommand, MessageType.End]);
    const output = decodeMessage(MessageType.OutputCommand, r.frames[0]!.payload) as {
      value: Uint8Array;
    };
    expect(new TextDecoder().decode(output.value)).toBe('"Hello, Ada!"');
  });

  it("takes a body that arrives in many small chunks", async () => {
    const bytes = invocation("Grace");
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (let at = 0; at < bytes.length; at += 3) {
          controller.enqueue(bytes.slice(at, at + 3));
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        controller.close();
      },
    });
    const r = await invoke("/invoke/Greeter/greet", stream);
    const output = decodeMessage(MessageType.OutputCommand, r.frames[0]!.payload) as {
      value: Uint8Array;
    };
    expect(new TextDecoder().decode(output.value)).toBe('"Hello, Grace!"');
  });

  it("writes a TerminalError as the invocation's failed output", async () => {
    const r = await invoke("/invoke/Greeter/refuse", invocation(null));
    const output = decodeMessage(MessageType.OutputCommand, r.frames[0]!.payload) as {
      failure: { code: number; message: string };
    };
    expect(output.failure).toMatchObject({ code: 409, message: "not today" });
  });

  it("answers a body cut short with a protocol violation (571)", async () => {
    const r = await invoke("/invoke/Greeter/greet", invocation("Ada").subarray(0, 20));
    expect(r.frames.map((f) => f.type)).toEqual([MessageType.Error]);
    const error = decodeMessage(MessageType.Error, r.frames[0]!.payload) as { code: number };
    expect(error.code).toBe(571);
  });

  it("refuses a wrong content type (415) and an unknown path (404), then keeps serving", async () => {
    const wrong = await handle(
      new Request(url("/invoke/Greeter/greet"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '"x"',
      }),
    );
    expect(wrong.status).toBe(415);
    expect(((await wrong.json()) as { message: string }).message).toMatch(/invocation\.v5 to v7/);
    const unknown = await handle(new Request(url("/nowhere"), { method: "POST", body: "x" }));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe("RES_ERR_UNKNOWN_HANDLER");
    const noService = await invoke("/invoke/Nope/greet", invocation("x"));
    expect(noService.status).toBe(404);
    const again = await invoke("/invoke/Greeter/greet", invocation("Ada"));
    expect(again.frames.map((f) => f.type)).toEqual([MessageType.OutputCommand, MessageType.End]);
  });

  it("tells the core when the request body breaks off", async () => {
    const seen: string[] = [];
    const fake: ServableEndpoint = {
      handler: () => ({
        protocolMode: "REQUEST_RESPONSE",
        handle(_head, res): BodySink {
          res.head(200, { "content-type": V6 });
          return {
            push: (c) => seen.push(`push ${c.length}`),
            end: () => seen.push("end"),
            abort: () => seen.push("abort"),
          };
        },
      }),
    };
    let fail!: (e: Error) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(4));
        fail = (e) => controller.error(e);
      },
    });
    const response = await createFetchHandler(fake)(
      new Request(url("/invoke/A/b"), { method: "POST", body, ...({ duplex: "half" } as object) }),
    );
    expect(response.status).toBe(200);
    fail(new Error("reset"));
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect(seen).toEqual(["push 4", "abort"]);
  });

  it("tells the core when the peer stops reading a streamed response", async () => {
    const seen: string[] = [];
    let write!: (chunk: Uint8Array) => void;
    const fake: ServableEndpoint = {
      handler: () => ({
        protocolMode: "BIDI_STREAM",
        handle(_head, res): BodySink {
          res.head(200, { "content-type": V6 });
          write = (c) => res.write(c);
          return {
            push: () => seen.push("push"),
            end: () => seen.push("end"),
            abort: () => seen.push("abort"),
          };
        },
      }),
    };
    const response = await createFetchHandler(fake, { bidirectional: true })(
      new Request(url("/invoke/A/b"), { method: "POST", body: new Uint8Array(2) }),
    );
    write(new Uint8Array([1, 2, 3]));
    const reader = response.body!.getReader();
    expect((await reader.read()).value).toEqual(new Uint8Array([1, 2, 3]));
    await reader.cancel(new Error("gone"));
    expect(seen.at(-1)).toBe("abort");
    write(new Uint8Array([4])); // dropped: nothing reads any more, and nothing throws
  });

  it("answers 500 when the core throws before taking the request", async () => {
    const broken: ServableEndpoint = {
      handler: () => ({
        protocolMode: "REQUEST_RESPONSE",
        handle() {
          throw new Error("boom");
        },
      }),
    };
    const r = await createFetchHandler(broken)(new Request(url("/discover")));
    expect(r.status).toBe(500);
    expect(await r.json()).toEqual({ message: "boom" });
  });
});
