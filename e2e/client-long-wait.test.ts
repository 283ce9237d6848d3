// A wait for a long result survives Node fetch's own headers timeout (undici's headersTimeout,
// 300 s by default) against the real restate-server: each cut re-attaches to the same workflow at
// once without using up a retry attempt, until the result comes or resultTimeout ends the wait.
// The cuts are made by a fetch given to connect(): it aborts the real attach after a moment and
// rejects as undici does, so the test does not wait 300 s.
import { connect, IngressTimeoutError, IngressUnavailableError } from "@resolute/client";
import { endpoint, type WorkflowContext, workflow } from "@resolute/core";
import { type RestateEnv, startRestate } from "@resolute/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const longRun = workflow({
  name: "LongWaitWorkflow",
  handlers: {
    run: async (ctx: WorkflowContext, name: string) => {
      await ctx.sleep(2_000);
      return `finished ${name}`;
    },
  },
});

let env: RestateEnv;
beforeAll(async () => {
  env = await startRestate({ endpoint: endpoint().bind(longRun) });
});
afterAll(async () => {
  await env?.stop();
});

/** What undici's fetch rejects with when its headersTimeout runs out. */
function headersTimeout(): TypeError {
  const cause = Object.assign(new Error("Headers Timeout Error"), {
    name: "HeadersTimeoutError",
    code: "UND_ERR_HEADERS_TIMEOUT",
  });
  return new TypeError("fetch failed", { cause });
}

/**
 * The real fetch, except that the first `cuts` attaches are abandoned after `afterMs` without
 * headers, as undici abandons them after headersTimeout. Other requests go through untouched.
 */
function cuttingAttaches(cuts: number, afterMs: number) {
  let attaches = 0;
  const fetcher: typeof fetch = async (input, init) => {
    if (!String(input).endsWith("/attach") || ++attaches > cuts) return fetch(input, init);
    const abort = new AbortController();
    init?.signal?.addEventListener("abort", () => abort.abort(init.signal?.reason), { once: true });
    const timer = setTimeout(() => abort.abort(), afterMs);
    try {
      return await fetch(input, { ...init, signal: abort.signal });
    } catch (error) {
      init?.signal?.throwIfAborted();
      throw abort.signal.aborted ? headersTimeout() : error;
    } finally {
      clearTimeout(timer);
    }
  };
  return { fetch: fetcher, attaches: () => attaches };
}

describe("waiting for a long result through fetch's headers timeout", () => {
  it("workflowAttach returns the result after 5 cuts with retry.attempts 2", async () => {
    const cut = cuttingAttaches(5, 200);
    const rs = connect({ url: env.ingressUrl, retry: { attempts: 2 }, fetch: cut.fetch });
    const wf = rs.workflowClient(longRun, `long-${Date.now()}`);
    await wf.workflowSubmit("Ann");
    expect(await wf.workflowAttach()).toBe("finished Ann");
    expect(cut.attaches()).toBe(6);
  });

  it("with resultTimeout shorter than the run, the wait ends with a timeout", async () => {
    const cut = cuttingAttaches(Number.POSITIVE_INFINITY, 150);
    const rs = connect({
      url: env.ingressUrl,
      retry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 5 },
      resultTimeout: 500,
      fetch: cut.fetch,
    });
    const key = `short-${Date.now()}`;
    const wf = rs.workflowClient(longRun, key);
    await wf.workflowSubmit("Bo");
    const error = (await wf.workflowAttach().catch((e: unknown) => e)) as IngressUnavailableError;
    // A read may be repeated, so the timeout is one failed attempt of several, listed in the
    // error; IngressTimeoutError is only for requests that could not be repeated.
    expect(error).toBeInstanceOf(IngressUnavailableError);
    expect(error).not.toBeInstanceOf(IngressTimeoutError);
    expect(error.code).toBe("RES_ERR_INGRESS_UNAVAILABLE");
    expect(error.attempts).toHaveLength(2);
    for (const attempt of error.attempts) {
      expect(attempt.reason).toMatch(
        /^no response within the 500 ms timeout \(re-attached \d+ times after fetch's headers timeout\)$/,
      );
    }
    // The workflow went on regardless: attached without cuts, it gives its result.
    const plain = connect({ url: env.ingressUrl }).workflowClient(longRun, key);
    expect(await plain.workflowAttach()).toBe("finished Bo");
  });
});
