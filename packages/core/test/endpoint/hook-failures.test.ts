// A hook that throws (its provider, or its interceptor before running the handler) still ends
// the attempt with a recorded failure: never an attempt left open with no outcome.
import { describe, expect, it } from "vitest";
import { endpoint, service } from "../../src/index.js";
import { invokeOnce, json } from "./invoke-once.js";

const greeter = service({ name: "G", handlers: { hi: async () => "hi" } });

describe("hooks that fail", () => {
  it("a hooks provider that throws fails the attempt, describing what it threw", async () => {
    const ep = endpoint()
      .bind(greeter)
      .withHooks(() => {
        throw Object.create(null);
      });
    const a = await invokeOnce(ep, "/invoke/G/hi", json(null));
    expect(a.error?.message).toMatch(/A hook failed: A non-Error value was thrown/);
  });

  it("an interceptor that throws before calling next fails the attempt", async () => {
    const ep = endpoint()
      .bind(greeter)
      .withHooks(() => ({
        interceptor: {
          handler: async () => {
            throw new Error("tracer down");
          },
        },
      }));
    const a = await invokeOnce(ep, "/invoke/G/hi", json(null));
    expect(a.error?.message).toMatch(/A hook failed: tracer down/);
  });

  it("an interceptor that returns without calling next fails the attempt, saying so", async () => {
    const ep = endpoint()
      .bind(greeter)
      .withHooks(() => ({ interceptor: { handler: async () => {} } }));
    const a = await invokeOnce(ep, "/invoke/G/hi", json(null));
    expect(a.error?.message).toMatch(/without running the handler/);
  });
});

describe("run interceptors that fail", () => {
  const steps = service({
    name: "R",
    handlers: {
      go: async (ctx) => {
        let p: Promise<number>;
        try {
          p = ctx.run("step", () => 1);
        } catch {
          return "ctx.run threw at once";
        }
        return await p;
      },
    },
  });

  it("a run interceptor that throws synchronously fails the attempt after ctx.run returned", async () => {
    const ep = endpoint()
      .bind(steps)
      .withHooks(() => ({
        interceptor: {
          run: () => {
            throw new Error("run tracer down");
          },
        },
      }));
    const a = await invokeOnce(ep, "/invoke/R/go", json(null));
    expect(a.error?.message).toContain("run tracer down");
    expect(a.frames.some((f) => f.type === 0x0005)).toBe(false); // no ProposeRunCompletion
  });
});
