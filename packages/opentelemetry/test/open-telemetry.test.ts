// The hooks provider driven directly, as the engine drives it, with the real OpenTelemetry SDK:
// span names, parents, attributes and outcomes without a server (e2e/tracing.test.ts has the
// real-server side).
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import type { Attempt, Hooks, Operation, Request } from "@resolute/core";
import { TerminalError } from "@resolute/core";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { openTelemetry } from "../src/index.js";
import { spanContextOf } from "../src/trace-parent.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const manager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(manager);
const tracer = provider.getTracer("unit");
afterAll(async () => {
  manager.disable();
  await provider.shutdown();
});
beforeEach(() => exporter.reset());

const SERVER_TP = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const INGRESS_TP = "00-11111111111111111111111111111111-2222222222222222-01";

function request(attemptHeaders: Record<string, string>, headers: Record<string, string> = {}) {
  return {
    id: "inv_1",
    headers: new Map(Object.entries(headers)),
    attemptHeaders: new Map(Object.entries(attemptHeaders)),
    body: new Uint8Array(),
    extraArgs: [],
    attemptCompletedSignal: new AbortController().signal,
  } satisfies Request;
}

function attempt(over: Partial<Attempt> = {}): Attempt & { closeReason: Attempt["closeReason"] } {
  return {
    service: "Cart",
    handler: "add",
    key: "k1",
    invocationId: "inv_1",
    journalLength: 1,
    replaying: false,
    retryCount: 0,
    closeReason: undefined,
    failure: undefined,
    ...over,
  };
}

function op(over: Partial<Operation>): Operation {
  return {
    kind: "call",
    method: "call",
    target: "Svc/do",
    replayed: false,
    delayMs: undefined,
    calleeInvocationId: () => "inv_callee",
    ...over,
  };
}

function hooksFor(a: Attempt, req = request({ traceparent: SERVER_TP })): Hooks {
  return openTelemetry({ tracer })({ request: req, attempt: a });
}

describe("traceparent", () => {
  it("parses a valid header and rejects invalid ones", () => {
    expect(spanContextOf(SERVER_TP, "a=b")).toMatchObject({
      traceId: "0af7651916cd43dd8448eb211c80319c",
      spanId: "b7ad6b7169203331",
      traceFlags: 1,
      isRemote: true,
    });
    expect(spanContextOf(SERVER_TP, "a=b")?.traceState?.get("a")).toBe("b");
    expect(spanContextOf("garbage", undefined)).toBeUndefined();
    expect(spanContextOf(`00-${"0".repeat(32)}-b7ad6b7169203331-01`, undefined)).toBeUndefined();
    expect(spanContextOf(`ff-${"1".repeat(32)}-b7ad6b7169203331-01`, undefined)).toBeUndefined();
  });
});

