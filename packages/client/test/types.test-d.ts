// Type tests of the ingress client, checked by `tsc -p tsconfig.test.json`.
import {
  type Context,
  type ObjectContext,
  object,
  rpc,
  service,
  type WorkflowContext,
  type WorkflowSharedContext,
  workflow,
} from "@resolute/core";
import { describe, expectTypeOf, it } from "vitest";
import { connect, type Send } from "../src/index.js";

const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (_ctx: Context, name: string) => `Hello ${name}`,
    ping: async (_ctx: Context) => 1,
  },
});
const counter = object({
  name: "Counter",
  handlers: { add: async (_ctx: ObjectContext<{ n: number }>, n: number) => ({ total: n }) },
});
const flow = workflow({
  name: "Flow",
  handlers: {
    run: async (_ctx: WorkflowContext, email: string) => email.length,
    poke: async (_ctx: WorkflowSharedContext, note: string) => note === "x",
  },
});

const rs = connect({ url: "http://localhost:8080" });

describe("ingress client types", () => {
  it("infers inputs and outputs from definitions", () => {
    expectTypeOf(rs.serviceClient(greeter).greet("a")).toEqualTypeOf<Promise<string>>();
    expectTypeOf(rs.serviceClient(greeter).ping()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(
      rs.objectClient(counter, "k").add(1, rpc.opts({ idempotencyKey: "i" })),
    ).toEqualTypeOf<Promise<{ total: number }>>();
    expectTypeOf(rs.serviceSendClient(greeter).greet("a")).toEqualTypeOf<Promise<Send<string>>>();
    // @ts-expect-error wrong input
    rs.serviceClient(greeter).greet(2);
  });

  it("types workflows: submit, attach, output and shared handlers", () => {
    const wf = rs.workflowClient(flow, "k");
    expectTypeOf(wf.workflowSubmit("a@b.c")).toEqualTypeOf<Promise<Send<number>>>();
    expectTypeOf(wf.workflowAttach()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(wf.workflowOutput()).toEqualTypeOf<Promise<number>>();
    expectTypeOf(wf.poke("x")).toEqualTypeOf<Promise<boolean>>();
    // @ts-expect-error run takes a string
    wf.workflowSubmit(1);
  });

  it("accepts a type-only reference", () => {
    expectTypeOf(rs.serviceClient<typeof greeter>({ name: "Greeter" }).greet("a")).toEqualTypeOf<
      Promise<string>
    >();
    expectTypeOf(
      rs.workflowClient<typeof flow>({ name: "Flow" }, "k").workflowAttach(),
    ).toEqualTypeOf<Promise<number>>();
  });

  it("takes timeouts as a Duration, ms or null, and keeps types through withOptions", () => {
    connect({ url: ["http://a", "http://b"], timeout: { seconds: 5 }, resultTimeout: null });
    const view = rs.withOptions({ resultTimeout: 60_000, signal: new AbortController().signal });
    expectTypeOf(view.serviceClient(greeter).greet("a")).toEqualTypeOf<Promise<string>>();
    // @ts-expect-error a string is not a Duration
    connect({ url: "http://a", timeout: "5s" });
  });

  it("types results of handles", async () => {
    const h = await rs.serviceSendClient(greeter).greet("a");
    expectTypeOf(rs.result(h)).toEqualTypeOf<Promise<string>>();
  });
});
