// Type tests (checked by `tsc -p tsconfig.test.json`): annotations written with the official
// SDK's type names keep compiling, and mean what Resolute's own types mean.
import { describe, expectTypeOf, it } from "vitest";
import {
  type CallOptions,
  type ClientCallOptions,
  type ClientSendOptions,
  CombineablePromise,
  type Context,
  createObjectHandler,
  createServiceHandler,
  type DefaultServiceOptions,
  type HandlerOptions,
  type InferArg,
  type InvocationId,
  InvocationIdParser,
  type KeyValueStore,
  type ObjectContext,
  type ObjectHandlerOpts,
  object,
  type RemoveVoidArgument,
  type RestateContext,
  type RestateError,
  type RestateObjectContext,
  type RestatePromise,
  type SendOptions,
  type Service,
  type ServiceDefinitionFrom,
  type ServiceHandler,
  type ServiceOptions,
  service,
  type TerminalError,
  type VirtualObject,
  type VirtualObjectDefinition,
  type WorkflowOptions,
} from "../../src/index.js";

const greeter = service({
  name: "Greeter",
  handlers: { greet: async (_ctx: Context, name: string) => `Hello ${name}` },
});
const counter = object({
  name: "Counter",
  handlers: {
    add: createObjectHandler({}, async (ctx: ObjectContext, n: number) => {
      const v = ((await ctx.get<number>("count")) ?? 0) + n;
      ctx.set("count", v);
      return v;
    }),
  },
});

describe("official type names", () => {
  it("alias Resolute's types", () => {
    expectTypeOf<ClientCallOptions<string, number>>().toEqualTypeOf<CallOptions<string, number>>();
    expectTypeOf<ClientSendOptions<string>>().toEqualTypeOf<SendOptions<string>>();
    expectTypeOf<ObjectHandlerOpts<string, number>>().toEqualTypeOf<
      HandlerOptions<string, number>
    >();
    expectTypeOf<WorkflowOptions>().toEqualTypeOf<ServiceOptions>();
    expectTypeOf<DefaultServiceOptions>().toEqualTypeOf<ServiceOptions>();
    expectTypeOf<RestateContext>().toEqualTypeOf<Context>();
    expectTypeOf<RestateObjectContext>().toEqualTypeOf<ObjectContext>();
    expectTypeOf<CombineablePromise<number>>().toEqualTypeOf<RestatePromise<number>>();
  });

  it("extract handler maps and definitions", () => {
    expectTypeOf<Service<typeof greeter>>().toEqualTypeOf<typeof greeter.handlers>();
    expectTypeOf<VirtualObject<typeof counter>>().toEqualTypeOf<typeof counter.handlers>();
    expectTypeOf<ServiceDefinitionFrom<typeof greeter>>().toEqualTypeOf<typeof greeter>();
    expectTypeOf<VirtualObjectDefinition<"Counter", typeof counter.handlers>>().toEqualTypeOf<
      typeof counter
    >();
    type Greet = (ctx: Context, name: string) => Promise<string>;
    expectTypeOf<ServiceHandler<Greet>>().toEqualTypeOf<Greet>();
    expectTypeOf<
      RemoveVoidArgument<(ctx: Context, input: void) => Promise<number>>
    >().toEqualTypeOf<(ctx: Context) => Promise<number>>();
    expectTypeOf<InferArg<[string, number]>>().toEqualTypeOf<string>();
    expectTypeOf<InferArg<[]>>().toEqualTypeOf<unknown>();
  });

  it("KeyValueStore is the state part of an object context", () => {
    expectTypeOf<ObjectContext>().toMatchTypeOf<KeyValueStore>();
    expectTypeOf<KeyValueStore<{ count: number }>["set"]>().toBeFunction();
  });

  it("values keep their inference", () => {
    const h = createServiceHandler({}, async (_ctx: Context, n: number) => n * 2);
    expectTypeOf(h).parameters.toEqualTypeOf<[Context, number]>();
    expectTypeOf(InvocationIdParser.fromString("inv_1")).toEqualTypeOf<InvocationId>();
    expectTypeOf(CombineablePromise.resolve(1)).toEqualTypeOf<RestatePromise<number>>();
    expectTypeOf<TerminalError>().toMatchTypeOf<RestateError>();
    expectTypeOf<RestateError["code"]>().toEqualTypeOf<number>();
  });
});
