// A handler marked with options (handlers.*) declares what the function declares: its arity
// (tools tell handlers that take input from those that do not by it) and its name.
import { describe, expect, it } from "vitest";
import { handlerMark, markHandler } from "../../src/context/handler-options.js";
import { handlers } from "../../src/index.js";

describe("markHandler", () => {
  it("keeps the arity of the function it marks", () => {
    const none = async (_ctx: unknown) => 1;
    const one = async (_ctx: unknown, input: number) => input;
    expect(markHandler(none, "shared", {}).length).toBe(1);
    expect(markHandler(one, undefined, {}).length).toBe(2);
    expect(markHandler(async () => 0, undefined, {}).length).toBe(0);
  });

  it("keeps the name, attaches kind and options, and still calls through", async () => {
    async function current(_ctx: unknown, input: number) {
      return input + 1;
    }
    const marked = markHandler(current, "shared", { description: "d" });
    expect(marked.name).toBe("current");
    expect(handlerMark(marked)).toEqual({ kind: "shared", options: { description: "d" } });
    expect(await marked({}, 1)).toBe(2);
    expect(marked).not.toBe(current); // the user's function is left unmarked
    expect(handlerMark(current)).toBeUndefined();
  });

  it("handlers.* helpers keep the arity too", () => {
    expect(handlers.object.shared(async (_ctx) => 0).length).toBe(1);
    expect(handlers.object.exclusive(async (_ctx, n: number) => n).length).toBe(2);
    expect(handlers.handler({ description: "x" }, async (_ctx) => 0).length).toBe(1);
    expect(handlers.workflow.shared(async (_ctx, s: string) => s).length).toBe(2);
  });
});
