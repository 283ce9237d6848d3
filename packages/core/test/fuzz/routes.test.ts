// Fuzzing the HTTP side of the endpoint: random methods, paths, headers and bodies. Every request
// gets exactly one response head with a sensible status and an end, and nothing throws.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Context, endpoint, type ObjectContext, object, service } from "../../src/index.js";
import { encodeFrame } from "../../src/protocol/codec.js";
import { MessageType } from "../../src/protocol/message-type.js";

const ep = endpoint({ maxMessageSize: 4096 })
  .bind(
    service({
      name: "Greeter",
      handlers: { greet: async (ctx: Context, n: string) => ctx.run("x", () => `hi ${n}`) },
    }),
  )
  .bind(
    object({
      name: "Counter",
      handlers: {
        add: async (ctx: ObjectContext<{ c: number }>, n: number) =>
          ((await ctx.get("c")) ?? 0) + n,
      },
    }),
  );
const handlers = [ep.handler(), ep.handler({ protocolMode: "REQUEST_RESPONSE" })];

const start = encodeFrame(MessageType.Start, {
  id: new Uint8Array(24),
  debugId: "inv_fuzz",
  knownEntries: 1,
  key: "k",
});
const input = encodeFrame(MessageType.InputCommand, { value: new TextEncoder().encode("1") });

const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH");
const path = fc.oneof(
  fc.constantFrom(
    "/discover",
    "/health",
    "/invoke/Greeter/greet",
    "/invoke/Counter/add",
    "/x/invoke/Greeter/greet",
    "/invoke/%E0%A4%A/greet",
    "/invoke//",
    "/",
  ),
  fc.webPath(),
  fc.string().map((s) => `/invoke/${s}`),
);
const contentType = fc.oneof(
  fc.constantFrom(
    "application/vnd.restate.invocation.v5",
    "application/vnd.restate.invocation.v6",
    "application/vnd.restate.invocation.v7",
    "application/vnd.restate.invocation.v8",
    "application/json",
  ),
  fc.string(),
);
const accept = fc.oneof(
  fc.constantFrom(
    "application/vnd.restate.endpointmanifest.v4+json",
    "application/vnd.restate.endpointmanifest.v1+json",
  ),
  fc.string(),
);
const body = fc.oneof(
  fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 4 }),
  fc.nat().map((cut) => {
    const all = new Uint8Array([...start, ...input]);
    const at = cut % (all.length + 1);
    return [all.subarray(0, at), all.subarray(at)];
  }),
  fc.constant([new Uint8Array([0x04, 0x01, 0, 0, 0x00, 0x10, 0, 0])]), // oversized
);

async function exchange(
  h: (typeof handlers)[number],
  m: string,
  p: string,
  headers: Record<string, string>,
  chunks: readonly Uint8Array[],
  abort: boolean,
) {
  let heads = 0;
  let status = 0;
  let ended = false;
  await new Promise<void>((resolve) => {
    const sink = h.handle(
      { method: m, path: p, headers },
      {
        head(s) {
          heads++;
          status = s;
        },
        write() {},
        end() {
          ended = true;
          resolve();
        },
      },
    );
    for (const c of chunks) sink.push(c);
    if (abort) sink.abort(new Error("reset"));
    else sink.end();
    setTimeout(resolve, 200); // a waiting invocation in bidi mode may legitimately stay open
  });
  return { heads, status, ended };
}

describe("fuzzing the endpoint's HTTP handling", () => {
  it("answers every request once, with a known status, without throwing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(1),
        method,
        path,
        contentType,
        accept,
        body,
        fc.boolean(),
        async (which, m, p, ct, acc, chunks, abort) => {
          const r = await exchange(
            handlers[which]!,
            m,
            p,
            { "content-type": ct, accept: acc },
            chunks,
            abort,
          );
          expect(r.heads).toBe(1);
          expect([200, 401, 404, 415, 500]).toContain(r.status);
          if (r.status !== 200 || abort) expect(r.ended).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  }, 120_000);
});
