// ctx.console goes through Fastify's pino logger, with the invocation's coordinates as fields.
import { Writable } from "node:stream";
import { type Context, endpoint, service } from "@resolute/core";
import { encodeFrame, MessageType } from "@resolute/core/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { type Served, serve } from "../src/index.js";
import { h2answer, h2connect, h2open } from "./support/clients.js";

const chatty = service({
  name: "Chatty",
  handlers: {
    talk: async (ctx: Context, who: string) => {
      ctx.console.info("hello %s", who);
      return "ok";
    },
  },
});

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe("logging", () => {
  it("writes ctx.console lines through pino with service, handler and invocation id", async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(JSON.parse(chunk.toString()));
        cb();
      },
    });
    served = await serve(endpoint().bind(chatty), { port: 0, logger: { level: "info", stream } });
    const session = h2connect(served.port);
    const req = h2open(session, "/invoke/Chatty/talk", {
      "content-type": "application/vnd.restate.invocation.v6",
    });
    req.end(
      Buffer.concat([
        encodeFrame(MessageType.Start, {
          id: new Uint8Array(24),
          debugId: "inv_log1",
          knownEntries: 1,
        }),
        encodeFrame(MessageType.InputCommand, { value: new TextEncoder().encode('"Ann"') }),
      ]),
    );
    const answer = await h2answer(req);
    session.close();
    expect(answer.status).toBe(200);
    const line = lines.find((l) => l.msg === "hello Ann");
    expect(line).toMatchObject({
      level: 30,
      service: "Chatty",
      handler: "talk",
      invocationId: "inv_log1",
    });
  });
});
