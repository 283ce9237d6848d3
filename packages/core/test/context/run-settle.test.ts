// When a ctx.run closure's result is proposed. A plain value is proposed inside ctx.run (no
// microtask in between: one less per step); a promise, a thenable, or a closure that throws
// settles after ctx.run returned, as `await` would.
import { describe, expect, it } from "vitest";
import { type Context, endpoint, service, TerminalError } from "../../src/index.js";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { invokeOnce, json } from "../endpoint/invoke-once.js";

const names = (frames: { type: number }[]) =>
  frames.map((f) =>
    f.type === M.RunCommand
      ? "Run"
      : f.type === M.ProposeRunCompletion
        ? "Propose"
        : f.type === M.Suspension
          ? "Suspension"
          : f.type === M.Error
            ? "Error"
            : String(f.type),
  );

async function call(handler: (ctx: Context) => Promise<unknown>) {
  const ep = endpoint().bind(service({ name: "S", handlers: { h: handler } }));
  return invokeOnce(ep, "/invoke/S/h", json(null));
}

describe("ctx.run proposes its result", () => {
  it("a plain value at once, before the handler's next command", async () => {
    const a = await call(async (ctx) => {
      const one = ctx.run("one", () => 1);
      const two = ctx.run("two", async () => 2);
      const three = ctx.run("three", () => 3);
      return (await one) + (await two) + (await three);
    });
    // "two" returned a promise: its proposal comes after ctx.run returned, past "three".
    expect(names(a.frames)).toEqual([
      "Run",
      "Propose",
      "Run",
      "Run",
      "Propose",
      "Propose",
      "Suspension",
    ]);
    const proposals = a.frames.filter((f) => f.type === M.ProposeRunCompletion);
    expect(
      proposals.map((f) => [
        f.msg.resultCompletionId,
        new TextDecoder().decode(f.msg.value as Uint8Array),
      ]),
    ).toEqual([
      [1, "1"],
      [3, "3"],
      [2, "2"],
    ]);
  });

  it("a closure that throws at once fails the attempt after ctx.run returned", async () => {
    const seen: string[] = [];
    const a = await call(async (ctx) => {
      const p = ctx.run("boom", () => {
        throw new Error("boom at once");
      });
      seen.push("ctx.run returned");
      await p;
    });
    expect(seen).toEqual(["ctx.run returned"]);
    expect(a.error?.message).toContain("boom at once");
  });

  it("a thenable whose `then` getter throws fails the attempt, as `await` would", async () => {
    const a = await call(async (ctx) =>
      ctx.run("odd", () => ({
        // biome-ignore lint/suspicious/noThenProperty: a thenable that breaks, on purpose
        get then() {
          throw new Error("then getter exploded");
        },
      })),
    );
    expect(a.error?.message).toContain("then getter exploded");
    expect(a.frames.some((f) => f.type === M.ProposeRunCompletion)).toBe(false);
  });

  it("a thenable's value is adopted and proposed", async () => {
    // biome-ignore lint/suspicious/noThenProperty: the closure returns a thenable on purpose
    const thenable = { then: (resolve: (v: number) => void) => resolve(42) };
    const a = await call(async (ctx) =>
      ctx.run("thenable", () => thenable as unknown as Promise<number>),
    );
    const proposal = a.frames.find((f) => f.type === M.ProposeRunCompletion);
    expect(new TextDecoder().decode(proposal?.msg.value as Uint8Array)).toBe("42");
  });

  it("a TerminalError thrown at once is proposed as the run's failure", async () => {
    const a = await call(async (ctx) =>
      ctx.run("t", () => {
        throw new TerminalError("no", { errorCode: 409 });
      }),
    );
    const proposal = a.frames.find((f) => f.type === M.ProposeRunCompletion);
    expect(proposal?.msg.failure).toMatchObject({ code: 409, message: "no" });
    expect(a.error).toBeUndefined();
  });
});
