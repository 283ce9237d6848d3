// Services used by the end-to-end tests, with counters that tell how often side effects ran.
import {
  type Context,
  endpoint,
  handlers,
  type ObjectContext,
  type ObjectSharedContext,
  object,
  service,
  TerminalError,
} from "@resolute/core";

export const sideEffects = new Map<string, number>();
const bump = (k: string) => {
  const n = (sideEffects.get(k) ?? 0) + 1;
  sideEffects.set(k, n);
  return n;
};

export const greeter = service({
  name: "Greeter",
  handlers: {
    greet: async (ctx: Context, name: string) => {
      const greeting = await ctx.run("compose", () => `Hello, ${name}!`);
      return greeting;
    },
  },
});

export const counter = object({
  name: "Counter",
  handlers: {
    add: async (ctx: ObjectContext<{ count: number }>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return count;
    },
    current: handlers.object.shared(
      async (ctx: ObjectSharedContext<{ count: number }>) => (await ctx.get("count")) ?? 0,
    ),
    keys: handlers.object.shared(async (ctx: ObjectSharedContext) => ctx.stateKeys()),
    clear: async (ctx: ObjectContext<{ count: number }>) => {
      ctx.clear("count");
    },
    clearAll: async (ctx: ObjectContext) => {
      ctx.clearAll();
    },
    setMany: async (ctx: ObjectContext, entries: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(entries)) ctx.set(k, v);
    },
  },
});

export const lazyCounter = object({
  name: "LazyCounter",
  handlers: {
    add: async (ctx: ObjectContext<{ count: number }>, n: number) => {
      const count = ((await ctx.get("count")) ?? 0) + n;
      ctx.set("count", count);
      return { count, keys: await ctx.stateKeys() };
    },
  },
  options: { enableLazyState: true },
});

export const flaky = service({
  name: "Flaky",
  handlers: {
    /** Step one succeeds once; step two fails `failures` times with a plain Error, then succeeds. */
    steps: async (ctx: Context, input: { id: string; failures: number }) => {
      const a = await ctx.run("one", () => bump(`${input.id}:one`));
      const b = await ctx.run("two", () => {
        const attempt = bump(`${input.id}:two`);
        if (attempt <= input.failures) throw new Error(`transient failure ${attempt}`);
        return attempt;
      });
      return { one: a, two: b };
    },
    terminal: async (_ctx: Context, code: number) => {
      throw new TerminalError("this request is not acceptable", { errorCode: code });
    },
    terminalInRun: async (ctx: Context, id: string) => {
      try {
        await ctx.run("refuse", () => {
          bump(`${id}:refuse`);
          throw new TerminalError("refused in run", { errorCode: 422 });
        });
      } catch (e) {
        return `caught ${(e as TerminalError).code}: ${(e as Error).message}`;
      }
      return "not reached";
    },
    exhausted: async (ctx: Context, id: string) => {
      try {
        await ctx.run(
          "always fails",
          () => {
            bump(`${id}:exhausted`);
            throw new Error("still failing");
          },
          { maxRetryAttempts: 3, initialRetryInterval: 10 },
        );
      } catch (e) {
        return `gave up: ${(e as Error).message}`;
      }
      return "not reached";
    },
    /** Throws a plain error on the first attempts, outside any run: the whole handler is retried. */
    handlerRetry: async (ctx: Context, id: string) => {
      const n = bump(`${id}:handler`);
      if (n < 3) throw new Error(`attempt ${n} fails`);
      return ctx.request().id.startsWith("inv_") ? n : -1;
    },
    json: async (_ctx: Context, input: { a: number }) => input.a * 2,
  },
});

export const e2eEndpoint = () =>
  endpoint().bind(greeter).bind(counter).bind(lazyCounter).bind(flaky);
