// Issue 11 acceptance: OpenTelemetry spans from @resolute/opentelemetry against the real
// Restate server (with its own tracing on, so it sends `traceparent` with every attempt) and
// the real OpenTelemetry SDK with an in-memory exporter.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import {
  type Context,
  endpoint,
  type ObjectContext,
  object,
  service,
  TerminalError,
} from "@resolute/core";
import { type Served, serve } from "@resolute/fastify";
import { openTelemetry } from "@resolute/opentelemetry";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingress } from "./support/ingress.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
const tracer = provider.getTracer("e2e");

/** Span ids seen active inside handlers and run closures (user instrumentation would nest there). */
const activeIn = new Map<string, string | undefined>();
const activeSpanId = () => trace.getActiveSpan()?.spanContext().spanId;
const runCounts = new Map<string, number>();
const bump = (k: string) => {
  const n = (runCounts.get(k) ?? 0) + 1;
  runCounts.set(k, n);
  return n;
};

const callee = service({
  name: "TracedCallee",
  handlers: {
    echo: async (ctx: Context, s: string) => ctx.run("upper", () => s.toUpperCase()),
  },
});

const traced = service({
  name: "Traced",
  // Short, so a long sleep closes the stream and the attempt suspends.
  options: { inactivityTimeout: { seconds: 1 } },
  handlers: {
    /** Three steps with a suspension between the second and the third. */
    steps: async (ctx: Context, id: string) => {
      const a = await ctx.run("one", () => {
        activeIn.set(`${id}:one`, activeSpanId());
        return 1;
      });
      const b = await ctx.run("two", () => 2);
      // Created and resolved before the suspension: replay must not trace them again.
      const awakeable = ctx.awakeable<number>();
      ctx.resolveAwakeable(awakeable.id, 0);
      ctx.console.warn("before the sleep");
      await ctx.sleep(2500);
      ctx.console.warn("after the sleep");
      const c = await ctx.run("three", () => {
        ctx.console.warn("inside three");
        return 3;
      });
      return a + b + c + (await awakeable.promise);
    },
    caller: async (ctx: Context, s: string) => {
      activeIn.set(`${ctx.request().id}:handler`, activeSpanId());
      return ctx.serviceClient(callee).echo(s);
    },
    failing: async (ctx: Context, id: string) => {
      await ctx.run("flaky", () => {
        if (bump(`${id}:flaky`) === 1) throw new Error("try again");
        return "ok";
      });
      await ctx.run("fatal", () => {
        throw new TerminalError("no teapot here", { errorCode: 418 });
      });
    },
  },
});

/** For the replay check: every await below suspends the attempt, the next one replays. */
const everyStep = object({
  name: "TracedReplay",
  handlers: {
    go: async (ctx: ObjectContext, s: string) => {
      const n = (await ctx.get<number>("n")) ?? 0;
      ctx.set("n", n + 1);
      const a = await ctx.run("first", () => "a");
      const echoed = await ctx.serviceClient(callee).echo(s);
      await ctx.sleep(10);
      const b = await ctx.run("second", () => "b");
      return `${a}${b}${echoed}`;
    },
  },
});

/** Stands in for an OTLP collector, so the server's exporter has somewhere to send. */
function startCollector(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/x-protobuf" }).end());
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const logLines: Record<string, unknown>[] = [];
let collector: Server;
let served: Served;
let env: RestateEnv;
beforeAll(async () => {
  collector = await startCollector();
  const ep = endpoint().bind(traced).bind(callee).withHooks(openTelemetry({ tracer }));
  served = await serve(ep, {
    port: 0,
    logger: {
      level: "warn",
      stream: { write: (line: string) => void logLines.push(JSON.parse(line)) },
    },
  });
  const port = (collector.address() as AddressInfo).port;
  env = await startRestate({
    endpointUrl: `http://127.0.0.1:${served.port}`,
    env: { RESTATE_TRACING_ENDPOINT: `otlp+http://127.0.0.1:${port}/v1/traces` },
  });
});
afterAll(async () => {
  await env?.stop();
  await served?.close();
  collector?.close();
  contextManager.disable();
  await provider.shutdown();
});

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const traceparent = (spanId: string) => `00-${TRACE_ID}-${spanId}-01`;

/** Finished spans of one invocation (attempt spans and everything under them). */
function spansOf(invocationId: string): ReadableSpan[] {
  const all = exporter.getFinishedSpans();
  const attempts = all.filter((s) => s.attributes["restate.invocation.id"] === invocationId);
  const ids = new Set(attempts.map((s) => s.spanContext().spanId));
  // Children first found by parent id, repeatedly, so grandchildren come along.
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of all) {
      const parent = s.parentSpanContext?.spanId;
      if (parent && ids.has(parent) && !ids.has(s.spanContext().spanId)) {
        ids.add(s.spanContext().spanId);
        grew = true;
      }
    }
  }
  return all.filter((s) => ids.has(s.spanContext().spanId));
}

