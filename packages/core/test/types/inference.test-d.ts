// Type tests, checked by `tsc -p tsconfig.test.json` (part of `pnpm test`): a regression in
// inference fails the build. Vitest does not run this file (`.test-d.ts`).
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  type Context,
  handlers,
  type InferState,
  type InvocationHandle,
  type InvocationPromise,
  type ObjectContext,
  type Opts,
  object,
  RestatePromise,
  rpc,
  service,
  type WorkflowContext,
  workflow,
} from "../../src/index.js";

const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (_ctx: Context, name: string) => `Hello ${name}`,
    noInput: async (_ctx: Context) => 42,
    register: handlers.handler(
      { input: z.object({ email: z.email() }), output: z.string() },
      async (_ctx, user) => user.email,
    ),
  },
});

const counter = object({
  name: "Counter",
  handlers: {
    add: async (ctx: ObjectContext<{ count: number }>, n: number) => {
      const c = (await ctx.get("count")) ?? 0;
      ctx.set("count", c + n);
      return { count: c + n };
    },
  },
});

const flow = workflow({
  name: "Flow",
  handlers: {
    run: async (_ctx: WorkflowContext, email: string) => email.length > 3,
  },
});

declare const ctx: Context;

describe("inference", () => {
  it("definitions keep their names and handler signatures", () => {
    expectTypeOf(greeter.name).toEqualTypeOf<"Greeter">();
    expectTypeOf(counter.kind).toEqualTypeOf<"object">();
  });

  it("service clients are typed by the handlers' input and output", () => {
    const c = ctx.serviceClient(greeter);
    expectTypeOf(c.greet).parameters.toEqualTypeOf<[name: string, opts?: Opts]>();
    expectTypeOf(c.greet("x")).toEqualTypeOf<InvocationPromise<string>>();
    expectTypeOf(c.noInput()).toEqualTypeOf<InvocationPromise<number>>();
    expectTypeOf(c.register({ email: "a@b.c" })).toEqualTypeOf<InvocationPromise<string>>();
    // @ts-expect-error wrong input type
    c.greet(1);
    // @ts-expect-error no such handler
    c.nope;
  });

  it("object and workflow clients, and send clients returning handles", () => {
    expectTypeOf(ctx.objectClient(counter, "k").add(1)).toEqualTypeOf<
      InvocationPromise<{ count: number }>
    >();
    expectTypeOf(ctx.workflowClient(flow, "k").run("e")).toEqualTypeOf<
      InvocationPromise<boolean>
    >();
    expectTypeOf(
      ctx.objectSendClient(counter, "k").add(1, rpc.sendOpts({ delay: 10 })),
    ).toEqualTypeOf<InvocationHandle>();
  });

  it("a definition can be referenced by type only", () => {
    const c = ctx.serviceClient<typeof greeter>({ name: "Greeter" });
    expectTypeOf(c.greet("x")).toEqualTypeOf<InvocationPromise<string>>();
  });

  it("state is typed by the object context's state shape", async () => {
    const octx = {} as ObjectContext<{ count: number; name: string }>;
    expectTypeOf(octx.get("count")).toEqualTypeOf<Promise<number | null>>();
    // @ts-expect-error unknown state key
    octx.get("missing");
    // @ts-expect-error wrong value type
    octx.set("count", "x");
  });

  it("untyped state works like the official SDK: the value type per call", () => {
    const u = {} as ObjectContext;
    expectTypeOf(u.get<number>("anything")).toEqualTypeOf<Promise<number | null>>();
    u.set<string>("k", "v");
    u.clear("k");
    // @ts-expect-error the value must match the given type
    u.set<string>("k", 1);
  });

  it("signals, invocation references and constant promises", () => {
    expectTypeOf(ctx.signal<string>("s")).toEqualTypeOf<RestatePromise<string>>();
    const ref = ctx.invocation("inv_1");
    ref.signal<number>("n").resolve(1);
    // @ts-expect-error the payload type is the signal's
    ref.signal<number>("n").resolve("x");
    expectTypeOf(ref.attach<boolean>()).toEqualTypeOf<RestatePromise<boolean>>();
    expectTypeOf(RestatePromise.resolve(3)).toEqualTypeOf<RestatePromise<number>>();
  });

  it("state types can be inferred from per-key schemas", () => {
    const state = { count: z.number(), since: z.date() };
    type S = InferState<typeof state>;
    expectTypeOf<S>().toEqualTypeOf<{ count: number; since: Date }>();
    const sctx = {} as ObjectContext<S>;
    expectTypeOf(sctx.get("since")).toEqualTypeOf<Promise<Date | null>>();
  });

  it("context operations return durable promises", () => {
    expectTypeOf(ctx.run("x", () => 1)).toEqualTypeOf<RestatePromise<number>>();
    expectTypeOf(ctx.sleep(10)).toEqualTypeOf<RestatePromise<void>>();
    expectTypeOf(ctx.awakeable<string>().promise).toEqualTypeOf<RestatePromise<string>>();
  });
});
