// Hooks around handler attempts and ctx.run closures, configured per service and per handler.
import { type Context, endpoint, type HooksProvider, handlers, service } from "@resolute/core";
import { encodeFrame, MessageType } from "@resolute/core/protocol";
import { describe, expect, it } from "vitest";
import { createTestContext } from "../src/unit/test-context.js";

/** Logs into one list per attempt (attempts may overlap in time: the next can start first). */
function recorder(label: string, attempts: string[][]): HooksProvider {
  let n = 0;
  return ({ request }) => {
    const index = n++;
    attempts[index] ??= [];
    const log = attempts[index];
    return {
      interceptor: {
        handler: async (next) => {
          log.push(`${label}:attempt-start:${request.id.startsWith("inv_") ? "id" : "?"}`);
          try {
            await next();
            log.push(`${label}:attempt-end`);
          } catch (e) {
            log.push(`${label}:attempt-error:${(e as Error).message}`);
            throw e;
          }
        },
        run: async (name, next) => {
          log.push(`${label}:run-start:${name}`);
          await next().catch((e) => {
            log.push(`${label}:run-error:${(e as Error).message}`);
            throw e;
          });
          log.push(`${label}:run-end:${name}`);
        },
      },
    };
  };
}

describe("hooks", () => {
  it("wrap every attempt and every run execution, service hooks outside handler hooks", async () => {
    const log: string[][] = [];
    let fail = true;
    const svc = service({
      name: "Hooked",
      options: { hooks: [recorder("svc", log)] },
      handlers: {
        go: handlers.handler({ hooks: [recorder("h", log)] }, async (ctx: Context) => {
          await ctx.run("step", () => {
            if (fail) {
              fail = false;
              throw new Error("flaky");
            }
            return 1;
          });
          return "ok";
        }),
      },
    });
    const t = createTestContext();
    expect(await t.invoke(svc, "go")).toBe("ok");
    await t.idle(); // the last attempt's hooks settle just after its response
    // attempt 1: the run fails (retryable) and fails the attempt; attempt 2: the run succeeds and
    // the attempt suspends waiting for its completion; attempt 3 replays it and returns.
    expect(log).toEqual([
      [
        "svc:attempt-start:id",
        "h:attempt-start:id",
        "svc:run-start:step",
        "h:run-start:step",
        "h:run-error:flaky",
        "svc:run-error:flaky",
        "h:attempt-error:flaky",
        "svc:attempt-error:flaky",
      ],
      [
        "svc:attempt-start:id",
        "h:attempt-start:id",
        "svc:run-start:step",
        "h:run-start:step",
        "h:run-end:step",
        "svc:run-end:step",
        "h:attempt-end",
        "svc:attempt-end",
      ],
      ["svc:attempt-start:id", "h:attempt-start:id", "h:attempt-end", "svc:attempt-end"],
    ]);
  });

  it("see the handler's terminal error", async () => {
    const log: string[][] = [];
    const svc = service({
      name: "HookedFail",
      options: { hooks: [recorder("svc", log)] },
      handlers: {
        go: async () => {
          throw new Error("boom");
        },
      },
    });
    const t = createTestContext({ maxAttempts: 1 });
    await expect(t.invoke(svc, "go")).rejects.toThrow(/boom/);
    await t.idle();
    expect(log).toEqual([["svc:attempt-start:id", "svc:attempt-error:boom"]]);
  });
});

describe("endpoint hooks", () => {
  it("wrap the hooks of services and handlers", async () => {
    const order: string[] = [];
    // The outermost hook finishes just after the response ends: the test waits for it.
    let outermostDone!: () => void;
    const settled = new Promise<void>((resolve) => {
      outermostDone = resolve;
    });
    const named =
      (label: string): HooksProvider =>
      () => ({
        interceptor: {
          handler: async (next) => {
            order.push(`${label} in`);
            await next();
            order.push(`${label} out`);
            if (label === "endpoint") outermostDone();
          },
        },
      });
    const svc = service({
      name: "Layered",
      options: { hooks: [named("service")] },
      handlers: { go: handlers.handler({ hooks: [named("handler")] }, async () => "ok") },
    });
    const ep = endpoint().bind(svc).withHooks(named("endpoint"));
    const frames = [
      encodeFrame(MessageType.Start, {
        id: new Uint8Array(24),
        debugId: "inv_hooks",
        knownEntries: 1,
      }),
      encodeFrame(MessageType.InputCommand, {}),
    ];
    await new Promise<void>((resolve) => {
      const body = ep.handler({ protocolMode: "REQUEST_RESPONSE" }).handle(
        {
          method: "POST",
          path: "/invoke/Layered/go",
          headers: { "content-type": "application/vnd.restate.invocation.v6" },
        },
        { head() {}, write() {}, end: () => resolve() },
      );
      for (const f of frames) body.push(f);
      body.end();
    });
    await settled;
    expect(order).toEqual([
      "endpoint in",
      "service in",
      "handler in",
      "handler out",
      "service out",
      "endpoint out",
    ]);
  });
});