const attemptsOf = (spans: ReadableSpan[]) => spans.filter((s) => s.kind === SpanKind.SERVER);
const runsOf = (spans: ReadableSpan[]) => spans.filter((s) => s.name.startsWith("run "));

/** Spans end when the attempt's stream is done; the ingress may answer a moment before (up to 15 s). */
async function eventually<T>(read: () => T, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  return read();
}

async function invoke(path: string, body: unknown, spanId = "00f067aa0ba902b7") {
  const r = await ingress(env.ingressUrl, path, body, {
    headers: { traceparent: traceparent(spanId), "idempotency-key": `${path}-${spanId}` },
  });
  return r;
}

/** The invocation id from the admin API, by the idempotency key the test used. */
async function invocationIdOf(target: string, key: string): Promise<string> {
  const res = await fetch(`${env.adminUrl}/query`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      query: `SELECT id FROM sys_invocation WHERE target = '${target}' AND idempotency_key = '${key}'`,
    }),
  });
  const rows = ((await res.json()) as { rows: { id: string }[] }).rows;
  if (rows.length !== 1)
    throw new Error(`expected one invocation of ${target}, got ${rows.length}`);
  return rows[0]!.id;
}

describe("tracing against the real server", () => {
  it("three steps across a suspension: attempt spans in the caller's trace, three run spans", async () => {
    const spanId = "a1a1a1a1a1a1a1a1";
    const r = await invoke("Traced/steps", "s1", spanId);
    expect(r.body).toBe(6);
    const id = await invocationIdOf("Traced/steps", `Traced/steps-${spanId}`);
    const spans = await eventually(
      () => spansOf(id),
      (s) => attemptsOf(s).length === 2 && runsOf(s).length === 3,
    );
    const attempts = attemptsOf(spans).sort(
      (x, y) => x.startTime[0] - y.startTime[0] || x.startTime[1] - y.startTime[1],
    );
    expect(attempts).toHaveLength(2);
    for (const a of attempts) {
      expect(a.name).toBe("Traced/steps");
      expect(a.spanContext().traceId).toBe(TRACE_ID);
      // The parent is the server's span for the attempt, in the same trace.
      expect(a.parentSpanContext?.traceId).toBe(TRACE_ID);
      expect(a.parentSpanContext?.isRemote).toBe(true);
      expect(a.attributes).toMatchObject({
        "rpc.system": "restate",
        "rpc.service": "Traced",
        "rpc.method": "steps",
        "restate.invocation.id": id,
        "restate.invocation.target": "Traced/steps",
      });
    }
    const [first, second] = attempts as [ReadableSpan, ReadableSpan];
    expect(first.attributes["restate.replaying"]).toBe(false);
    expect(first.attributes["restate.outcome"]).toBe("suspended");
    expect(first.status.code).toBe(SpanStatusCode.UNSET);
    expect(first.events.map((e) => e.name)).toContain("suspended");
    expect(second.attributes["restate.replaying"]).toBe(true);
    expect(second.attributes["restate.journal.length"]).toBeGreaterThan(3);
    expect(second.attributes["restate.outcome"]).toBe("success");

    // Exactly one span per executed step: replay added none.
    const runs = runsOf(spans);
    expect(runs.map((s) => s.name).sort()).toEqual(["run one", "run three", "run two"]);
    const parentOf = (name: string) => runs.find((s) => s.name === name)!.parentSpanContext?.spanId;
    expect(parentOf("run one")).toBe(first.spanContext().spanId);
    expect(parentOf("run two")).toBe(first.spanContext().spanId);
    expect(parentOf("run three")).toBe(second.spanContext().spanId);
    for (const run of runs) {
      expect(run.attributes["restate.run.attempt"]).toBe(1);
      expect(run.attributes["restate.outcome"]).toBe("success");
    }
    // Inside the closure, the run's span is the active OpenTelemetry span.
    const one = runs.find((s) => s.name === "run one")!;
    expect(activeIn.get("s1:one")).toBe(one.spanContext().spanId);

    // The sleep is traced once, by the attempt that issued it; it was still pending then.
    const sleeps = spans.filter((s) => s.name === "sleep");
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]!.attributes).toMatchObject({
      "restate.delay_ms": 2500,
      "restate.outcome": "pending",
    });
    expect(sleeps[0]!.parentSpanContext?.spanId).toBe(first.spanContext().spanId);
    expect(spans.filter((s) => s.name.startsWith("awakeable "))).toHaveLength(1);
    const resolved = attempts.flatMap((s) => s.events).filter((e) => e.name === "resolveAwakeable");
    expect(resolved).toHaveLength(1);

    // ctx.console: each line once (silent on replay), with the ids of the span it ran in.
    const lines = logLines.filter((l) => l.invocationId === id);
    expect(lines.map((l) => l.msg)).toEqual([
      "before the sleep",
      "after the sleep",
      "inside three",
    ]);
    expect(lines[0]).toMatchObject({ trace_id: TRACE_ID, span_id: first.spanContext().spanId });
    expect(lines[1]).toMatchObject({ trace_id: TRACE_ID, span_id: second.spanContext().spanId });
    const three = runs.find((s) => s.name === "run three")!;
    expect(lines[2]).toMatchObject({ span_id: three.spanContext().spanId });
  });

  it("a call between services: the call span names the callee's invocation, in one trace", async () => {
    const spanId = "b2b2b2b2b2b2b2b2";
    const r = await invoke("Traced/caller", "abc", spanId);
    expect(r.body).toBe("ABC");
    const id = await invocationIdOf("Traced/caller", `Traced/caller-${spanId}`);
    const spans = await eventually(
      () => spansOf(id),
      (s) => s.some((x) => x.name === "call TracedCallee/echo"),
    );
    const [attempt] = attemptsOf(spans);
    expect(activeIn.get(`${id}:handler`)).toBe(attempt!.spanContext().spanId);
    const call = spans.find((s) => s.name === "call TracedCallee/echo")!;
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.parentSpanContext?.spanId).toBe(attempt!.spanContext().spanId);
    expect(call.attributes).toMatchObject({
      "rpc.system": "restate",
      "rpc.service": "TracedCallee",
      "rpc.method": "echo",
      "restate.outcome": "success",
    });
    const calleeId = call.attributes["restate.callee.invocation.id"] as string;
    expect(calleeId).toMatch(/^inv_/);
    const calleeSpans = await eventually(
      () => spansOf(calleeId),
      (s) => attemptsOf(s).length === 1 && runsOf(s).length === 1,
    );
    const [calleeAttempt] = attemptsOf(calleeSpans);
    expect(calleeAttempt!.name).toBe("TracedCallee/echo");
    // The server carries the caller's trace into the callee's attempts.
    expect(calleeAttempt!.spanContext().traceId).toBe(TRACE_ID);
    expect(runsOf(calleeSpans).map((s) => s.name)).toEqual(["run upper"]);
  });

  it("failing steps record their errors: a retried one, then a terminal one with its code", async () => {
    const spanId = "c3c3c3c3c3c3c3c3";
    const r = await invoke("Traced/failing", "f1", spanId);
    expect(r.status).toBe(418);
    const id = await invocationIdOf("Traced/failing", `Traced/failing-${spanId}`);
    const spans = await eventually(
      () => spansOf(id),
      (s) => attemptsOf(s).length === 2 && runsOf(s).length === 3,
    );
    const flaky = runsOf(spans)
      .filter((s) => s.name === "run flaky")
      .sort(
        (x, y) =>
          Number(x.attributes["restate.run.attempt"]) - Number(y.attributes["restate.run.attempt"]),
      );
    expect(flaky.map((s) => s.attributes["restate.outcome"])).toEqual(["retry", "success"]);
    expect(flaky.map((s) => s.attributes["restate.run.attempt"])).toEqual([1, 2]);
    expect(flaky[0]!.status).toEqual({ code: SpanStatusCode.ERROR, message: "try again" });
    expect(flaky[0]!.events.map((e) => e.name)).toContain("exception");

    const fatal = runsOf(spans).find((s) => s.name === "run fatal")!;
    expect(fatal.status).toEqual({ code: SpanStatusCode.ERROR, message: "no teapot here" });
    expect(fatal.attributes).toMatchObject({
      "restate.error.code": 418,
      "restate.outcome": "failure",
    });

    const outcomes = attemptsOf(spans)
      .map((s) => s.attributes["restate.outcome"])
      .sort();
    expect(outcomes).toEqual(["failure", "retry"]);
    const failed = attemptsOf(spans).find((s) => s.attributes["restate.outcome"] === "failure")!;
    expect(failed.attributes["restate.error.code"]).toBe(418);
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe("tracing when every await suspends (request/response, replay at each step)", () => {
  let replayEnv: RestateEnv;
  beforeAll(async () => {
    const port = (collector.address() as AddressInfo).port;
    replayEnv = await startRestate({
      endpoint: endpoint().bind(everyStep).bind(callee).withHooks(openTelemetry({ tracer })),
      alwaysReplay: true,
      env: { RESTATE_TRACING_ENDPOINT: `otlp+http://127.0.0.1:${port}/v1/traces` },
    });
  });
  afterAll(async () => {
    await replayEnv?.stop();
  });

  it("each executed step, call, sleep and state access is traced once across all attempts", async () => {
    // A trace of its own, so the callee's spans of other tests do not count.
    const traceId = "5bf92f3577b34da6a3ce929d0e0e4737";
    const r = await ingress(replayEnv.ingressUrl, "TracedReplay/k1/go", "xy", {
      headers: { traceparent: `00-${traceId}-d4d4d4d4d4d4d4d4-01` },
    });
    expect(r.body).toBe("abXY");
    const attemptsIn = (s: ReadableSpan[]) =>
      attemptsOf(s).filter((x) => x.name === "TracedReplay/go");
    const spans = await eventually(
      () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId),
      (s) => attemptsIn(s).some((a) => a.attributes["restate.outcome"] === "success"),
    );
    const attempts = attemptsIn(spans);
    const ids = new Set(attempts.map((a) => a.attributes["restate.invocation.id"]));
    expect(ids.size).toBe(1);
    // Suspended at the first run, the call, the sleep and the second run, then done.
    expect(attempts.length).toBeGreaterThanOrEqual(5);
    expect(attempts.filter((a) => a.attributes["restate.replaying"] === false)).toHaveLength(1);
    const mine = spansOf([...ids][0] as string);
    expect(
      runsOf(mine)
        .map((s) => s.name)
        .sort(),
    ).toEqual(["run first", "run second"]);
    expect(mine.filter((s) => s.name === "call TracedCallee/echo")).toHaveLength(1);
    expect(mine.filter((s) => s.name === "sleep")).toHaveLength(1);
    expect(mine.filter((s) => s.name === "get n")).toHaveLength(1);
    const sets = attempts.flatMap((a) => a.events).filter((e) => e.name === "set");
    expect(sets).toHaveLength(1);
    // The callee runs in the same trace, its step once.
    const calleeRuns = spans.filter((s) => s.name === "run upper");
    expect(calleeRuns).toHaveLength(1);
  });
});
