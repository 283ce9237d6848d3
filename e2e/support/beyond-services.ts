// Services for what goes beyond the official SDK: abort signals in ctx.run, native promise
// combinators, and non-determinism caught by replay checking.
import { createServer, type Server } from "node:http";
import {
  type Context,
  endpoint,
  type HooksProvider,
  RestatePromise,
  service,
  TimeoutError,
} from "@resolute/core";

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

const bump = (k: string) => {
  const n = (counts.get(k) ?? 0) + 1;
  counts.set(k, n);
  return n;
};
export const counts = new Map<string, number>();

export const attemptEnds = service({
  name: "AttemptEnds",
  handlers: {
    /** Run b fails once and so ends the attempt while run a still executes: a's signal aborts. */
    go: async (ctx: Context, id: string) => {
      const a = ctx.run("a", ({ signal }) =>
        bump(`${id}:a`) === 1 ? waitForAbort(id, signal) : "a",
      );
      const b = ctx.run("b", () => {
        if (bump(`${id}:b`) === 1) throw new Error("end this attempt");
        return "b";
      });
      return RestatePromise.all([a, b]);
    },
  },
});

/** What the hooks saw, per invocation id. */
export const hookLog = new Map<string, string[]>();

const tracing: HooksProvider = ({ request }) => {
  const log = hookLog.get(request.id) ?? [];
  hookLog.set(request.id, log);
  return {
    interceptor: {
      handler: async (next) => {
        log.push("attempt");
        try {
          await next();
          log.push("attempt ok");
        } catch (e) {
          log.push(`attempt failed: ${(e as Error).message}`);
          throw e;
        }
      },
      run: async (name, next) => {
        log.push(`run ${name}`);
        await next();
      },
    },
  };
};

export const hooked = service({
  name: "Hooked",
  options: { hooks: [tracing] },
  handlers: {
    go: async (ctx: Context) => {
      await ctx.run("one", () => 1);
      await ctx.run("two", () => 2);
      return ctx.request().id;
    },
  },
});

export const beyondEndpoint = () => endpoint().bind(beyond).bind(attemptEnds).bind(hooked);
