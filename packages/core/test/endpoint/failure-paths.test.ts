// Hostile thrown values, unserializable results and oversized payloads, one attempt at a time:
// every one ends the attempt with a recorded failure that says what happened.
import { describe, expect, it } from "vitest";
import type { LogContext, LogLevel } from "../../src/context/logging.js";
import {
  type Context,
  endpoint,
  type ObjectContext,
  object,
  RetryableError,
  service,
  TerminalError,
} from "../../src/index.js";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { invokeOnce, json } from "./invoke-once.js";

const throwingMessage = () => {
  const e = new Error("x");
  Object.defineProperty(e, "message", {
    get() {
      throw new Error("message getter exploded");
    },
  });
  return e;
};
const throwingStack = () => {
  const e = new Error("stack is broken");
  Object.defineProperty(e, "stack", {
    get() {
      throw new Error("stack getter exploded");
    },
  });
  return e;
};
const hostileProxy = () =>
  new Proxy(
    {},
    {
      getPrototypeOf() {
        throw new Error("trap");
      },
      get() {
        throw new Error("trap");
      },
      ownKeys() {
        throw new Error("trap");
      },
    },
  );

const thrown: Record<string, () => unknown> = {
  "Object.create(null)": () => Object.create(null),
  "an Error whose message getter throws": throwingMessage,
  "an Error whose stack getter throws": throwingStack,
  "a Proxy whose traps throw": hostileProxy,
  "a string": () => "boom",
  undefined: () => undefined,
  null: () => null,
  "{}": () => ({}),
  "{ code: 404 }": () => ({ code: 404 }),
};

const expectedMessage: Record<string, RegExp> = {
  "Object.create(null)": /non-Error value was thrown: object with a null prototype \{\}/,
  "an Error whose message getter throws":
    /Error whose message cannot be read.*message getter exploded/,
  "an Error whose stack getter throws": /^stack is broken$/,
  "a Proxy whose traps throw": /non-Error value was thrown: object/,
  "a string": /non-Error value was thrown: string "boom"/,
  undefined: /non-Error value was thrown: undefined\./,
  null: /non-Error value was thrown: null\./,
  "{}": /non-Error value was thrown: object \{\}/,
  "{ code: 404 }": /non-Error value was thrown: object \{"code":404\}/,
};

function endpointThrowing(value: () => unknown) {
  return endpoint().bind(
    service({
      name: "Odd",
      handlers: {
        direct: async () => {
          throw value();
        },
        inRun: async (ctx: Context) =>
          ctx.run(
            "step",
            () => {
              throw value();
            },
            { maxRetryAttempts: 1 },
          ),
      },
    }),
  );
}

describe("any thrown value ends the attempt with a recorded failure", () => {
  for (const [name, value] of Object.entries(thrown)) {
    it(`a handler throwing ${name}: ErrorMessage with a message describing it`, async () => {
      const a = await invokeOnce(endpointThrowing(value), "/invoke/Odd/direct", json(null));
      expect(a.error, a.body).toBeDefined();
      expect(a.error!.message).toMatch(expectedMessage[name]!);
      expect(a.error!.code).toBe(name === "{ code: 404 }" ? 404 : 500);
    });

    it(`ctx.run throwing ${name}: its retry policy holds (maxRetryAttempts 1 ends it)`, async () => {
      // The first attempt already exhausts maxRetryAttempts: 1, so the run's failure is proposed.
      const a = await invokeOnce(endpointThrowing(value), "/invoke/Odd/inRun", json(null));
      const proposal = a.frames.find((f) => f.type === M.ProposeRunCompletion);
      expect(proposal, a.body).toBeDefined();
      const failure = proposal!.msg.failure as { message: string };
      expect(failure.message).toMatch(expectedMessage[name]!);
    });
  }
});

