// Request identity, logging and hooks reach the fetch handler exactly as they reach serve().
import { type Context, endpoint, type LogSink, service } from "@resolute/core";
import { describe, expect, it } from "vitest";
import { serverKey } from "../../core/test/support/server-key.js";
import { createFetchHandler } from "../src/index.js";
import { framesOf, invocation, MessageType, V6 } from "./support/frames.js";

const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (ctx: Context, name: string) => {
      ctx.console.info("greeting", name);
      return `Hello, ${name}!`;
    },
  },
});
const url = (path: string) => `http://endpoint.test${path}`;
const post = (path: string, headers: Record<string, string> = {}) =>
  new Request(url(path), {
    method: "POST",
    headers: { "content-type": V6, ...headers },
    body: invocation("Ada"),
  });

describe("createFetchHandler with endpoint features", () => {
  it("accepts only requests signed by a trusted key; /health stays open", async () => {
    const trusted = serverKey();
    const other = serverKey();
    const handle = createFetchHandler(endpoint().bind(greeter).withIdentityV1(trusted.kid));
    const path = "/invoke/Greeter/greet";

    const unsigned = await handle(post(path));
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { code: string }).code).toBe("RES_ERR_UNAUTHORIZED");
    expect((await handle(post(path, other.signed(path)))).status).toBe(401);

    const ok = await handle(post(path, trusted.signed(path)));
    expect(ok.status).toBe(200);
    const frames = framesOf(new Uint8Array(await ok.arrayBuffer()));
    expect(frames.map((f) => f.type)).toEqual([MessageType.OutputCommand, MessageType.End]);
    expect((await handle(new Request(url("/health")))).status).toBe(200);
  });

  it("writes ctx.console through the logger option", async () => {
    const lines: unknown[][] = [];
    const logger: LogSink = { log: (level, c, args) => lines.push([level, c.handler, ...args]) };
    const handle = createFetchHandler(endpoint().bind(greeter), { logger });
    await (await handle(post("/invoke/Greeter/greet"))).arrayBuffer();
    expect(lines).toEqual([["info", "greet", "greeting", "Ada"]]);
  });

  it("runs the endpoint's hooks around each attempt", async () => {
    const seen: string[] = [];
    const ep = endpoint()
      .bind(greeter)
      .withHooks(({ request }) => ({
        interceptor: {
          handler: async (next) => {
            seen.push(`before ${request.id}`);
            await next();
            seen.push("after");
          },
        },
      }));
    const handle = createFetchHandler(ep, { logger: { log() {} } });
    await (await handle(post("/invoke/Greeter/greet"))).arrayBuffer();
    expect(seen).toEqual(["before inv_test", "after"]);
  });
});
