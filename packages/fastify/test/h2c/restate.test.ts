// End to end: the real Restate server talks to an endpoint served by serveH2cConnection on a
// plain net.Server (no node:http2 on the endpoint side): discovery, ctx.run steps, object state
// and a durable sleep, through the ingress.
import { createServer, type Server } from "node:net";
import { type Context, endpoint, type ObjectContext, object, service } from "@resolute/core";
import type { EndpointHandler } from "@resolute/core/adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The testing package is not a dependency of this one: its sources are loaded directly.
import { type RestateEnv, startRestate } from "../../../testing/src/index.js";
import { type H2cConnection, H2cStreamAborted, serveH2cConnection } from "../../src/h2c/index.js";

let ran = 0;
const steps = service({
  name: "H2cSteps",
  handlers: {
    run: async (ctx: Context, n: number) => {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        sum += await ctx.run(`step ${i}`, () => {
          ran++;
          return i;
        });
      }
      return sum;
    },
    sleepy: async (ctx: Context, ms: number) => {
      const before = await ctx.run("before", () => Date.now());
      await ctx.sleep(ms);
      const after = await ctx.run("after", () => Date.now());
      return after - before;
    },
  },
});

const tally = object({
  name: "H2cTally",
  handlers: {
    add: async (ctx: ObjectContext<{ total: number }>, n: number) => {
      const total = ((await ctx.get("total")) ?? 0) + n;
      ctx.set("total", total);
      return total;
    },
  },
});

// Stays in a ctx.run for a minute, unless its attempt ends first (it is killed).
const parked = service({
  name: "H2cParked",
  handlers: {
    park: async (ctx: Context) =>
      ctx.run(
        "park",
        ({ signal }) =>
          new Promise<number>((resolve) => {
            const t = setTimeout(() => resolve(1), 60_000);
            signal.addEventListener("abort", () => {
              clearTimeout(t);
              resolve(0);
            });
          }),
      ),
  },
});

/** The endpoint's handler, counting request bodies aborted because the peer reset a stream. */
function countingPeerResets(inner: Pick<EndpointHandler, "handle">) {
  const counter = {
    peerResets: 0,
    handle: ((head, res) => {
      const sink = inner.handle(head, res);
      return {
        push: (c) => sink.push(c),
        end: () => sink.end(),
        abort: (reason) => {
          if (reason instanceof H2cStreamAborted && /peer reset/.test(reason.message)) {
            counter.peerResets++;
          }
          sink.abort(reason);
        },
      };
    }) as EndpointHandler["handle"],
  };
  return counter;
}

async function call(env: RestateEnv, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${env.ingressUrl}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

describe("the real Restate server against the h2c connection", () => {
  let env: RestateEnv;
  let server: Server;
  const connections: H2cConnection[] = [];
  const errors: unknown[] = [];
  const handler = countingPeerResets(endpoint().bind(steps).bind(tally).bind(parked).handler());

  beforeAll(async () => {
    server = createServer((socket) => {
      connections.push(serveH2cConnection(socket, handler, { onError: (e) => errors.push(e) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    env = await startRestate({ endpointUrl: `http://127.0.0.1:${port}` });
  }, 60_000);

  afterAll(async () => {
    await env?.stop();
    for (const c of connections) c.destroy();
    await new Promise((r) => server?.close(r));
  });

  it("runs 50 ctx.run steps in one invocation", async () => {
    ran = 0;
    expect(await call(env, "H2cSteps/run", 50)).toBe((49 * 50) / 2);
    expect(ran).toBe(50);
  }, 30_000);

  it("keeps object state across invocations, many at once", async () => {
    const totals = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(env, `H2cTally/k${i % 4}/add`, 1)),
    );
    expect(totals).toHaveLength(20);
    expect(await call(env, "H2cTally/k0/add", 0)).toBe(5);
    expect(await call(env, "H2cTally/k3/add", 10)).toBe(15);
  }, 30_000);

  it("sleeps durably and resumes", async () => {
    const elapsed = (await call(env, "H2cSteps/sleepy", 300)) as number;
    expect(elapsed).toBeGreaterThanOrEqual(300);
  }, 30_000);

  it("after shutdown() of every connection, the server connects again for new invocations", async () => {
    const before = connections.length;
    const inFlight = call(env, "H2cSteps/sleepy", 200); // its stream is open during shutdown
    while (connections.reduce((n, c) => n + c.openStreams, 0) === 0) {
      await new Promise((r) => setTimeout(r, 5));
    }
    for (const c of connections) c.shutdown();
    await Promise.all(connections.map((c) => c.closed));
    expect((await inFlight) as number).toBeGreaterThanOrEqual(200);
    expect(await call(env, "H2cSteps/run", 3)).toBe(3);
    expect(connections.length).toBeGreaterThan(before);
  }, 30_000);

  it("the server killing 1,200 running invocations: each stream is reset, the connections go on", async () => {
    // Each kill resets a stream whose response has not ended, which the rapid-reset budget
    // counts. The server spreads its streams over connections (at most ~130 on one, seen with
    // 1.7.12), so no connection comes near the budget.
    const n = 1200;
    const open = () => connections.reduce((k, c) => k + c.openStreams, 0);
    const inBatches = async (count: number, fn: (i: number) => Promise<unknown>) => {
      const out: unknown[] = [];
      for (let i = 0; i < count; i += 100) {
        const batch = Array.from({ length: Math.min(100, count - i) }, (_, j) => fn(i + j));
        out.push(...(await Promise.all(batch)));
      }
      return out;
    };
    const before = handler.peerResets;
    const ids = (await inBatches(n, async () => {
      const res = await fetch(`${env.ingressUrl}/H2cParked/park/send`, { method: "POST" });
      return ((await res.json()) as { invocationId: string }).invocationId;
    })) as string[];
    while (open() < n) await new Promise((r) => setTimeout(r, 20));
    const connectionsBefore = connections.length;
    await inBatches(n, (i) =>
      fetch(`${env.adminUrl}/invocations/${ids[i]}/kill`, { method: "PATCH" }),
    );
    while (open() > 0) await new Promise((r) => setTimeout(r, 20));
    expect(handler.peerResets - before).toBeGreaterThanOrEqual(1000);
    expect(errors).toEqual([]);
    expect(connections.length).toBe(connectionsBefore); // none was closed and replaced
    expect(await call(env, "H2cSteps/run", 2)).toBe(1);
  }, 120_000);

  it("reported no adapter failures, and every stream closed once its invocation ended", async () => {
    expect(errors).toEqual([]);
    expect(connections.length).toBeGreaterThan(0);
    // The server closes its request side after our END_STREAM; wait for that to arrive.
    const open = () => connections.reduce((n, c) => n + c.openStreams, 0);
    for (let i = 0; i < 100 && open() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(open()).toBe(0);
  });
});
