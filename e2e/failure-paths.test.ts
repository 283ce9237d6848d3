// Failure paths found by probing with hostile input, against the real server: every odd thrown
// value is recorded as a failure that describes it, ctx.run retry policies hold whatever is
// thrown, unserializable and oversized results fail terminally (the step runs once), exact
// routes, logged attempt failures, data the serde used to refuse, and bad arguments.
import { Writable } from "node:stream";
import { serve } from "@resolute/fastify";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executions, failureEndpoint, type odd, oddValues } from "./support/failure-services.js";
import { attach, ingress, send } from "./support/ingress.js";

let env: RestateEnv;
let served: Awaited<ReturnType<typeof serve>>;
/** Every line the endpoint logged (pino JSON), as parsed objects. */
const logged: Record<string, unknown>[] = [];

beforeAll(async () => {
  // Served here (not by the harness) to capture the endpoint's log lines.
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n")) if (line.trim()) logged.push(JSON.parse(line));
      done();
    },
  });
  served = await serve(failureEndpoint(), { port: 0, logger: { level: "warn", stream } });
  env = await startRestate({ endpointUrl: `http://127.0.0.1:${served.port}` });
});
afterAll(async () => {
  await env?.stop();
  await served?.close();
});

interface InvocationRow {
  status: string;
  last_failure: string | null;
  last_failure_error_code: string | number | null;
}

async function row(id: string): Promise<InvocationRow | undefined> {
  const res = await fetch(`${env.adminUrl}/query`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      query: `SELECT status, last_failure, last_failure_error_code FROM sys_invocation WHERE id = '${id}'`,
    }),
  });
  return ((await res.json()) as { rows: InvocationRow[] }).rows[0];
}

