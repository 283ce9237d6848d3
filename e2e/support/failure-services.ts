// Handlers that fail in hostile ways, for e2e/failure-paths.test.ts and e2e/retry-after.test.ts.
// Module-level records let the tests see what happened inside the endpoint (same process).
import {
  type Context,
  endpoint,
  type ObjectContext,
  object,
  RetryableError,
  service,
  TerminalError,
} from "@resolute/core";

/** Start times (ms) of each attempt, by the key the caller passed. */
export const attemptStarts = new Map<string, number[]>();
/** How many times each named step's closure ran. */
export const executions = new Map<string, number>();

const count = (k: string) => executions.set(k, (executions.get(k) ?? 0) + 1);
const started = (k: string) => {
  const list = attemptStarts.get(k) ?? [];
  list.push(Date.now());
  attemptStarts.set(k, list);
  return list.length;
};

function errorWithThrowingMessage(): Error {
  const e = new Error("unused");
  Object.defineProperty(e, "message", {
    get() {
      throw new Error("the message getter threw");
    },
  });
  return e;
}

/** The odd values a handler may throw, by name. */
export const oddValues: Record<string, () => unknown> = {
  nullPrototype: () => Object.create(null),
  throwingMessage: errorWithThrowingMessage,
  string: () => "plain string",
  undefined: () => undefined,
  null: () => null,
  emptyObject: () => ({}),
  codeObject: () => ({ code: 404 }),
};

export const odd = service({
  name: "Odd",
  handlers: {
    /** Throws the odd value named by the input. */
    throwValue: async (_ctx: Context, kind: string) => {
      throw oddValues[kind]!();
    },
    /** A ctx.run that throws the odd value, with a retry policy of two attempts. */
    runThrows: async (ctx: Context, kind: string) =>
      ctx.run(
        `odd ${kind}`,
        () => {
          count(`runThrows ${kind}`);
          throw oddValues[kind]!();
        },
        { maxRetryAttempts: 2, initialRetryInterval: 10 },
      ),
    /** A result whose getter throws. */
    throwingGetter: async () => ({
      ok: 1,
      get broken(): never {
        throw new Error("the getter refuses");
      },
    }),
    /** A result that is a Proxy whose ownKeys trap throws. */
    hostileProxy: async () =>
      new Proxy(
        { a: 1 },
        {
          ownKeys() {
            throw new Error("ownKeys refuses");
          },
        },
      ),
    /** A ctx.run result just over the server's default message size limit (32 MiB). */
    hugeStep: async (ctx: Context, key: string) =>
      ctx.run("huge", () => {
        count(`hugeStep ${key}`);
        return "x".repeat(32 * 1024 * 1024 + 16);
      }),
    /** A TerminalError with a code outside 400–599. */
    badCode: async () => {
      throw new TerminalError("seven hundred", { errorCode: 700 });
    },
    /** Input spread into a value with a Date: a client's __proto__ key must survive. */
    spread: async (ctx: Context, input: Record<string, unknown>) =>
      ctx.run("stamp", () => ({ ...input, at: new Date(0) })),
    /** A Duration of the wrong shape. */
    badSleep: async (ctx: Context) => {
      await ctx.sleep("5s" as never);
      return "slept";
    },
    /** A RetryableError with an invalid retryAfter. */
    badRetryAfter: async () => {
      throw new RetryableError("later", { retryAfter: "soon" as never });
    },
  },
});

export const named = service({
  name: "Named",
  handlers: {
    health: async () => "the health handler ran",
    discover: async () => "the discover handler ran",
  },
});

export const keys = object({
  name: "Keys",
  handlers: {
    /** Stores a value with keys superjson refuses, beside a Date, and reads it back. */
    storeGuarded: async (ctx: ObjectContext) => {
      ctx.set("doc", { constructor: "c", prototype: "p", at: new Date(0) });
      const back = (await ctx.get<Record<string, unknown>>("doc"))!;
      return [back.constructor, back.prototype, back.at instanceof Date];
    },
    setKey: async (ctx: ObjectContext, key: string) => {
      ctx.set(key, 1);
      return "stored";
    },
  },
});

export const retries = service({
  name: "Retries",
  handlers: {
    /** Fails its first attempt with a RetryableError asking for `ms` before the next one. */
    afterDelay: async (_ctx: Context, req: { key: string; ms: number }) => {
      if (started(req.key) === 1) {
        throw new RetryableError("not yet", { retryAfter: { milliseconds: req.ms } });
      }
      return attemptStarts.get(req.key)!.length;
    },
    /** The same from inside a ctx.run (no retry policy: the delay alone decides). */
    runAfterDelay: async (ctx: Context, req: { key: string; ms: number }) =>
      ctx.run("delayed", () => {
        if (started(req.key) === 1) {
          throw new RetryableError("step not yet", { retryAfter: { milliseconds: req.ms } });
        }
        return attemptStarts.get(req.key)!.length;
      }),
    /** Fails the first attempt with a plain Error, then succeeds. */
    flakyOnce: async (_ctx: Context, key: string) => {
      if (started(key) === 1) throw new Error(`flaky ${key}`);
      return "recovered";
    },
  },
});

export const failureEndpoint = () => endpoint().bind(odd).bind(named).bind(keys).bind(retries);