describe("attempt spans", () => {
  it("a SERVER span child of the server's trace context, active in the handler", async () => {
    const a = attempt({ journalLength: 4, replaying: true, retryCount: 2 });
    const hooks = hooksFor(a);
    let active: string | undefined;
    await hooks.interceptor!.handler!(async () => {
      active = trace.getActiveSpan()?.spanContext().spanId;
      a.closeReason = "end";
    });
    const [span] = exporter.getFinishedSpans();
    expect(span!.name).toBe("Cart/add");
    expect(span!.kind).toBe(SpanKind.SERVER);
    expect(span!.spanContext().traceId).toBe("0af7651916cd43dd8448eb211c80319c");
    expect(span!.parentSpanContext?.spanId).toBe("b7ad6b7169203331");
    expect(active).toBe(span!.spanContext().spanId);
    expect(span!.attributes).toEqual({
      "rpc.system": "restate",
      "rpc.service": "Cart",
      "rpc.method": "add",
      "restate.invocation.id": "inv_1",
      "restate.invocation.target": "Cart/k1/add",
      "restate.journal.length": 4,
      "restate.replaying": true,
      "restate.attempt.retry_count": 2,
      "restate.outcome": "success",
    });
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("without the server's traceparent, the invocation's own headers give the parent", async () => {
    const a = attempt();
    await hooksFor(a, request({}, { traceparent: INGRESS_TP })).interceptor!.handler!(async () => {
      a.closeReason = "end";
    });
    const [span] = exporter.getFinishedSpans();
    expect(span!.spanContext().traceId).toBe("11111111111111111111111111111111");
    expect(span!.parentSpanContext?.spanId).toBe("2222222222222222");
  });

  it("with no trace context at all, a new trace starts", async () => {
    const a = attempt();
    await hooksFor(a, request({})).interceptor!.handler!(async () => {
      a.closeReason = "end";
    });
    const [span] = exporter.getFinishedSpans();
    expect(span!.parentSpanContext).toBeUndefined();
    expect(span!.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("a suspension is not an error; a retried failure and a terminal failure are", async () => {
    const suspended = attempt();
    await hooksFor(suspended).interceptor!.handler!(async () => {
      suspended.closeReason = "suspended";
    });
    const retried = attempt({ failure: { code: 503, message: "db down" } });
    await expect(
      hooksFor(retried).interceptor!.handler!(async () => {
        retried.closeReason = "error";
        throw new Error("db down");
      }),
    ).rejects.toThrow("db down");
    const terminal = attempt();
    await expect(
      hooksFor(terminal).interceptor!.handler!(async () => {
        terminal.closeReason = "end";
        throw new TerminalError("bad order", { errorCode: 422 });
      }),
    ).rejects.toThrow("bad order");

    const [s, r, t] = exporter.getFinishedSpans();
    expect(s!.status.code).toBe(SpanStatusCode.UNSET);
    expect(s!.attributes["restate.outcome"]).toBe("suspended");
    expect(s!.events.map((e) => e.name)).toEqual(["suspended"]);
    expect(r!.status).toEqual({ code: SpanStatusCode.ERROR, message: "db down" });
    expect(r!.attributes).toMatchObject({ "restate.outcome": "retry", "restate.error.code": 503 });
    expect(t!.status).toEqual({ code: SpanStatusCode.ERROR, message: "bad order" });
    expect(t!.attributes).toMatchObject({
      "restate.outcome": "failure",
      "restate.error.code": 422,
    });
    expect(t!.events.map((e) => e.name)).toEqual(["exception"]);
  });
});

describe("run spans", () => {
  it("a child of the attempt, active inside the closure, with attempt number and outcome", async () => {
    const a = attempt();
    const hooks = hooksFor(a);
    let inside: string | undefined;
    await hooks.interceptor!.handler!(async () => {
      await hooks.interceptor!.run!(
        "charge",
        async () => {
          inside = trace.getActiveSpan()?.spanContext().spanId;
        },
        { index: 3, attempt: 2 },
      );
      await expect(
        hooks.interceptor!.run!(
          "",
          async () => {
            throw new TerminalError("declined", { errorCode: 402 });
          },
          { index: 4, attempt: 1 },
        ),
      ).rejects.toThrow("declined");
      a.closeReason = "end";
    });
    const spans = exporter.getFinishedSpans();
    const attemptSpan = spans.find((s) => s.kind === SpanKind.SERVER)!;
    const charge = spans.find((s) => s.name === "run charge")!;
    const unnamed = spans.find((s) => s.name === "run")!;
    expect(charge.parentSpanContext?.spanId).toBe(attemptSpan.spanContext().spanId);
    expect(inside).toBe(charge.spanContext().spanId);
    expect(charge.attributes).toEqual({
      "restate.run.name": "charge",
      "restate.run.attempt": 2,
      "restate.journal.index": 3,
      "restate.outcome": "success",
    });
    expect(unnamed.attributes).toMatchObject({
      "restate.outcome": "failure",
      "restate.error.code": 402,
    });
    expect(unnamed.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe("operations", () => {
  it("operations with a result are child spans ending when the result arrives; replayed ones are skipped", async () => {
    const a = attempt();
    const hooks = hooksFor(a);
    await hooks.interceptor!.handler!(async () => {
      const endCall = hooks.observer!.operation(op({}));
      expect(hooks.observer!.operation(op({ replayed: true }))).toBeUndefined();
      const endSleep = hooks.observer!.operation(
        op({ kind: "sleep", method: "sleep", target: "", delayMs: 1000 }),
      );
      hooks.observer!.operation(op({ kind: "state", method: "get", target: "count" }));
      endCall!({ failure: { code: 404, message: "no such handler" } });
      endSleep!({ failure: undefined });
      a.closeReason = "suspended";
    });
    const spans = exporter.getFinishedSpans();
    const call = spans.find((s) => s.name === "call Svc/do")!;
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.attributes).toMatchObject({
      "rpc.system": "restate",
      "rpc.service": "Svc",
      "rpc.method": "do",
      "restate.callee.invocation.id": "inv_callee",
      "restate.error.code": 404,
      "restate.outcome": "failure",
    });
    expect(spans.find((s) => s.name === "sleep")!.attributes).toMatchObject({
      "restate.delay_ms": 1000,
      "restate.outcome": "success",
    });
    // Still waiting when the attempt ended.
    expect(spans.find((s) => s.name === "get count")!.attributes["restate.outcome"]).toBe(
      "pending",
    );
    expect(spans).toHaveLength(4);
  });

  it("one-way operations are events on the current span", async () => {
    const a = attempt();
    const hooks = hooksFor(a);
    await hooks.interceptor!.handler!(async () => {
      expect(
        hooks.observer!.operation(op({ kind: "state", method: "set", target: "count" })),
      ).toBeUndefined();
      a.closeReason = "end";
    });
    const [span] = exporter.getFinishedSpans();
    expect(span!.events.map((e) => [e.name, e.attributes?.["restate.target"]])).toEqual([
      ["set", "count"],
    ]);
  });

  it("log fields carry the ids of the active span; none outside a span", async () => {
    const a = attempt();
    const hooks = hooksFor(a);
    let fields: Readonly<Record<string, string>> | undefined;
    await hooks.interceptor!.handler!(async () => {
      fields = hooks.logFields!();
      a.closeReason = "end";
    });
    const [span] = exporter.getFinishedSpans();
    expect(fields).toEqual({
      trace_id: span!.spanContext().traceId,
      span_id: span!.spanContext().spanId,
    });
    expect(hooks.logFields!()).toBeUndefined();
  });

  it("options turn operation spans and log fields off", () => {
    const hooks = openTelemetry({ tracer, operations: false, logFields: false })({
      request: request({}),
      attempt: attempt(),
    });
    expect(hooks.observer).toBeUndefined();
    expect(hooks.logFields).toBeUndefined();
  });
});