describe("results that cannot be written are terminal failures", () => {
  const ep = endpoint({ maxMessageSize: 1024 }).bind(
    service({
      name: "Out",
      handlers: {
        getter: async () => ({
          get boom() {
            throw new Error("getter says no");
          },
        }),
        proxy: async () =>
          new Proxy(
            { a: 1 },
            {
              ownKeys() {
                throw new Error("ownKeys says no");
              },
            },
          ),
        big: async () => "x".repeat(2000),
        bigRun: async (ctx: Context) => ctx.run("big step", () => "y".repeat(2000)),
        bigState: async () => "unused",
      },
    }),
  );

  it("a result with a throwing getter fails terminally with RES_ERR_SERIALIZE (500)", async () => {
    const a = await invokeOnce(ep, "/invoke/Out/getter", json(null));
    expect(a.error).toBeUndefined();
    expect(a.failure?.code).toBe(500);
    expect(a.failure?.message).toMatch(/Cannot serialize the value: .*getter says no/);
  });

  it("a Proxy result whose ownKeys trap throws fails terminally too", async () => {
    const a = await invokeOnce(ep, "/invoke/Out/proxy", json(null));
    expect(a.error).toBeUndefined();
    expect(a.failure?.message).toMatch(/Cannot serialize the value: .*ownKeys says no/);
  });

  it("a result over the message size limit fails terminally, saying what to change", async () => {
    const a = await invokeOnce(ep, "/invoke/Out/big", json(null));
    expect(a.error).toBeUndefined();
    expect(a.failure?.message).toMatch(
      /handler's result cannot be sent: .*over the message size limit of 1024 bytes.*Store large data elsewhere/,
    );
  });

  it("a ctx.run result over the limit is proposed as the run's terminal failure, not sent", async () => {
    const a = await invokeOnce(ep, "/invoke/Out/bigRun", json(null));
    const proposal = a.frames.find((f) => f.type === M.ProposeRunCompletion);
    expect(proposal?.msg.value).toBeUndefined();
    expect((proposal?.msg.failure as { message?: string } | undefined)?.message).toMatch(
      /ctx.run "big step" cannot be sent: .*message size limit/,
    );
  });
});

describe("a custom serde that throws", () => {
  it("ctx.set with a serde throwing a plain Error fails terminally, naming the state", async () => {
    const brokenSerde = {
      serialize(): Uint8Array {
        throw new Error("serde bug");
      },
      deserialize: () => null,
    };
    const ep = endpoint().bind(
      object({
        name: "Obj",
        handlers: {
          put: async (ctx: ObjectContext) => {
            ctx.set("doc", { a: 1 }, brokenSerde);
          },
        },
      }),
    );
    const a = await invokeOnce(ep, "/invoke/Obj/put", json(null), { key: "k" });
    expect(a.error).toBeUndefined();
    expect(a.failure?.message).toMatch(
      /Invalid value for state "doc": Cannot serialize the value: The value for state "doc" threw while being serialized \(serde bug\)/,
    );
  });
});

describe("error codes and retry delays", () => {
  it("RetryableError's retryAfter becomes the ErrorMessage's next retry delay", async () => {
    const ep = endpoint().bind(
      service({
        name: "R",
        handlers: {
          later: async () => {
            throw new RetryableError("try later", { retryAfter: { seconds: 2, milliseconds: 5 } });
          },
        },
      }),
    );
    const a = await invokeOnce(ep, "/invoke/R/later", json(null));
    expect(a.error?.message).toBe("try later");
    expect(Number(a.error?.nextRetryDelay)).toBe(2005);
  });

  it("a TerminalError with an invalid code fails the attempt with a message naming the range", async () => {
    const ep = endpoint().bind(
      service({
        name: "T",
        handlers: {
          odd: async () => {
            throw new TerminalError("nope", { errorCode: 700 });
          },
        },
      }),
    );
    const a = await invokeOnce(ep, "/invoke/T/odd", json(null));
    expect(a.failure).toBeUndefined();
    expect(a.error?.message).toMatch(
      /errorCode 700 is not allowed: use an integer from 400 to 599/,
    );
  });
});

describe("failed attempts are logged once, with who and which attempt", () => {
  it("logs service, handler, invocation id, attempt number and the error", async () => {
    const lines: { level: LogLevel; context: LogContext; args: readonly unknown[] }[] = [];
    const logger = {
      log: (level: LogLevel, context: LogContext, args: readonly unknown[]) =>
        lines.push({ level, context, args }),
    };
    const a = await invokeOnce(
      endpointThrowing(() => new Error("flaky")),
      "/invoke/Odd/direct",
      json(null),
      {
        logger,
        retryCount: 2,
      },
    );
    expect(a.error?.message).toBe("flaky");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe("warn");
    expect(lines[0]!.context).toMatchObject({
      service: "Odd",
      handler: "direct",
      invocationId: "inv_unit",
    });
    expect(String(lines[0]!.args[0])).toMatch(
      /Attempt 3 of Odd\/direct \(invocation inv_unit\) failed.*\[500\] flaky/,
    );
  });

  it("a terminal failure is not an attempt failure: nothing is logged", async () => {
    const lines: unknown[] = [];
    const ep = endpoint().bind(
      service({
        name: "T",
        handlers: {
          done: async () => {
            throw new TerminalError("final", { errorCode: 404 });
          },
        },
      }),
    );
    const a = await invokeOnce(ep, "/invoke/T/done", json(null), {
      logger: { log: (...x) => lines.push(x) },
    });
    expect(a.failure?.code).toBe(404);
    expect(lines).toEqual([]);
  });
});
