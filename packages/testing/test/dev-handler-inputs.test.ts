// Which handlers `resolute dev` treats as taking input: read from the code, through the marks
// that `handlers.*` put on handler functions.
import {
  type Context,
  endpoint,
  handlers,
  type ObjectContext,
  object,
  service,
} from "@resolute/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { handlerInputs, takesInput } from "../src/dev/handler-inputs.js";

const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (_ctx: Context, name: string) => `Hello, ${name}!`,
    ping: async (_ctx: Context) => "pong",
    welcome: handlers.handler({ input: z.string() }, async (_ctx, name) => `Welcome, ${name}`),
    // Declares an input it does not read: callers still send one.
    ignores: handlers.handler({ input: z.string() }, async () => "ok"),
    marked: handlers.handler({ description: "no input" }, async (_ctx: Context) => "ok"),
  },
});

const counter = object({
  name: "Counter",
  handlers: {
    add: async (_ctx: ObjectContext, n: number) => n,
    current: handlers.object.shared(async (_ctx) => 0),
    set: handlers.object.exclusive(async (_ctx: ObjectContext, n: number) => n),
  },
});

describe("handlerInputs", () => {
  it("per service and handler: a second parameter or a declared input means input", () => {
    expect(handlerInputs(endpoint().bind(greeter).bind(counter))).toEqual({
      Greeter: { greet: true, ping: false, welcome: true, ignores: true, marked: false },
      Counter: { add: true, current: false, set: true },
    });
  });

  it("says nothing for what is not an endpoint built with endpoint()", () => {
    expect(handlerInputs({ handler() {} })).toBeUndefined();
    expect(handlerInputs(null)).toBeUndefined();
  });

  it("what is not a function takes no input", () => {
    expect(takesInput(undefined)).toBe(false);
  });
});