/** Waits until the server recorded a failed attempt for the invocation; returns it. */
async function recordedFailure(id: string): Promise<InvocationRow> {
  for (;;) {
    const r = await row(id);
    if (r?.last_failure) return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function kill(id: string): Promise<void> {
  await fetch(`${env.adminUrl}/invocations/${id}/kill`, { method: "PATCH" });
}

const described: Record<string, RegExp> = {
  nullPrototype: /non-Error value was thrown: object with a null prototype \{\}/,
  throwingMessage: /Error whose message cannot be read .*the message getter threw/,
  string: /non-Error value was thrown: string "plain string"/,
  undefined: /non-Error value was thrown: undefined\./,
  null: /non-Error value was thrown: null\./,
  emptyObject: /non-Error value was thrown: object \{\}/,
  codeObject: /non-Error value was thrown: object \{"code":404\}/,
};

describe("any thrown value ends the attempt with a recorded, described failure", () => {
  it.each(Object.keys(oddValues))("a handler throwing %s", async (kind) => {
    const id = await send(env.ingressUrl, "Odd/throwValue", kind);
    const failure = await recordedFailure(id);
    expect(failure.last_failure).toMatch(described[kind]!);
    await kill(id);
  });

  it.each(Object.keys(oddValues))(
    "a ctx.run throwing %s keeps its retry policy (2 attempts, then terminal)",
    async (kind) => {
      const r = await ingress(env.ingressUrl, "Odd/runThrows", kind);
      // A thrown { code: 404 } keeps its (valid) code; anything else records 500.
      expect(r.status).toBe(kind === "codeObject" ? 404 : 500);
      expect((r.body as { message: string }).message).toMatch(described[kind]!);
      expect(executions.get(`runThrows ${kind}`)).toBe(2);
    },
  );
});

describe("results that cannot be written fail terminally", () => {
  it("a result with a throwing getter: 500 saying it cannot be serialized", async () => {
    const r = await ingress(env.ingressUrl, "Odd/throwingGetter", null);
    expect(r.status).toBe(500);
    expect(r.text).toMatch(/Cannot serialize the value: .*the getter refuses/);
  });

  it("a Proxy result whose ownKeys trap throws: 500 saying it cannot be serialized", async () => {
    const r = await ingress(env.ingressUrl, "Odd/hostileProxy", null);
    expect(r.status).toBe(500);
    expect(r.text).toMatch(/Cannot serialize the value: .*ownKeys refuses/);
  });

  it("a ctx.run result over 32 MiB fails terminally without re-running the step", async () => {
    const r = await ingress(env.ingressUrl, "Odd/hugeStep", "once");
    expect(r.status).toBe(500);
    expect((r.body as { message: string }).message).toMatch(
      /ctx\.run "huge" cannot be sent: .*over the message size limit of 33554432 bytes.*Store large data elsewhere/,
    );
    expect(executions.get("hugeStep once")).toBe(1);
  });
});

describe("error codes", () => {
  it("a TerminalError with errorCode 700 is refused with the allowed range, never HTTP 700", async () => {
    const id = await send(env.ingressUrl, "Odd/badCode", null);
    const failure = await recordedFailure(id);
    expect(failure.last_failure).toMatch(
      /TerminalError errorCode 700 is not allowed: use an integer from 400 to 599/,
    );
    await kill(id);
  });
});

describe("routes are exact", () => {
  it.each(["health", "discover"])("a handler named %s runs", async (name) => {
    const r = await ingress(env.ingressUrl, `Named/${name}`, null);
    expect(r.status).toBe(200);
    expect(r.body).toBe(`the ${name} handler ran`);
  });
});

describe("failed attempts are logged by the endpoint", () => {
  it("one warning per failed attempt, with service, handler, invocation id and attempt", async () => {
    const key = `flaky-${Date.now()}`;
    const id = await send(env.ingressUrl, "Retries/flakyOnce", key);
    expect((await attach(env.ingressUrl, id)).body).toBe("recovered");
    const lines = logged.filter((l) => String(l.msg).includes(`flaky ${key}`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      service: "Retries",
      handler: "flakyOnce",
      invocationId: id,
      attempt: "1",
      errorCode: "500",
    });
    expect(String(lines[0]!.msg)).toMatch(/^Attempt 1 of Retries\/flakyOnce .*\[500\] flaky/);
  });
});

describe("data the serde used to refuse", () => {
  it("input with a __proto__ key, spread beside a Date, round-trips as an ordinary key", async () => {
    const input = JSON.parse('{"__proto__":{"admin":true},"name":"n"}') as Record<string, unknown>;
    const back = (await env.client
      .serviceClient<typeof odd>({ name: "Odd" })
      .spread(input)) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(["__proto__", "name", "at"]);
    expect(Object.getOwnPropertyDescriptor(back, "__proto__")?.value).toEqual({ admin: true });
    expect(back.admin).toBeUndefined();
    expect(back.at).toEqual(new Date(0));
  });

  it("state with keys named constructor and prototype beside a Date is stored and read back", async () => {
    const r = await ingress(env.ingressUrl, "Keys/doc/storeGuarded", null);
    expect(r.status).toBe(200);
    expect(r.body).toEqual(["c", "p", true]);
  });

  it("a state key with a lone surrogate is refused, naming the key", async () => {
    const bad = await send(env.ingressUrl, "Keys/k2/setKey", "a\ud800");
    const failure = await recordedFailure(bad);
    expect(failure.last_failure).toMatch(
      /Invalid state key "a\\ud800" for ctx\.set: it contains a lone UTF-16 surrogate/,
    );
    await kill(bad);
  });
});

describe("bad input keeps a clear error", () => {
  it("a Duration of the wrong shape names what to change", async () => {
    const id = await send(env.ingressUrl, "Odd/badSleep", null);
    const failure = await recordedFailure(id);
    expect(failure.last_failure).toMatch(
      /Invalid duration "5s" for ctx\.sleep: a string is not a duration/,
    );
    await kill(id);
  });

  it("an invalid retryAfter names what to change", async () => {
    const id = await send(env.ingressUrl, "Odd/badRetryAfter", null);
    const failure = await recordedFailure(id);
    expect(failure.last_failure).toMatch(/Invalid duration "soon" for RetryableError retryAfter/);
    await kill(id);
  });
});
