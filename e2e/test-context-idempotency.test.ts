// Calls and sends with an idempotency key: the same handler code runs against the real Restate
// server and in createTestContext, and both must show the same outcome: how often the callee
// ran, what each caller got, and whether the invocation ids are equal.
import {
  type Context,
  endpoint,
  type ObjectContext,
  object,
  RestatePromise,
  rpc,
  service,
  TerminalError,
} from "@resolute/core";
import { createTestContext, type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** Runs of the callees, by the id each test gives them: the endpoint runs in this process. */
const runs = new Map<string, number>();
const ran = (id: string) => runs.set(id, (runs.get(id) ?? 0) + 1);

const worker = service({
  name: "IdemWorker",
  handlers: {
    work: async (_ctx: Context, input: { id: string; value: number }) => {
      ran(input.id);
      return `worked ${input.value}`;
    },
    fail: async (_ctx: Context, input: { id: string; value: number }) => {
      ran(input.id);
      throw new TerminalError(`failed ${input.value}`, { errorCode: 422 });
    },
  },
});

const tally = object({
  name: "IdemTally",
  handlers: {
    add: async (ctx: ObjectContext, input: { id: string; n: number }) => {
      ran(`${input.id}:${ctx.key}`);
      const total = ((await ctx.get<number>("total")) ?? 0) + input.n;
      ctx.set("total", total);
      return total;
    },
  },
});

type Outcome = { value: unknown } | { code: number; message: string };

async function outcomeOf(p: PromiseLike<unknown>): Promise<Outcome> {
  try {
    return { value: await p };
  } catch (e) {
    if (e instanceof TerminalError) return { code: e.code, message: e.message };
    throw e;
  }
}

const driver = service({
  name: "IdemDriver",
  handlers: {
    /** Two calls one after the other with one key; the second carries another input. */
    callTwice: async (
      ctx: Context,
      input: { id: string; idem: string; handler: "work" | "fail" },
    ) => {
      const client = ctx.serviceClient(worker);
      const opts = rpc.opts({ idempotencyKey: input.idem });
      const first = client[input.handler]({ id: input.id, value: 1 }, opts);
      const a = await outcomeOf(first);
      const second = client[input.handler]({ id: input.id, value: 2 }, opts);
      const b = await outcomeOf(second);
      return {
        outcomes: [a, b],
        sameId: (await first.invocationId) === (await second.invocationId),
      };
    },
    /** Two calls with one key started before either is awaited. */
    callConcurrently: async (ctx: Context, input: { id: string; idem: string }) => {
      const client = ctx.serviceClient(worker);
      const opts = rpc.opts({ idempotencyKey: input.idem });
      const first = client.work({ id: input.id, value: 1 }, opts);
      const second = client.work({ id: input.id, value: 2 }, opts);
      const values = await RestatePromise.all([first, second]);
      return { values, sameId: (await first.invocationId) === (await second.invocationId) };
    },
    /** Two sends with one key, then a call with it: one run, one id, the call gets its result. */
    sendTwiceThenCall: async (ctx: Context, input: { id: string; idem: string }) => {
      const send = ctx.serviceSendClient(worker);
      const a = await send.work(
        { id: input.id, value: 1 },
        rpc.sendOpts({ idempotencyKey: input.idem }),
      ).invocationId;
      const b = await send.work(
        { id: input.id, value: 2 },
        rpc.sendOpts({ idempotencyKey: input.idem }),
      ).invocationId;
      const call = ctx
        .serviceClient(worker)
        .work({ id: input.id, value: 3 }, rpc.opts({ idempotencyKey: input.idem }));
      const value = await call;
      return { value, sameIds: a === b && b === (await call.invocationId) };
    },
    /** The key is scoped to the target: another object key, or another handler, runs anew. */
    scoped: async (ctx: Context, input: { id: string; idem: string }) => {
      const opts = rpc.opts({ idempotencyKey: input.idem });
      const first = ctx.objectClient(tally, "a").add({ id: input.id, n: 1 }, opts);
      const totals = [
        await first,
        await ctx.objectClient(tally, "a").add({ id: input.id, n: 10 }, opts),
        await ctx.objectClient(tally, "b").add({ id: input.id, n: 100 }, opts),
        await ctx.objectClient(tally, "a").add({ id: input.id, n: 1000 }),
      ];
      const other = ctx.serviceClient(worker).work({ id: input.id, value: 5 }, opts);
      const work = await other;
      return {
        totals,
        work,
        otherIdDiffers: (await first.invocationId) !== (await other.invocationId),
      };
    },
  },
});

const unique = (p: string) => `${p}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: endpoint().bind(worker).bind(tally).bind(driver) });
});
afterAll(async () => {
  await env?.stop();
});

/** Runs one driver handler on the server and in a test context, with its own ids in each. */
async function both<T>(
  handler: keyof typeof driver.handlers,
  input: (id: string) => object,
): Promise<{
  server: { result: T; runs: Map<string, number> };
  local: { result: T; runs: Map<string, number> };
}> {
  const serverId = unique(`srv-${handler}`);
  const localId = unique(`loc-${handler}`);
  const server = (await (env.client.serviceClient(driver) as any)[handler](input(serverId))) as T;
  const t = createTestContext({ services: [worker, tally] });
  const local = (await t.invoke(driver, handler, input(localId) as never)) as T;
  await t.idle();
  const runsOf = (id: string) =>
    new Map([...runs].filter(([k]) => k.startsWith(id)).map(([k, v]) => [k.slice(id.length), v]));
  return {
    server: { result: server, runs: runsOf(serverId) },
    local: { result: local, runs: runsOf(localId) },
  };
}

describe("idempotency keys: the test context does what the server does", () => {
  it("a second call with the key does not run the handler, gets the first result and the same id", async () => {
    const { server, local } = await both("callTwice", (id) => ({
      id,
      idem: `idem-${id}`,
      handler: "work",
    }));
    expect(server.result).toEqual({
      outcomes: [{ value: "worked 1" }, { value: "worked 1" }],
      sameId: true,
    });
    expect(server.runs).toEqual(new Map([["", 1]]));
    expect(local).toEqual(server);
  });

  it("a second call after a terminal failure gets the same failure, without a second run", async () => {
    const { server, local } = await both("callTwice", (id) => ({
      id,
      idem: `idem-${id}`,
      handler: "fail",
    }));
    expect(server.result).toEqual({
      outcomes: [
        { code: 422, message: "failed 1" },
        { code: 422, message: "failed 1" },
      ],
      sameId: true,
    });
    expect(server.runs).toEqual(new Map([["", 1]]));
    expect(local).toEqual(server);
  });

  it("a call made while the first with the key is running attaches to it", async () => {
    const { server, local } = await both("callConcurrently", (id) => ({ id, idem: `idem-${id}` }));
    expect(server.result).toEqual({ values: ["worked 1", "worked 1"], sameId: true });
    expect(server.runs).toEqual(new Map([["", 1]]));
    expect(local).toEqual(server);
  });

  it("a send with a known key does not start a second run; a call with the key gets its result", async () => {
    const { server, local } = await both("sendTwiceThenCall", (id) => ({ id, idem: `idem-${id}` }));
    expect(server.result).toEqual({ value: "worked 1", sameIds: true });
    expect(server.runs).toEqual(new Map([["", 1]]));
    expect(local).toEqual(server);
  });

  it("the key is scoped to the target: service, handler and object key", async () => {
    const { server, local } = await both("scoped", (id) => ({ id, idem: `idem-${id}` }));
    expect(server.result).toEqual({
      totals: [1, 1, 100, 1001],
      work: "worked 5",
      otherIdDiffers: true,
    });
    expect(server.runs).toEqual(
      new Map([
        [":a", 2],
        [":b", 1],
        ["", 1],
      ]),
    );
    expect(local).toEqual(server);
  });
});
