// Type-checked by e2e/packaging.test.ts in a consumer project outside the workspace, against
// the packed packages' declarations, with skipLibCheck off and without zod installed; twice,
// with fastify installed and without it (this file uses serve() only, which needs no Fastify).
import { connect } from "@resolute/client";
import {
  type Context,
  endpoint,
  handlers,
  type ObjectContext,
  Opts,
  object,
  RetryableError,
  rpc,
  type Serde,
  serde,
  service,
  TerminalError,
} from "@resolute/core";
import {
  type EndpointHandler,
  handlerSerdes,
  type ServableEndpoint,
  splitArgs,
} from "@resolute/core/adapter";
import { encodeFrame, MessageType } from "@resolute/core/protocol";
import { serve } from "@resolute/fastify";
import { createFetchHandler } from "@resolute/fetch";
import { createTestContext } from "@resolute/testing";

const upper: Serde<string> = {
  serialize: (value) => new TextEncoder().encode(value.toUpperCase()),
  deserialize: (bytes) => new TextDecoder().decode(bytes),
};

export const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (ctx: Context, name: string) => {
      const n = await ctx.run("count", () => name.length);
      if (n === 0) throw new TerminalError("empty name", { errorCode: 400 });
      return `Hello ${name}`;
    },
    shout: handlers.handler({ output: upper }, async (_ctx: Context, text: string) => text),
  },
});

export const counter = object({
  name: "Counter",
  handlers: {
    add: async (ctx: ObjectContext<{ count: number }>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      if (count > 100) throw new RetryableError("too many");
      return count;
    },
  },
});

const ep = endpoint().bind(greeter).bind(counter);
const servable: ServableEndpoint = ep;
const handler: EndpointHandler = servable.handler({ protocolMode: "REQUEST_RESPONSE" });
export const protocolMode: "BIDI_STREAM" | "REQUEST_RESPONSE" = handler.protocolMode;
export const frame: Uint8Array = encodeFrame(MessageType.End, {});
export const jsonSerde: Serde<unknown> = serde.json;
export const outputSerde: Serde<any> = handlerSerdes(greeter, "shout").output;
export const split: unknown = splitArgs([1, rpc.opts({ idempotencyKey: "k" })], Opts).input;

export async function typedCalls(): Promise<number> {
  const rs = connect({ url: "http://localhost:8080" });
  const greeting: string = await rs.serviceClient(greeter).greet("Ann");
  const total: number = await rs.objectClient(counter, "k").add(1);
  const t = createTestContext();
  const fromTest: string = await t.invoke(greeter, "greet", "Ann");
  const served = await serve(ep, { port: 0, host: "127.0.0.1", http1: true, closeTimeout: 1000 });
  const address = served.server.address();
  const port: number = served.port;
  void served.app; // Fastify's instance with fastify installed; `any` without it
  const closing: Promise<void> = served.close();
  await closing;
  const fetchHandler: (request: Request) => Promise<Response> = createFetchHandler(ep);
  void fetchHandler;
  return greeting.length + total + fromTest.length + port + (address === null ? 0 : 1);
}
