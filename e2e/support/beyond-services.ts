// Services for what goes beyond the official SDK: abort signals in ctx.run, native promise
// combinators, and non-determinism caught by replay checking.
import { createServer, type Server } from "node:http";
import { type Context, endpoint, RestatePromise, service, TimeoutError } from "@resolute/core";

export const aborted = new Map<string, string>();

/** A loopback HTTP server that never answers, to show that fetch stops when the signal aborts. */
export function hangingServer(): Promise<{ url: string; server: Server; open: () => number }> {
  const server = createServer(() => {
    // never respond
  });
  let openRequests = 0;
  server.on("request", (req) => {
    openRequests++;
    req.socket.on("close", () => openRequests--);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      resolve({ url: `http://127.0.0.1:${port}/`, server, open: () => openRequests });
    }),
  );
}

let hangingUrl = "";
export function setHangingUrl(url: string): void {
  hangingUrl = url;
}

function waitForAbort(id: string, signal: AbortSignal): Promise<string> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener("abort", () => {
      aborted.set(id, (signal.reason as Error)?.name ?? String(signal.reason));
      reject(signal.reason);
    });
  });
}

export const beyond = service({
  name: "Beyond",
  handlers: {
    loseRace: async (ctx: Context, id: string) =>
      RestatePromise.race([
        ctx.run("slow", ({ signal }) => waitForAbort(id, signal)),
        ctx.sleep(100).map(() => "timer won"),
      ]),
    timeout: async (ctx: Context, id: string) => {
      try {
        return await ctx.run("slow", ({ signal }) => waitForAbort(id, signal)).orTimeout(100);
      } catch (e) {
        return e instanceof TimeoutError ? "timed out" : `other: ${String(e)}`;
      }
    },
    fetchUntilCancelled: async (ctx: Context, id: string) => {
      await ctx.run("fetch", async ({ signal }) => {
        try {
          await fetch(hangingUrl, { signal });
        } catch (e) {
          aborted.set(id, (e as Error).name);
          throw e;
        }
      });
      return "fetched";
    },
    nativeRace: async (ctx: Context) =>
      Promise.race([ctx.sleep(300).map(() => "slow"), ctx.sleep(50).map(() => "fast")]),
    nativeAllSettled: async (ctx: Context) => {
      const r = await Promise.allSettled([
        ctx.run("ok", () => 1),
        ctx.run("bad", () => Promise.reject(new TimeoutError("x"))),
      ]);
      return r.map((x) => x.status);
    },
    /** Not deterministic: the branch depends on the wall clock, so replays diverge. */
    clockBranch: async (ctx: Context) => {
      for (let i = 0; i < 20; i++) {
        await ctx.run(`step ${Date.now() % 2 === 0 ? "even" : "odd"}`, () => i);
      }
      return "done";
    },
  },
});

export const beyondEndpoint = () => endpoint().bind(beyond);
